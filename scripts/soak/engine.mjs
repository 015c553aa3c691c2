// @ts-check
// One sync run of the soak, either in-process — the CLI's runSync (core's planner + executor over a
// DavStore and a VdirStore, status file saved after every chunk) with a short timeout, a fetch that
// can stage a 412 race, and an AbortSignal that stops it after k chunks — or as the built CLI in a
// child process that is SIGKILLed at its k-th "applied" progress line. Never throws for a failed run.
import { spawn } from "node:child_process";
import { parseSyncArgs } from "../../src/cli/args";
import { runSync } from "../../src/cli/run-sync";
import { readStatusFile } from "../../src/cli/status-file";
import { describeError } from "../../src/cli/messages";
import { DEFAULT_RETRY } from "../../src/dav";
import { SOAK_TIMEOUT_MS } from "./faults.mjs";

const PASSWORD_ENV = "DAVSYNC_SOAK_PASSWORD";

/**
 * @typedef {object} RunTarget
 * @property {string} url        the collection through the fault proxy
 * @property {string} dir
 * @property {string} username
 * @property {string} password
 * @property {import("../../src/core").SyncMode} mode
 * @property {number} chunkSize
 */

/**
 * @typedef {object} RunOutcome
 * @property {string} outcome    "completed", "completed-with-errors", "cancelled", "killed", "error: <kind>"
 * @property {number} writes     items written on either side (ok create / update / delete / merge)
 * @property {number} failed     items that failed (they are retried by the next run)
 * @property {boolean} raced     a 412 race was staged
 * @property {boolean} stopped   the run was stopped (aborted or killed) before its end
 * @property {string} [error]
 */

/** @param {RunTarget} t */
function argv(t) {
  return ["sync", "--url", t.url, "--user", t.username, "--password-env", PASSWORD_ENV, "--dir", t.dir, "--mode", t.mode, "--chunk-size", String(t.chunkSize), "--yes"];
}

/**
 * @param {RunTarget & { race?: (href: string) => Promise<void>, abortAfterChunks?: number | undefined }} p
 *   race: called once, right before the run's first conditional write, with that item's href
 * @returns {Promise<RunOutcome>}
 */
export async function runInProcess(p) {
  const options = parseSyncArgs({ argv: [...argv(p), "--quiet"], env: { [PASSWORD_ENV]: p.password } });
  const controller = new AbortController();
  let raced = false;
  /** @type {import("../../src/dav").FetchLike} */
  const fetch = async (url, init) => {
    const headers = /** @type {Record<string, string>} */ (init.headers ?? {});
    if (p.race && !raced && (init.method === "PUT" || init.method === "DELETE") && headers["If-Match"]) {
      raced = true;
      await p.race(url);
    }
    return globalThis.fetch(url, init);
  };
  const ctx = {
    credentials: { username: p.username, password: p.password },
    fetch,
    timeoutMs: SOAK_TIMEOUT_MS,
    signal: controller.signal,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 100 },
  };
  try {
    const result = await runSync({
      ctx,
      options,
      collectionUrl: p.url,
      capabilities: undefined,
      saved: readStatusFile({ path: options.statusFile }),
      log: () => {},
      signal: controller.signal,
      onStatusSaved: (n) => {
        if (p.abortAfterChunks !== undefined && n >= p.abortAfterChunks) controller.abort();
      },
    });
    const entries = result.report?.entries ?? [];
    const writes = entries.filter((e) => e.result === "ok" && ["create", "update", "delete", "merge"].includes(e.action)).length;
    const failed = entries.filter((e) => e.result === "failed").length;
    const outcome = result.report?.outcome ?? "planned";
    return { outcome, writes, failed, raced, stopped: outcome === "cancelled" };
  } catch (e) {
    const kind = e && typeof e === "object" && "kind" in e ? String(e.kind) : e instanceof Error ? e.name : "unknown";
    return { outcome: `error: ${kind}`, writes: 0, failed: 0, raced, stopped: false, error: describeError(e) };
  }
}

/** The CLI's last line that is not progress. @param {string} stderr */
function lastMessage(stderr) {
  return stderr.split("\n").filter((l) => l.trim() && !/^davsync: (applied|downloaded|listing) /.test(l)).at(-1) ?? "";
}

/**
 * @param {RunTarget & { bin: string, killAfterApplied: number }} p
 * @returns {Promise<RunOutcome>}
 */
export function runSpawned(p) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [p.bin, ...argv(p)], { env: { ...process.env, [PASSWORD_ENV]: p.password }, stdio: ["ignore", "pipe", "pipe"] });
    let applied = 0;
    let killed = false;
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (/** @type {string} */ chunk) => {
      stderr += chunk;
      applied += (chunk.match(/davsync: applied \d+\/\d+/g) ?? []).length;
      if (!killed && applied >= p.killAfterApplied) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.stdout.resume();
    child.on("close", (code, signal) => {
      const outcome = signal === "SIGKILL" ? "killed" : code === 0 ? "completed" : `exit ${code}`;
      resolve({ outcome, writes: 0, failed: 0, raced: false, stopped: signal === "SIGKILL", ...(code ? { error: lastMessage(stderr) } : {}) });
    });
  });
}
