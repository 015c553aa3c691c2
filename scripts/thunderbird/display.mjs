// @ts-check
// A private X server (Xvfb) for one Thunderbird run, and root-window screenshots.
// Xvfb picks a free display itself (-displayfd), so parallel runs by other helpers or CI jobs
// never race for a display number; it is stopped by its own PID only.
import { spawn, execFile } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * @typedef {{ display: string, pid: number, logFile: string, stop: () => Promise<void> }} Xvfb
 */

/**
 * Starts Xvfb on a free display and resolves once it accepts clients.
 * @param {{ logFile: string, width?: number, height?: number, timeoutMs?: number }} options
 * @returns {Promise<Xvfb>}
 */
export async function startXvfb({ logFile, width = 1280, height = 900, timeoutMs = 15_000 }) {
  const log = openSync(logFile, "a");
  // fd 3 is a pipe on which Xvfb writes the display number it chose, once it is ready.
  const child = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", `${width}x${height}x24`, "-nolisten", "tcp"], {
    stdio: ["ignore", log, log, "pipe"],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start Xvfb (is the xvfb package installed?); log: ${logFile}`);
  const displayPipe = /** @type {import("node:stream").Readable} */ (child.stdio[3]);
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const display = await new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display within ${timeoutMs} ms; log: ${logFile}`)), timeoutMs);
    displayPipe.on("data", (chunk) => {
      text += chunk;
      const match = /^(\d+)\n/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(`:${match[1]}`);
      }
    });
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`Could not start Xvfb: ${e.message}; log: ${logFile}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (code ${code}) before it was ready; log: ${logFile}`));
    });
  });
  displayPipe.destroy();

  return {
    display,
    pid,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Saves the whole screen of an X display as PNG (ImageMagick `import`).
 * @param {string} display e.g. ":99"
 * @param {string} file output path (.png)
 */
export async function screenshotDisplay(display, file) {
  try {
    await run("import", ["-display", display, "-window", "root", file], { timeout: 30_000 });
  } catch (e) {
    throw new Error(`Screenshot of display ${display} failed (is imagemagick installed?): ${/** @type {Error} */ (e).message}`);
  }
  return file;
}
