// The executor's bulk path: consecutive creates into a store with createMany go in one call per
// chunk, with the same per-item semantics as one create at a time — a failed item keeps its old
// status (rolled back alone) and is reported, "exists" re-plans it, a side failure stops the run
// after recording what was written, and a returned read-back replaces the separate get.
import { describe, expect, it } from "vitest";
import { PreconditionFailed, type CreateManyResult, type MemoryStore, type Store } from "../../../src/core/index";
import { world } from "./harness";

/** Gives a MemoryStore a createMany over its own create; records every bulk call's uids. */
function bulk(store: MemoryStore, opts: { before?: (uid: string) => void } = {}): { calls: string[][]; gets: () => number } {
  const calls: string[][] = [];
  let gets = 0;
  const get = store.get.bind(store);
  store.get = (p) => (gets++, get(p));
  (store as Store).createMany = async ({ items, readBack }) => {
    calls.push(items.map((i) => i.uid));
    const out: CreateManyResult[] = [];
    for (const item of items) {
      try {
        opts.before?.(item.uid);
        const result = await store.create(item);
        const stored = readBack ? await get({ id: result.id }) : undefined;
        out.push({ ok: true, result, stored });
      } catch (error) {
        out.push({ ok: false, error });
      }
    }
    return out;
  };
  return { calls, gets: () => gets };
}

describe("executor: bulk creates (Store.createMany)", () => {
  it("one call per chunk; a failing item inside it rolls back alone and is retried next run", async () => {
    const w = world({ remote: { failWrite: (op) => op.uid === "u2" } });
    const b = bulk(w.remote);
    for (let i = 0; i < 7; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    const saves: number[] = [];
    const { report } = await w.sync({ chunkSize: 4, saveStatus: (s) => void (saves.push(s.entries.length), (w.status = s)) });
    expect(b.calls).toEqual([["u0", "u1", "u2", "u3"], ["u4", "u5", "u6"]]);
    expect(report?.outcome).toBe("completed-with-errors");
    expect(report?.entries.map((e) => `${e.uid}:${e.result}`)).toEqual(["u0:ok", "u1:ok", "u2:failed", "u3:ok", "u4:ok", "u5:ok", "u6:ok"]);
    expect(report?.entries[2]).toMatchObject({ action: "create", side: "remote", error: "injected create failure" });
    // Status is saved after every chunk and never names the failed item.
    expect(saves).toEqual([3, 6]);
    expect(w.status.entries.map((e) => e.uid).sort()).toEqual(["u0", "u1", "u3", "u4", "u5", "u6"]);
    w.remote.failWrite = undefined;
    await w.sync();
    expect(w.remote.size).toBe(7);
    expect(w.remote.contents()).toEqual(w.local.contents());
    const again = await w.sync();
    expect(again.plan.actions).toEqual([]);
  });

  it("the read-back comes with the bulk result: no separate get of the written items, bases recorded", async () => {
    const w = world({ remote: { rewrite: (c) => `${c}\nX-SERVER:1` } });
    const b = bulk(w.local);
    for (let i = 0; i < 3; i++) w.remote.put({ uid: `r${i}`, content: `c${i}` });
    await w.sync();
    expect(b.calls).toEqual([["r0", "r1", "r2"]]);
    expect(b.gets()).toBe(0);
    for (const e of w.status.entries) {
      const base = w.bases.get({ uid: e.uid });
      expect(base?.local?.version).toBe(e.local.version);
      expect(base?.remote?.version).toBe(e.remote.etag);
    }
    expect((await w.sync()).plan.actions).toEqual([]);
  });

  it("an item that already exists (a race) is re-planned and paired, never duplicated", async () => {
    const w = world();
    for (let i = 0; i < 3; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    bulk(w.remote, {
      before: (uid) => {
        if (uid !== "u1") return;
        // Someone else created u1 with the same content just before us.
        w.remote.put({ uid: "u1", content: "c1" });
        throw new PreconditionFailed({ reason: "exists", id: "u1" });
      },
    });
    const { report } = await w.sync();
    expect(report?.entries.map((e) => `${e.uid}:${e.action}:${e.result}`)).toEqual(["u0:create:ok", "u1:create:replanned", "u1:update-status:ok", "u2:create:ok"]);
    expect(w.remote.size).toBe(3);
    expect(w.status.entries).toHaveLength(3);
  });

  it("a side failure inside the bulk call: what was written is recorded and saved, then the run stops", async () => {
    const w = world();
    for (let i = 0; i < 4; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    let refuse = true;
    bulk(w.remote, {
      before: (uid) => {
        if (uid === "u2" && refuse) throw Object.assign(new Error("401"), { sideFailure: true });
      },
    });
    await expect(w.sync()).rejects.toThrow("401");
    expect(w.status.entries.map((e) => e.uid).sort()).toEqual(["u0", "u1", "u3"]);
    refuse = false;
    await w.sync();
    expect(w.remote.size).toBe(4);
  });

  it("chunks of creates overlap: the next chunk is sent while the previous one is still being written, statuses saved in order", async () => {
    const w = world();
    for (let i = 0; i < 12; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    const b = bulk(w.remote);
    const remote = w.remote as Store;
    const inner = remote.createMany!.bind(remote);
    let inFlight = 0;
    let maxInFlight = 0;
    const gates: (() => void)[] = [];
    let open = false;
    remote.createMany = async (p) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Each call waits until the test lets it finish: the next call must come before that.
      if (!open) await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return inner(p);
    };
    const saves: string[][] = [];
    const running = w.sync({ chunkSize: 3, saveStatus: (s) => void (saves.push(s.entries.map((e) => e.uid).sort()), (w.status = s)) });
    while (gates.length < 3) await new Promise((r) => setTimeout(r, 1));
    expect(b.calls).toEqual([]); // none has reached the store yet: all three chunks are in flight
    expect(maxInFlight).toBe(3);
    expect(saves).toEqual([]);
    open = true;
    for (const release of gates.splice(0)) release();
    const { report } = await running;
    expect(maxInFlight).toBe(3);
    const uids = Array.from({ length: 12 }, (_, i) => `u${i}`);
    expect(b.calls).toEqual([uids.slice(0, 3), uids.slice(3, 6), uids.slice(6, 9), uids.slice(9)]);
    expect(report?.entries.map((e) => e.uid)).toEqual(b.calls.flat());
    // Saved after each chunk, in order, each naming only what was written by then.
    expect(saves).toEqual([1, 2, 3, 4].map((n) => b.calls.slice(0, n).flat().sort()));
    expect(w.remote.contents()).toEqual(w.local.contents());
  });

  it("a side failure in the chunk after one still in flight: the earlier chunk is recorded and saved, nothing duplicated", async () => {
    const w = world();
    for (let i = 0; i < 6; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    let refuse = true;
    bulk(w.remote, {
      before: (uid) => {
        if (uid === "u4" && refuse) throw Object.assign(new Error("429"), { sideFailure: true });
      },
    });
    await expect(w.sync({ chunkSize: 3 })).rejects.toThrow("429");
    // The store went on past u4 inside its own call: what it wrote is recorded too.
    expect(w.status.entries.map((e) => e.uid).sort()).toEqual(["u0", "u1", "u2", "u3", "u5"]);
    refuse = false;
    await w.sync({ chunkSize: 3 });
    expect(w.remote.size).toBe(6);
    expect(w.remote.contents()).toEqual(w.local.contents());
  });
});
