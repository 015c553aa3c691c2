// Back-off in the units: which DavErrors are retried and after how long (retryDelay), which stop a
// whole run (DavError.sideFailure → core's isSideFailure), and that the executor stops at such an
// error — status of what was done saved, the error rethrown — instead of trying every other item.
import { describe, expect, it } from "vitest";
import { DEFAULT_SYNC_SETTINGS, emptyStatus, isSideFailure, MemoryStore, MemoryTrash, synchronize, type SyncStatus } from "../../../src/core";
import { DavError, retryDelay, type DavErrorKind, type RetryPolicy } from "../../../src/dav";
import { httpError } from "../../../src/dav/errors";

const policy: RetryPolicy = { attempts: 3, maxWaitMs: 30_000, baseDelayMs: 1_000 };
const error = (kind: DavErrorKind, extra: { status?: number; retryAfterMs?: number } = {}) =>
  new DavError({ kind, method: "PUT", url: "https://dav.example/cal/a.ics", messageKey: "k", substitutions: [], ...extra });

describe("retryDelay", () => {
  it("waits out a Retry-After that fits, gives up on a longer one", () => {
    expect(retryDelay({ error: httpError({ method: "PUT", url: "https://x/", status: 429, retryAfter: "7" }), attempt: 1, policy })).toBe(7_000);
    expect(retryDelay({ error: httpError({ method: "PUT", url: "https://x/", status: 503, retryAfter: "120" }), attempt: 1, policy })).toBeUndefined();
  });

  it("backs off exponentially on resets, 429 without Retry-After and 502–504, within the attempts", () => {
    expect([1, 2, 3].map((attempt) => retryDelay({ error: error("network"), attempt, policy }))).toEqual([1_000, 2_000, undefined]);
    expect(retryDelay({ error: error("rate-limit"), attempt: 2, policy })).toBe(2_000);
    for (const status of [502, 503, 504]) expect(retryDelay({ error: error("server", { status }), attempt: 1, policy })).toBe(1_000);
  });

  it("does not retry what a retry cannot fix", () => {
    for (const e of [error("server", { status: 500 }), error("auth"), error("precondition"), error("timeout"), error("malformed"), error("rejected"), error("tls")]) {
      expect(retryDelay({ error: e, attempt: 1, policy }), e.kind).toBeUndefined();
    }
  });
});

describe("side failures", () => {
  it("are the errors about the whole server: sign-in, rate limit, unreachable", () => {
    const side = (["auth", "rate-limit", "network", "offline", "tls"] as const).map((k) => isSideFailure(error(k)));
    const item = (["precondition", "not-found", "rejected", "server", "timeout", "malformed", "conflict"] as const).map((k) => isSideFailure(error(k)));
    expect(side.every(Boolean)).toBe(true);
    expect(item.some(Boolean)).toBe(false);
    expect(isSideFailure(new Error("plain"))).toBe(false);
  });

  it("stop the executor at the first one; the items done before it keep their status", async () => {
    const local = new MemoryStore({ prefix: "L" });
    const remote = new MemoryStore({ prefix: "/cal/" });
    for (let i = 0; i < 5; i++) local.put({ uid: `u${i}`, content: `BEGIN:VEVENT\nUID:u${i}\nEND:VEVENT` });
    let creates = 0;
    const refused = error("auth", { status: 401 });
    remote.create = async (params) => {
      creates += 1;
      if (creates === 3) throw refused;
      return MemoryStore.prototype.create.call(remote, params);
    };
    const saved: SyncStatus[] = [];
    const run = synchronize({ local, remote, status: emptyStatus(), profile: DEFAULT_SYNC_SETTINGS, trash: new MemoryTrash(), saveStatus: (s) => void saved.push(s), chunkSize: 100 });
    await expect(run).rejects.toBe(refused);
    expect(creates).toBe(3);
    expect(saved.at(-1)?.entries.map((e) => e.uid).sort()).toEqual(remote.uids().sort());
    expect(remote.size).toBe(2);
  });

  it("leave other failures per item: the run goes on", async () => {
    const local = new MemoryStore({ prefix: "L" });
    const remote = new MemoryStore({ prefix: "/cal/" });
    for (let i = 0; i < 4; i++) local.put({ uid: `u${i}`, content: `BEGIN:VEVENT\nUID:u${i}\nEND:VEVENT` });
    let creates = 0;
    remote.create = async (params) => {
      creates += 1;
      if (creates === 1) throw error("rejected", { status: 400 });
      return MemoryStore.prototype.create.call(remote, params);
    };
    const { report } = await synchronize({ local, remote, status: emptyStatus(), profile: DEFAULT_SYNC_SETTINGS, trash: new MemoryTrash(), saveStatus: () => {} });
    expect(report?.outcome).toBe("completed-with-errors");
    expect(remote.size).toBe(3);
  });
});
