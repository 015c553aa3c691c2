// @ts-check
// Child processes of the test servers: check the binary exists, spawn with output to a log file,
// wait (bounded) until the service answers, and stop by PID only (TERM, then KILL after 5 s).
// Other helpers run the same daemons on this machine, so nothing here ever matches by name.
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Our front proxy (auth for Xandikos, /caldav/ prefix for ep-like), run as its own process. */
export const FRONT_PROXY = fileURLToPath(new URL("./front-proxy.mjs", import.meta.url));

/** @param {{ path: string, debianPackage: string }} params */
export function requireBinary({ path, debianPackage }) {
  if (!existsSync(path)) {
    throw new Error(`${path} not found: install the Debian package (apt-get install ${debianPackage}); npm run setup does it`);
  }
}

/**
 * Start a process with stdout+stderr appended to logFile.
 * @param {{ command: string, args: string[], logFile: string, detached: boolean, env?: NodeJS.ProcessEnv }} params
 * @returns {import("node:child_process").ChildProcess & { pid: number }}
 */
export function spawnLogged({ command, args, logFile, detached, env }) {
  const fd = openSync(logFile, "a");
  try {
    // detached = own session: the CLI's servers outlive the CLI and a terminal's Ctrl-C.
    const child = spawn(command, args, { detached, stdio: ["ignore", fd, fd], env: env ?? process.env });
    // unref: a test runner must not hang on our children; killOnExit() covers the non-detached case.
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command} (see ${logFile})`);
    return /** @type {any} */ (child);
  } finally {
    closeSync(fd);
  }
}

/** Last lines of a log, for error messages. */
export function logTail(/** @type {string} */ logFile, lines = 15) {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export const isAlive = (/** @type {number} */ pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Poll until `probe` returns true; fail early when a watched process died, fail after timeoutMs.
 * @param {{ what: string, probe: () => Promise<boolean>, watch: { pid: number, logFile: string }[], timeoutMs: number }} params
 *   what = "Radicale on 127.0.0.1:5232" — names the server and port in every error
 */
export async function waitUntilReady({ what, probe, watch, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    for (const { pid, logFile } of watch) {
      if (!isAlive(pid)) throw new Error(`${what}: process ${pid} exited before answering; log ${logFile}:\n${logTail(logFile)}`);
    }
    if (Date.now() > deadline) {
      const logs = watch.map(({ logFile }) => `--- ${logFile}\n${logTail(logFile)}`).join("\n");
      throw new Error(`${what}: no answer within ${timeoutMs / 1000} s\n${logs}`);
    }
    await sleep(100);
  }
}

/** One HTTP answer below 500 (a 502 from our proxy means the daemon behind it is not up yet). */
export async function answersHttp(/** @type {string} */ url, /** @type {Record<string, string>} */ headers = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000), redirect: "manual" });
  await response.arrayBuffer();
  return response.status < 500;
}

/**
 * The process still runs *our* command: its command line contains marker (the server's data dir).
 * Guards the CLI's stop against a PID the OS has since given to someone else.
 */
export function isOurProcess(/** @type {number} */ pid, /** @type {string} */ marker) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((arg) => arg.includes(marker));
  } catch {
    return false;
  }
}

/**
 * TERM each PID, KILL the ones still alive after graceMs. PIDs whose command line lacks marker are skipped.
 * @param {{ pids: number[], marker: string, graceMs?: number }} params
 */
export async function stopProcesses({ pids, marker, graceMs = 5000 }) {
  const ours = pids.filter((pid) => isAlive(pid) && isOurProcess(pid, marker));
  for (const pid of ours) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (ours.some(isAlive) && Date.now() < deadline) await sleep(50);
  for (const pid of ours.filter(isAlive)) signal(pid, "SIGKILL");
  // A killed child stays a zombie until reaped; wait briefly so callers see the port freed.
  const reapDeadline = Date.now() + 2000;
  while (ours.some(isAlive) && Date.now() < reapDeadline) await sleep(50);
}

function signal(/** @type {number} */ pid, /** @type {NodeJS.Signals} */ name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
