// The e2e tests' handle on a real Thunderbird: a fresh profile with the e2e build of the add-on,
// Thunderbird under Xvfb or --headless, and the driver's RPC (call any messenger.* API, read the
// events it forwarded), screenshots and a graceful quit. Every timeout names the step and the
// log file. Artifacts stay in runDir (printed); the profile is kept for checks after quit().
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchThunderbird, type DisplayMode, type StopHow } from "../../scripts/thunderbird/launch.mjs";
import { createProfile, type PrefValue } from "../../scripts/thunderbird/profile.mjs";
import {
  startDriverServer,
  type DriverEvent,
  type DriverReady,
} from "../../scripts/thunderbird/driver-server.mjs";
import { ensureE2EAddon } from "./build-addon";

export type { DriverEvent, DriverReady };

export interface LaunchOptions {
  mode?: Extract<DisplayMode, "xvfb" | "headless">;
  /** A packed e2e add-on; default: build dist-e2e once per run and pack it. */
  xpi?: string;
  /** Extra prefs for user.js. */
  prefs?: Record<string, PrefValue>;
  /** How long Thunderbird may take until the driver reports ready. */
  startupTimeoutMs?: number;
  /**
   * Start on the profile of an earlier session (which must have quit) instead of a fresh one:
   * user.js and the add-on are rewritten, everything else in the profile stays. See relaunch().
   */
  reuse?: Pick<ThunderbirdSession, "runDir" | "profileDir">;
}

export interface ThunderbirdSession {
  ready: DriverReady;
  /** Milliseconds spent building/packing the add-on (0 when already built this run) and from launch to driver ready. */
  timings: { buildMs: number; startMs: number };
  addonId: string;
  /** Version of the add-on that was installed (from its manifest). */
  addonVersion: string;
  runDir: string;
  profileDir: string;
  logFile: string;
  /** Calls messenger.<api>(...args) inside Thunderbird, e.g. call("davsyncCalendar.getCalendars"). */
  call<T = unknown>(api: string, ...args: unknown[]): Promise<T>;
  /** Every event forwarded by the driver so far, oldest first. */
  events(): DriverEvent[];
  /** Waits for an event named `name` (e.g. "davsyncCalendar.onItemModified") matching `match`. */
  waitForEvent(name: string, match?: (args: unknown[]) => boolean, timeoutMs?: number): Promise<DriverEvent>;
  screenshot(file: string): Promise<string>;
  /** Quits Thunderbird (driver quit, then TERM, then KILL) and stops Xvfb. */
  quit(): Promise<StopHow>;
  /** The last lines of Thunderbird's log, for failure messages. */
  logTail(lines?: number): string;
  /** Deletes the profile after a passing run (kept with E2E_KEEP=1); log and screenshots stay. */
  removeProfile(): Promise<void>;
}

// GTK complains about icon themes on every start, loudest in headless mode; it is never the cause.
const NOISE = /Gtk-CRITICAL|gtk_icon_theme|GDK_IS_SCREEN|^\s*$/;

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !NOISE.test(line))
      .slice(-lines)
      .join("\n");
  } catch {
    return "(no log)";
  }
}

export async function launchThunderbirdWithAddon(options: LaunchOptions = {}): Promise<ThunderbirdSession> {
  const { mode = "xvfb", prefs = {}, startupTimeoutMs = 90_000 } = options;
  const t0 = Date.now();
  const built = await ensureE2EAddon();
  const buildMs = Date.now() - t0;
  const xpi = options.xpi ?? built.xpi;

  const root = join(tmpdir(), "davsync-e2e-runs");
  mkdirSync(root, { recursive: true });
  const runDir = options.reuse?.runDir ?? mkdtempSync(join(root, "run-"));
  const profileDir = options.reuse?.profileDir ?? join(runDir, "profile");
  // A relaunch gets a log of its own; the first start's log stays for comparison.
  const logFile = options.reuse ? join(runDir, `thunderbird-${Date.now().toString(36)}.log`) : join(runDir, "thunderbird.log");
  const runId = runDir.slice(runDir.lastIndexOf("-") + 1);

  const server = await startDriverServer({ runId, describe: () => `Thunderbird log: ${logFile}` });
  createProfile({
    dir: profileDir,
    xpi,
    addonId: built.addonId,
    prefs: { "davsync.e2e.harnessPort": server.port, "davsync.e2e.runId": runId, ...prefs },
  });

  const t1 = Date.now();
  const tb = await launchThunderbird({ profileDir, mode, logFile });
  void tb.exited.then(({ code, signal }) =>
    server.fail(new Error(`Thunderbird exited (code ${code}, signal ${signal}); log: ${logFile}`)),
  );

  let ready: DriverReady;
  try {
    ready = await Promise.race([
      server.ready,
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `Step "start": the add-on's e2e driver did not report ready within ${startupTimeoutMs / 1000} s ` +
                  `(add-on not loaded, or the background page failed). Log: ${logFile}\n--- log tail ---\n${tail(logFile, 30)}`,
              ),
            ),
          startupTimeoutMs,
        ),
      ),
    ]);
  } catch (error) {
    await tb.stop();
    await server.close();
    throw error;
  }
  if (ready.runId !== runId) {
    await tb.stop();
    await server.close();
    throw new Error(`A Thunderbird of another run answered (runId ${ready.runId}, expected ${runId}); log: ${logFile}`);
  }

  const startMs = Date.now() - t1;

  let stopped: Promise<StopHow> | null = null;
  return {
    ready,
    timings: { buildMs, startMs },
    addonId: built.addonId,
    addonVersion: built.version,
    runDir,
    profileDir,
    logFile,
    call: <T>(api: string, ...args: unknown[]) => server.call(api, args) as Promise<T>,
    events: () => server.events(),
    waitForEvent: (name, match = () => true, timeoutMs = 15_000) =>
      server.waitForEvent((e) => e.name === name && match(e.args), timeoutMs, name),
    screenshot: (file) => tb.screenshot(file),
    quit() {
      stopped ??= (async () => {
        const how = await tb.stop({ graceful: () => server.call("e2eDriver.quit", [], 10_000) });
        await server.close();
        return how;
      })();
      return stopped;
    },
    logTail: (lines = 40) => tail(logFile, lines),
    async removeProfile() {
      if (process.env.E2E_KEEP === "1") return;
      if (tb.isRunning()) throw new Error(`removeProfile: Thunderbird still runs on ${profileDir}; quit() first`);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts Thunderbird again on the profile of `previous` (e.g. to check what survives a restart).
 * `previous` must have quit; its calendars, address books, logins and storage.local stay.
 */
export async function relaunchThunderbirdWithAddon(
  previous: ThunderbirdSession,
  options: Omit<LaunchOptions, "reuse"> = {},
): Promise<ThunderbirdSession> {
  return launchThunderbirdWithAddon({ ...options, reuse: { runDir: previous.runDir, profileDir: previous.profileDir } });
}
