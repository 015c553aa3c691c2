// The executor: chunked writes with status saved per chunk, per-item rollback on failure, one
// re-plan after PreconditionFailed (never a loop), cancellation, progress, trash, field merge.
import { describe, expect, it } from "vitest";
import {
  execute,
  MemoryStore,
  plan as makePlan,
  PreconditionFailed,
  summarizePlan,
  type SyncStatus,
} from "../../../src/core/index";
import { world, writes, type World } from "./harness";

async function planOf(w: World) {
  return makePlan({
    status: w.status,
    local: { items: await w.local.list(), readOnly: w.local.readOnly },
    remote: { items: await w.remote.list(), readOnly: w.remote.readOnly },
    profile: w.profile,
  });
}

function run(w: World, actions: Parameters<typeof execute>[0]["actions"], extra: Partial<Parameters<typeof execute>[0]> = {}) {
  return execute({
    actions,
    status: w.status,
    local: w.local,
    remote: w.remote,
    profile: w.profile,
    trash: w.trash,
    saveStatus: (s) => void (w.status = s),
    ...extra,
  });
}

describe("executor", () => {
  it("rollback: a failed write keeps only that item's old status and is reported; the next run retries", async () => {
    const w = world({ remote: { failWrite: (op) => op.uid === "0" } });
    w.local.put({ uid: "0", content: "zero" });
    w.local.put({ uid: "1", content: "one" });
    const { report } = await w.sync();
    expect(report?.outcome).toBe("completed-with-errors");
    expect(report?.entries).toEqual([
      { uid: "0", action: "create", side: "remote", result: "failed", error: "injected create failure" },
      { uid: "1", action: "create", side: "remote", result: "ok" },
    ]);
    expect(w.status.entries.map((e) => e.uid)).toEqual(["1"]);
    w.remote.failWrite = undefined;
    await w.sync();
    expect(w.remote.contents()).toEqual(["0 zero", "1 one"]);
  });

  it("saves status after every chunk", async () => {
    const w = world();
    for (let i = 0; i < 7; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    const saves: number[] = [];
    await w.sync({ chunkSize: 3, saveStatus: (s) => void (saves.push(s.entries.length), (w.status = s)) });
    expect(saves).toEqual([3, 6, 7]);
  });

  it("reports progress as done/total", async () => {
    const w = world();
    for (let i = 0; i < 3; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    const p = await planOf(w);
    const seen: string[] = [];
    await run(w, p.actions, { onProgress: ({ done, total }) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(["1/3", "2/3", "3/3"]);
  });

  it("cancellation stops between actions, keeps what was done, and the next run finishes without duplicates", async () => {
    const w = world();
    for (let i = 0; i < 10; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    const controller = new AbortController();
    const p = await planOf(w);
    const report = await run(w, p.actions, {
      chunkSize: 4,
      signal: controller.signal,
      onProgress: ({ done }) => done === 6 && controller.abort(),
    });
    expect(report.outcome).toBe("cancelled");
    expect(report.done).toBe(6);
    expect(w.status.entries).toHaveLength(6);
    await w.sync();
    expect(w.remote.size).toBe(10);
    expect(w.remote.contents()).toEqual(w.local.contents());
  });

  it("a kill after a write but before the status save loses nothing and duplicates nothing", async () => {
    const w = world();
    for (let i = 0; i < 5; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    // The process "dies": status saves never reach the disk.
    await w.sync({ saveStatus: () => {} });
    expect(w.status.entries).toEqual([]);
    expect(w.remote.size).toBe(5);
    await w.sync();
    expect(w.remote.size).toBe(5);
    expect(w.status.entries).toHaveLength(5);
  });

  it("PreconditionFailed: the item is re-planned once against its current state", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "base" });
    await w.sync();
    w.local.edit({ id: w.local.find("1")!.id, content: "local edit" });
    const p = await planOf(w); // update remote from local
    w.remote.edit({ id: w.remote.find("1")!.id, content: "server edit, newer" }); // a race
    const report = await run(w, p.actions);
    expect(report.entries).toEqual([
      { uid: "1", action: "update", side: "remote", result: "replanned", error: expect.stringContaining("precondition failed") },
      { uid: "1", action: "update", side: "local", result: "ok" }, // automatic: the server is newer
    ]);
    expect(w.local.contents()).toEqual(["1 server edit, newer"]);
    expect(w.trash.entries).toMatchObject([{ side: "local", content: "local edit" }]);
  });

  it("PreconditionFailed twice: reported as failed, never a loop", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "base" });
    await w.sync();
    let updates = 0;
    w.remote.update = async ({ id }) => {
      updates += 1;
      throw new PreconditionFailed({ reason: "changed", id });
    };
    w.local.edit({ id: w.local.find("1")!.id, content: "edit" });
    const before = w.status;
    const { report } = await w.sync();
    expect(updates).toBe(2);
    expect(report?.entries.map((e) => e.result)).toEqual(["replanned", "failed"]);
    expect(w.status).toEqual(before); // the item keeps its old status: the next run tries again
  });

  it("a create that finds the item already there (412 on If-None-Match) pairs with it", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "same" });
    const p = await planOf(w);
    // Another client uploaded the same item meanwhile; the server refuses the create.
    w.remote.put({ uid: "1", content: "same" });
    const realCreate = w.remote.create.bind(w.remote);
    w.remote.create = async (params) => {
      if ((await w.remote.list()).some((i) => i.uid === params.uid)) throw new PreconditionFailed({ reason: "exists" });
      return realCreate(params);
    };
    const report = await run(w, p.actions);
    expect(report.entries.map((e) => `${e.action}:${e.result}`)).toEqual(["create:replanned", "update-status:ok"]);
    expect(w.remote.size).toBe(1);
    expect(w.status.entries).toHaveLength(1);
  });

  it("field merge: both sides get the merged content, both old versions go to the trash", async () => {
    const w = world({ conflict: "field-merge" });
    w.local.put({ uid: "1", content: "SUMMARY:x" });
    await w.sync();
    w.local.edit({ id: w.local.find("1")!.id, content: "SUMMARY:x\nLOCATION:here" });
    w.remote.edit({ id: w.remote.find("1")!.id, content: "SUMMARY:x\nDESCRIPTION:notes" });
    await w.sync();
    const merged = "DESCRIPTION:notes\nLOCATION:here\nSUMMARY:x";
    expect(w.local.contents()).toEqual([`1 ${merged}`]);
    expect(w.remote.contents()).toEqual([`1 ${merged}`]);
    expect(w.trash.entries).toHaveLength(2);
    const { plan: p } = await w.sync();
    expect(p.actions).toEqual([]);
  });

  it("field merge without a merger fails that item only and keeps its status", async () => {
    const w = world({ conflict: "field-merge" });
    w.local.put({ uid: "1", content: "a" });
    await w.sync();
    const before: SyncStatus = w.status;
    w.local.edit({ id: w.local.find("1")!.id, content: "b" });
    w.remote.edit({ id: w.remote.find("1")!.id, content: "c" });
    const p = await planOf(w);
    const report = await run(w, p.actions, { merger: undefined });
    expect(report.entries).toMatchObject([{ action: "merge", result: "failed", error: expect.stringContaining("no merger") }]);
    expect(w.status).toEqual(before);
  });

  it("never writes to a read-only store", async () => {
    const w = world({ remote: { readOnly: true } });
    for (let i = 0; i < 4; i++) w.remote.put({ uid: `r${i}`, content: `c${i}` });
    w.local.put({ uid: "mine", content: "x" });
    await w.sync();
    await w.sync();
    expect(writes(w.remote)).toBe(0);
  });
});

/** The remote store with writes that take a few ms, counting how many are in flight; `refuse` fails one with a side failure. */
function slowServer(w: World, opts: { refuse?: string } = {}) {
  const stats = { inFlight: 0, max: 0, started: 0, order: [] as string[] };
  const store = w.remote;
  const slow =
    <A extends { uid?: string; id?: string }, R>(op: (a: A) => Promise<R>) =>
    async (a: A): Promise<R> => {
      stats.inFlight += 1;
      stats.started += 1;
      stats.max = Math.max(stats.max, stats.inFlight);
      try {
        await new Promise((ok) => setTimeout(ok, 5));
        if (opts.refuse !== undefined && (a.uid ?? a.id) === opts.refuse) throw Object.assign(new Error("401"), { sideFailure: true });
        const out = await op(a);
        stats.order.push(a.uid ?? a.id ?? "");
        return out;
      } finally {
        stats.inFlight -= 1;
      }
    };
  const remote = Object.assign(Object.create(store) as MemoryStore, {
    create: slow((a: { uid: string; content: string }) => store.create(a)),
    update: slow((a: { id: string; version: string; content: string }) => store.update(a)),
    delete: slow((a: { id: string; version: string }) => store.delete(a)),
  });
  return { remote, stats };
}

describe("executor: server writes side by side", () => {
  it("keeps at most serverConcurrency in flight; report and status follow the plan", async () => {
    const w = world();
    for (let i = 0; i < 7; i++) w.local.put({ uid: `u${i}`, content: `item ${i}` });
    const { remote, stats } = slowServer(w);
    const progress: number[] = [];
    const plan = await planOf(w);
    const report = await run(w, plan.actions, { remote, serverConcurrency: 3, onProgress: ({ done }) => progress.push(done) });
    expect(stats.max).toBe(3);
    expect(report.entries.map((e) => e.uid)).toEqual(plan.actions.map((a) => a.uid));
    expect(report.entries.every((e) => e.result === "ok")).toBe(true);
    expect(w.status.entries).toHaveLength(7);
    expect(w.remote.size).toBe(7);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // One at a time without it.
    const w2 = world();
    for (let i = 0; i < 3; i++) w2.local.put({ uid: `u${i}`, content: `item ${i}` });
    const slow2 = slowServer(w2);
    await run(w2, (await planOf(w2)).actions, { remote: slow2.remote });
    expect(slow2.stats.max).toBe(1);
  });

  it("sends the first write alone: a server that refuses it sees one request", async () => {
    const w = world();
    for (let i = 0; i < 8; i++) w.local.put({ uid: `u${i}`, content: `item ${i}` });
    const { remote, stats } = slowServer(w, { refuse: "u0" });
    await expect(run(w, (await planOf(w)).actions, { remote, serverConcurrency: 4 })).rejects.toThrow("401");
    expect(stats.started).toBe(1);
    expect(w.status.entries).toHaveLength(0);
  });

  it("after a side failure starts nothing new; what was in flight is kept; the next run finishes without duplicates", async () => {
    const w = world();
    for (let i = 0; i < 12; i++) w.local.put({ uid: `u${i}`, content: `item ${i}` });
    const { remote, stats } = slowServer(w, { refuse: "u4" });
    await expect(run(w, (await planOf(w)).actions, { remote, serverConcurrency: 4 })).rejects.toThrow("401");
    expect(stats.max).toBeGreaterThan(1); // u4 was refused beside others
    expect(stats.order).not.toContain("u4");
    // Every write that started, but the refused one, is in the status; the rest never started.
    expect(stats.started).toBe(stats.order.length + 1);
    expect(stats.started).toBeLessThan(12);
    expect(w.status.entries.map((e) => e.uid).sort()).toEqual([...stats.order].sort());
    await run(w, (await planOf(w)).actions, { serverConcurrency: 4 });
    expect(w.remote.size).toBe(12);
    expect(w.status.entries).toHaveLength(12);
  });
});

describe("summarizePlan", () => {
  it("counts actions per kind and side for the preview", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    w.local.put({ uid: "2", content: "two" });
    await w.sync();
    w.local.put({ uid: "3", content: "three" });
    w.remote.put({ uid: "4", content: "four" });
    w.local.edit({ id: w.local.find("1")!.id, content: "one v2" });
    w.remote.remove({ id: w.remote.find("2")!.id });
    const s = summarizePlan(await planOf(w));
    expect(s).toEqual({
      create: { local: 1, remote: 1 },
      update: { local: 0, remote: 1 },
      delete: { local: 1, remote: 0 },
      trashed: { local: 1, remote: 0 },
      merge: 0,
      statusOnly: 0,
      forget: 0,
      conflicts: 0,
      problems: 0,
      heldDeletions: { local: 0, remote: 0 },
    });
  });
});

describe("MemoryStore", () => {
  it("enforces preconditions like a DAV server", async () => {
    const s = new MemoryStore({ prefix: "/c/" });
    const { id, version } = await s.create({ uid: "1", content: "x" });
    await expect(s.update({ id, version: "stale", content: "y" })).rejects.toMatchObject({ reason: "changed" });
    await expect(s.delete({ id: "/c/none", version })).rejects.toMatchObject({ reason: "gone" });
    await s.delete({ id, version });
    expect(s.size).toBe(0);
  });
});
