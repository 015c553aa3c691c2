// Bases in storage.local: one key per pair, a save writes only the pairs that changed, a load reads
// only the pairs the status names (and only the sides the mode reads), a v1 status is migrated, and
// forgetting a profile or starting without status removes its bases.
import { describe, expect, it } from "vitest";
import { MemoryBaseStore, STATUS_SCHEMA_VERSION, type SyncStatus } from "../../../src/core";
import { forgetProfile, loadBases, loadSyncState, removeAllBases, saveBases, storageTrash } from "../../../src/background/sync-state";

function memoryStorage() {
  const data = new Map<string, unknown>();
  const writes: string[][] = [];
  return {
    data,
    writes,
    async get(key?: string | string[] | Record<string, unknown>) {
      const keys = typeof key === "string" ? [key] : Array.isArray(key) ? key : [...data.keys()];
      return Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items: Record<string, unknown>) {
      writes.push(Object.keys(items));
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const k of typeof keys === "string" ? [keys] : keys) data.delete(k);
    },
  };
}

const entry = (uid: string) => ({ uid, local: { id: uid, version: "l1", hash: "h" }, remote: { href: `/c/${uid}`, etag: "e1", hash: "h" } });
const status = (...uids: string[]): SyncStatus => ({ schemaVersion: STATUS_SCHEMA_VERSION, entries: uids.map(entry) });

describe("bases in storage.local", () => {
  it("writes only changed pairs and reads back those the status names", async () => {
    const storage = memoryStorage();
    const bases = new MemoryBaseStore({ sides: ["local", "remote"] });
    bases.set({ uid: "a", base: { local: { version: "l1", content: "A" }, remote: { version: "e1", content: "A+" } } });
    bases.set({ uid: "b", base: { local: { version: "l1", content: "B" } } });
    await saveBases({ storage, profileId: "p", bases });
    bases.set({ uid: "b", base: { local: { version: "l2", content: "B2" } } });
    bases.delete({ uid: "a" });
    await saveBases({ storage, profileId: "p", bases });
    expect(storage.writes).toEqual([["sync.p.base.a", "sync.p.base.b"], ["sync.p.base.b"]]);
    expect([...storage.data.keys()]).toEqual(["sync.p.base.b"]);

    const back = await loadBases({ storage, profileId: "p", status: status("b", "c"), sides: ["local"] });
    expect(back.get({ uid: "b" })).toEqual({ local: { version: "l2", content: "B2" } });
    const oneWay = await loadBases({ storage, profileId: "p", status: status("b"), sides: ["remote"] });
    expect(oneWay.size).toBe(0);
  });

  it("a profile's bases go with the profile and before a run without status", async () => {
    const storage = memoryStorage();
    storage.data.set("sync.p.base.a", { local: { version: "1", content: "x" } });
    storage.data.set("sync.q.base.a", { local: { version: "1", content: "x" } });
    await removeAllBases({ storage, profileId: "p" });
    expect([...storage.data.keys()]).toEqual(["sync.q.base.a"]);
    await forgetProfile({ storage, profileId: "q" });
    expect(storage.data.size).toBe(0);
  });

  it("a status from before bases (schema 1) is kept, not dropped", async () => {
    const storage = memoryStorage();
    storage.data.set("sync.p.state", { status: { schemaVersion: 1, entries: [entry("a")] }, localCache: {}, uidMap: {} });
    const state = await loadSyncState({ storage, profileId: "p" });
    expect(state.status).toEqual(status("a"));
  });
});

describe("storageTrash", () => {
  it("keeps every entry of puts made at once (server writes run side by side)", async () => {
    const storage = memoryStorage();
    const trash = storageTrash({ storage: storage as never, profileId: "p1", now: () => 1 });
    await Promise.all(["a", "b", "c", "d"].map((uid) => trash.put({ side: "remote", uid, id: `/c/${uid}`, content: `old ${uid}`, cause: "overwritten" })));
    const [stored] = [...storage.data.values()] as { uid: string }[][];
    expect(stored?.map((e) => e.uid)).toEqual(["a", "b", "c", "d"]);
  });
});
