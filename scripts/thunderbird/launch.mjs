// @ts-check
// Starts Thunderbird on a prepared profile and stops it again, for e2e tests and `npm start`.
// Display modes: "xvfb" (a private Xvfb; screenshots work), "headless" (--headless, no windows
// at all), "display" (the caller's $DISPLAY). Every process started here is remembered by PID and
// stopped by that PID: a graceful quit first (so sqlite and prefs.js are complete), then TERM,
// then KILL. Thunderbird's stdout and stderr go to one log file, named in every error.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { screenshotDisplay, startXvfb } from "./display.mjs";

export const DEFAULT_BINARY = "/usr/lib/thunderbird/thunderbird";

/** @typedef {"xvfb" | "headless" | "display"} DisplayMode */
/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus */
/** @typedef {"graceful" | "term" | "kill" | "already-exited"} StopHow */

/**
 * @typedef {object} ThunderbirdProcess
 * @property {number} pid
 * @property {DisplayMode} mode
 * @property {string | null} display X display, null in headless mode
 * @property {string} logFile Thunderbird's stdout + stderr
 * @property {Promise<ExitStatus>} exited resolves when the process has ended
 * @property {() => boolean} isRunning
 * @property {(file: string) => Promise<string>} screenshot PNG of the whole display
 * @property {(options?: StopOptions) => Promise<StopHow>} stop
 */

/**
 * @typedef {object} StopOptions
 * @property {() => Promise<unknown>} [graceful] asks Thunderbird to quit (e.g. the e2e driver's quit)
 * @property {number} [graceMs] how long to wait for the graceful quit before TERM
 * @property {number} [termMs] how long to wait after TERM before KILL
 */

/** Every Thunderbird/Xvfb started by this process, so an aborted test run leaves none behind. */
const started = new Set();
let exitHookInstalled = false;
function killAllOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

/**
 * @param {Promise<unknown>} promise
 * @param {number} ms
 * @returns {Promise<boolean>} true when promise settled within ms
 */
async function settlesWithin(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = promise.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return /** @type {boolean} */ (result);
}

/**
 * Launches Thunderbird with `-no-remote -profile <profileDir>`.
 * @param {object} options
 * @param {string} options.profileDir
 * @param {DisplayMode} [options.mode]
 * @param {string} [options.logFile] default: <profileDir>/../thunderbird.log
 * @param {string} [options.binary] default: $TB_BIN or /usr/lib/thunderbird/thunderbird
 * @param {string[]} [options.args] extra command-line arguments
 * @param {Record<string, string>} [options.env] extra environment variables
 * @returns {Promise<ThunderbirdProcess>}
 */
export async function launchThunderbird({
  profileDir,
  mode = "xvfb",
  logFile = join(profileDir, "..", "thunderbird.log"),
  binary = process.env.TB_BIN || DEFAULT_BINARY,
  args = [],
  env = {},
}) {
  if (!existsSync(binary)) throw new Error(`Thunderbird binary ${binary} not found (set TB_BIN, or apt-get install thunderbird)`);
  killAllOnExit();

  /** @type {import("./display.mjs").Xvfb | null} */
  let xvfb = null;
  /** @type {Record<string, string | undefined>} */
  const childEnv = { ...process.env, ...env };
  /** @type {string | null} */
  let display = null;
  switch (mode) {
    case "xvfb":
      xvfb = await startXvfb({ logFile: `${logFile}.xvfb` });
      started.add(xvfb.pid);
      display = xvfb.display;
      childEnv.DISPLAY = display;
      delete childEnv.MOZ_HEADLESS;
      break;
    case "headless":
      childEnv.MOZ_HEADLESS = "1";
      delete childEnv.DISPLAY;
      args = ["--headless", ...args];
      break;
    case "display":
      display = process.env.DISPLAY ?? null;
      if (!display) throw new Error('Mode "display" needs $DISPLAY; use "xvfb" or "headless" without a screen');
      break;
  }

  const log = openSync(logFile, "a");
  // detached: Thunderbird leads its own process group, so its content processes can be
  // signalled together with it (by the group id = its PID) if it must be killed.
  const child = spawn(binary, [...args, "-no-remote", "-profile", profileDir], {
    env: childEnv,
    stdio: ["ignore", log, log],
    detached: true,
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) {
    await xvfb?.stop();
    throw new Error(`Could not start ${binary}; log: ${logFile}`);
  }
  started.add(pid);

  /** @type {Promise<ExitStatus>} */
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      started.delete(pid);
      resolve({ code, signal });
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  /** @param {NodeJS.Signals} signal */
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };

  return {
    pid,
    mode,
    display,
    logFile,
    exited,
    isRunning,
    async screenshot(file) {
      if (!display) throw new Error("No screenshots in headless mode: launch with mode \"xvfb\"");
      if (!isRunning()) throw new Error(`Thunderbird is not running, nothing to screenshot; log: ${logFile}`);
      return screenshotDisplay(display, file);
    },
    async stop({ graceful, graceMs = 20_000, termMs = 10_000 } = {}) {
      /** @type {StopHow} */
      let how = "already-exited";
      if (isRunning()) {
        how = "graceful";
        if (graceful) {
          // The quit request may fail because Thunderbird is already going down: that is fine.
          await graceful().catch(() => undefined);
        }
        if (!graceful || !(await settlesWithin(exited, graceMs))) {
          how = "term";
          signalGroup("SIGTERM");
          if (!(await settlesWithin(exited, termMs))) {
            how = "kill";
            signalGroup("SIGKILL");
            await exited;
          }
        }
      }
      if (xvfb) {
        await xvfb.stop();
        started.delete(xvfb.pid);
      }
      return how;
    },
  };
}
