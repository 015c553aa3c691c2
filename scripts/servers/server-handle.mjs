// @ts-check
// Turns started processes into a DavServer handle: stop() (idempotent) kills exactly these PIDs
// and removes the data dir when we created it. Unless detached, an exit hook does the same
// synchronously, so a crashed or interrupted test run leaves no server behind.
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopProcesses, isOurProcess } from "./processes.mjs";

/** @typedef {import("./types.mjs").DavServer} DavServer */

/**
 * The data dir: the caller's (kept) or a fresh temp dir (removed by stop).
 * @param {{ kind: string, dataDir?: string }} params
 */
export function prepareDataDir({ kind, dataDir }) {
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    return { dataDir, owned: false };
  }
  return { dataDir: mkdtempSync(join(tmpdir(), `caldav-sync-${kind}-`)), owned: true };
}

/**
 * @param {Omit<DavServer, "stop"> & { ownsDataDir: boolean, detached: boolean }} params
 * @returns {DavServer}
 */
export function makeServerHandle({ ownsDataDir, detached, ...info }) {
  const { pids, dataDir } = info;
  const onExit = () => {
    for (const pid of pids) {
      try {
        if (isOurProcess(pid, dataDir)) process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  if (!detached) process.once("exit", onExit);
  /** @type {Promise<void> | undefined} */
  let stopping;
  return {
    ...info,
    stop() {
      stopping ??= (async () => {
        process.removeListener("exit", onExit);
        await stopProcesses({ pids, marker: dataDir });
        if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/**
 * Stop what was started before a start function failed half-way, then rethrow.
 * The data dir stays: the error message points at the logs in it.
 * @param {{ pids: number[], dataDir: string, error: unknown }} params
 * @returns {Promise<never>}
 */
export async function abortStart({ pids, dataDir, error }) {
  await stopProcesses({ pids, marker: dataDir, graceMs: 2000 });
  throw error;
}
