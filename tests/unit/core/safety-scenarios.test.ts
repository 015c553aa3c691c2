// Sync scenarios about safety and degraded input: deletion guard and confirmations, duplicate
// UIDs, read-only collections, merge modes keeping the target's own items, time windows. Named
// after vdirsyncer's tests/unit/sync/test_sync.py and the peers' top complaints (data loss from
// an empty side, time windows deleting items, read-only server calendars).
import { describe, expect, it } from "vitest";
import { emptyStatus, plan, type ItemState } from "../../../src/core/index";
import { settings, world, writes } from "./harness";

describe("safety", () => {
  it("empty storage data loss: a side emptied since the last sync is not mirrored without asking", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    w.local.put({ uid: "2", content: "two" });
    await w.sync();
    const hrefs = [w.remote.find("1")!.id, w.remote.find("2")!.id];
    for (const id of w.local.ids()) w.local.remove({ id });
    const { plan: p } = await w.sync();
    expect(p.needsConfirmation).toEqual([
      { side: "remote", reasons: ["other-side-empty"], deleteCount: 2, sideCount: 2, ids: hrefs, uids: ["1", "2"] },
    ]);
    expect(w.remote.size).toBe(2);
    expect(w.status.entries).toHaveLength(2); // held-back deletions keep their status: asked again
    await w.sync({ confirmations: { deletions: { remote: p.needsConfirmation![0]!.ids } } });
    expect(w.remote.size).toBe(0);
    expect(w.trash.entries.map((e) => e.content).sort()).toEqual(["one", "two"]);
  });

  it("empty storage data loss: replicating an empty folder over a full server asks first", async () => {
    const w = world({ mode: "local-to-remote-replicate" });
    for (let i = 0; i < 3; i++) w.remote.put({ uid: `u${i}`, content: `c${i}` });
    const { plan: p } = await w.sync();
    expect(p.needsConfirmation?.[0]).toMatchObject({ side: "remote", reasons: ["other-side-empty"], deleteCount: 3 });
    expect(w.remote.size).toBe(3);
  });

  it("too many deletions: more than max(10, 20 %) of a side asks first; fewer go ahead", async () => {
    const w = world();
    for (let i = 0; i < 50; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    await w.sync();
    const ids = w.local.ids();
    for (const id of ids.slice(0, 10)) w.local.remove({ id });
    await w.sync();
    expect(w.remote.size).toBe(40); // 10 ≤ max(10, 20 % of 50)
    for (const id of ids.slice(10, 21)) w.local.remove({ id });
    const { plan: p } = await w.sync();
    expect(p.needsConfirmation?.[0]).toMatchObject({ side: "remote", reasons: ["too-many-deletions"], deleteCount: 11 });
    expect(w.remote.size).toBe(40);
  });

  it("a confirmation covers only the ids the user saw", async () => {
    const w = world();
    for (let i = 0; i < 3; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    await w.sync();
    const ids = w.local.ids();
    w.local.remove({ id: ids[0]! });
    w.local.remove({ id: ids[1]! });
    w.local.remove({ id: ids[2]! });
    const { plan: first } = await w.sync();
    const confirmed = first.needsConfirmation![0]!.ids.slice(0, 2);
    const { plan: second } = await w.sync({ confirmations: { deletions: { remote: confirmed } } });
    expect(second.needsConfirmation).toBeDefined();
    expect(w.remote.size).toBe(3);
  });

  it("non-destructive actions still run while deletions wait", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    await w.sync();
    w.local.remove({ id: w.local.find("1")!.id });
    w.remote.put({ uid: "2", content: "two" });
    // Local is empty at listing time, so deleting "1" on the server waits; "2" is still copied.
    const { plan: p } = await w.sync();
    expect(p.needsConfirmation?.[0]?.side).toBe("remote");
    expect(w.local.contents()).toEqual(["2 two"]);
  });
});

describe("problems are reported, never fatal", () => {
  it("duplicate UIDs on one side are skipped on both sides, everything else syncs", async () => {
    const w = world();
    const first = w.local.put({ uid: "dup", content: "first" });
    const second = w.local.put({ uid: "dup", content: "second" });
    w.remote.put({ uid: "dup", content: "server" });
    w.local.put({ uid: "ok", content: "fine" });
    const { plan: p } = await w.sync();
    expect(p.problems).toEqual([{ kind: "duplicate-uid", side: "local", uid: "dup", ids: [first.id, second.id] }]);
    expect(w.remote.contents()).toEqual(["dup server", "ok fine"]);
    expect(w.local.size).toBe(3);
  });

  it("items without UID and ids listed twice are reported and skipped", () => {
    const item = (id: string, uid: string): ItemState => ({ id, uid, version: "v", hash: "h" });
    const p = plan({
      status: emptyStatus(),
      local: { items: [item("L1", ""), item("L2", "x"), item("L2", "x")], readOnly: false },
      remote: { items: [], readOnly: false },
      profile: settings(),
    });
    expect(p.problems).toEqual([
      { kind: "missing-uid", side: "local", id: "L1" },
      { kind: "duplicate-id", side: "local", id: "L2" },
    ]);
    expect(p.actions).toMatchObject([{ kind: "create", side: "remote", uid: "x" }]);
  });

  it("both read-only: nothing planned, one problem", async () => {
    const w = world({ local: { readOnly: true }, remote: { readOnly: true } });
    w.local.put({ uid: "1", content: "x" });
    const { plan: p } = await w.sync();
    expect(p.actions).toEqual([]);
    expect(p.problems).toEqual([{ kind: "both-read-only" }]);
  });
});

describe("read-only server in two-way (partial sync revert)", () => {
  it("a local edit to a read-only item is put in the trash, overwritten from the server, and reported", async () => {
    const w = world({ remote: { readOnly: true } });
    w.remote.put({ uid: "m1", content: "Milestone" });
    await w.sync();
    w.local.edit({ id: w.local.find("m1")!.id, content: "Milestone, moved locally" });
    const { plan: p } = await w.sync();
    expect(p.problems).toEqual([{ kind: "reverted-read-only", side: "local", uid: "m1", id: w.local.find("m1")!.id }]);
    expect(w.local.contents()).toEqual(["m1 Milestone"]);
    expect(w.trash.entries).toMatchObject([{ side: "local", content: "Milestone, moved locally", cause: "overwritten" }]);
    expect(writes(w.remote)).toBe(0);
  });

  it("local deletions and local-only items are reverted too; the server is never written", async () => {
    const w = world({ remote: { readOnly: true } });
    w.remote.put({ uid: "1", content: "one" });
    w.remote.put({ uid: "2", content: "two" });
    await w.sync();
    w.local.remove({ id: w.local.find("1")!.id });
    w.local.put({ uid: "3", content: "mine" });
    await w.sync();
    expect(w.local.contents()).toEqual(w.remote.contents());
    expect(w.trash.entries).toMatchObject([{ side: "local", content: "mine", cause: "deleted" }]);
    expect(writes(w.remote)).toBe(0);
  });
});

describe("merge modes never delete the target's own items", () => {
  it("server → local merge: own local items stay, server changes arrive, server deletions apply to copies", async () => {
    const w = world({ mode: "remote-to-local-merge" });
    w.local.put({ uid: "mine", content: "private" });
    w.remote.put({ uid: "s1", content: "one" });
    w.remote.put({ uid: "s2", content: "two" });
    await w.sync();
    expect(w.local.contents()).toEqual(["mine private", "s1 one", "s2 two"]);
    w.remote.remove({ id: w.remote.find("s1")!.id });
    w.remote.edit({ id: w.remote.find("s2")!.id, content: "two v2" });
    await w.sync();
    expect(w.local.contents()).toEqual(["mine private", "s2 two v2"]);
    expect(writes(w.remote)).toBe(0);
  });
});

describe("time range", () => {
  const windowed = { ...settings(), timeRange: { kind: "window" as const, daysPast: 30, daysFuture: 365 } };
  const entry = { uid: "old", local: { id: "L1", version: "v", hash: "h" }, remote: { href: "/cal/1", etag: "e", hash: "h" } };

  it("an item that left the window is not deleted on the side that stopped listing it", () => {
    const p = plan({
      status: { schemaVersion: 1, entries: [entry] },
      local: { items: [{ id: "L1", uid: "old", version: "v", hash: "h", inTimeRange: false }], readOnly: false },
      remote: { items: [], readOnly: false }, // the server's time-range query no longer returns it
      profile: windowed,
    });
    expect(p.actions).toEqual([]);
  });

  it("a new item outside the window is not copied", () => {
    const p = plan({
      status: emptyStatus(),
      local: { items: [{ id: "L1", uid: "old", version: "v", hash: "h", inTimeRange: false }], readOnly: false },
      remote: { items: [], readOnly: false },
      profile: windowed,
    });
    expect(p.actions).toEqual([]);
  });

  it("with the time range off, the flag is ignored", () => {
    const p = plan({
      status: { schemaVersion: 1, entries: [entry] },
      local: { items: [{ id: "L1", uid: "old", version: "v", hash: "h", inTimeRange: false }], readOnly: false },
      remote: { items: [{ id: "/cal/2", uid: "other", version: "e", hash: "h2" }], readOnly: false },
      profile: settings(),
    });
    expect(p.actions.map((a) => `${a.kind} ${"side" in a ? a.side : ""}`)).toEqual(["delete local", "create local"]);
  });
});
