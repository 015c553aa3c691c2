// Sync scenarios over memory stores, named after vdirsyncer's tests/unit/sync/test_sync.py and the
// peers' best-known complaints (duplicates on first sync and after "clear cache", bogus etags,
// moved hrefs). Each runs the whole loop: list, plan, execute. Safety cases: safety-scenarios.
import { describe, expect, it } from "vitest";
import { emptyStatus, STATUS_SCHEMA_VERSION, type SyncStatus } from "../../../src/core/index";
import { world, writes } from "./harness";

describe("two-way basics", () => {
  it("irrelevant status: a pair gone from both sides is forgotten, nothing written", async () => {
    const w = world();
    w.status = { schemaVersion: 1, entries: [{ uid: "1", local: { id: "L9", version: "x", hash: "h" }, remote: { href: "/cal/9", etag: "y", hash: "h" } }] };
    await w.sync();
    expect(w.status.entries).toEqual([]);
    expect(writes(w.local) + writes(w.remote)).toBe(0);
  });

  it("missing status: the same item on both sides becomes status only", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "A" });
    w.remote.put({ uid: "1", content: "A" });
    await w.sync();
    expect(w.status.entries).toHaveLength(1);
    expect(writes(w.local) + writes(w.remote)).toBe(0);
  });

  it("missing status and different items: the conflict rule decides, the loser goes to the trash", async () => {
    const w = world({ conflict: "local-wins" });
    w.local.put({ uid: "1", content: "haha" });
    w.remote.put({ uid: "1", content: "hoho" });
    const { plan: p } = await w.sync();
    expect(p.conflicts).toMatchObject([{ kind: "first-sync-differs", outcome: "local" }]);
    expect(w.local.contents()).toEqual(["1 haha"]);
    expect(w.remote.contents()).toEqual(["1 haha"]);
    expect(w.trash.entries).toMatchObject([{ side: "remote", content: "hoho", cause: "overwritten" }]);
  });

  it("upload and update: new items and edits travel both ways", async () => {
    const w = world();
    const a = w.local.put({ uid: "1", content: "one" });
    await w.sync();
    expect(w.remote.contents()).toEqual(["1 one"]);
    const b1 = w.remote.find("1")!;
    w.remote.edit({ id: b1.id, content: "one, edited on the server" });
    await w.sync();
    expect(w.local.contents()).toEqual(["1 one, edited on the server"]);
    w.remote.put({ uid: "2", content: "two" });
    await w.sync();
    w.local.edit({ id: w.local.find("2")!.id, content: "two, edited locally" });
    await w.sync();
    expect(w.local.contents()).toEqual(w.remote.contents());
    expect(w.remote.contents()).toEqual(["1 one, edited on the server", "2 two, edited locally"]);
    expect(w.trash.entries).toEqual([]); // plain propagation discards nothing
    expect(a.id).toBe("L1");
  });

  it("deletion: deleted on one side, deleted on the other, kept in the trash", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    w.local.put({ uid: "2", content: "two" });
    await w.sync();
    w.remote.remove({ id: w.remote.find("1")!.id });
    await w.sync();
    expect(w.local.contents()).toEqual(["2 two"]);
    expect(w.trash.entries).toMatchObject([{ side: "local", uid: "1", content: "one", cause: "deleted" }]);
    expect(w.status.entries.map((e) => e.uid)).toEqual(["2"]);
  });

  it("already synced: a second run plans nothing and writes nothing", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    await w.sync();
    const before = { l: writes(w.local), r: writes(w.remote), status: w.status };
    const { plan: p } = await w.sync();
    expect(p.actions).toEqual([]);
    expect(writes(w.local)).toBe(before.l);
    expect(writes(w.remote)).toBe(before.r);
    expect(w.status).toEqual(before.status);
  });

  for (const [rule, winner] of [["local-wins", "item a"], ["remote-wins", "item b"], ["automatic", "item b"], ["field-merge", "item a\nitem b"]] as const) {
    it(`conflict resolution both etags new: ${rule}`, async () => {
      const w = world({ conflict: rule });
      w.local.put({ uid: "1", content: "base" });
      await w.sync();
      w.local.edit({ id: w.local.find("1")!.id, content: "item a" });
      w.remote.edit({ id: w.remote.find("1")!.id, content: "item b" }); // later on the shared clock
      const { plan: p } = await w.sync();
      expect(p.conflicts).toHaveLength(1);
      expect(w.local.contents()).toEqual([`1 ${winner}`]);
      expect(w.remote.contents()).toEqual([`1 ${winner}`]);
      const trashed = w.trash.entries.map((e) => e.content).sort();
      expect(trashed).toEqual(rule === "field-merge" ? ["item a", "item b"] : [winner === "item a" ? "item b" : "item a"]);
    });
  }

  it("updated and deleted: a local edit beats a server deletion (automatic)", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    await w.sync();
    w.remote.remove({ id: w.remote.find("1")!.id });
    w.local.edit({ id: w.local.find("1")!.id, content: "updated" });
    await w.sync();
    expect(w.local.contents()).toEqual(["1 updated"]);
    expect(w.remote.contents()).toEqual(["1 updated"]);
  });

  it("deleted and updated: server wins recreates the item locally", async () => {
    const w = world({ conflict: "remote-wins" });
    w.local.put({ uid: "1", content: "one" });
    await w.sync();
    w.local.remove({ id: w.local.find("1")!.id });
    w.remote.edit({ id: w.remote.find("1")!.id, content: "updated" });
    await w.sync();
    expect(w.local.contents()).toEqual(["1 updated"]);
  });

  it("bogus etag change: a new etag over the same content is not an edit", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "ASDASD" });
    await w.sync();
    // Both versions move, only the server's content really changed.
    w.local.edit({ id: w.local.find("1")!.id, content: "ASDASD" });
    w.remote.edit({ id: w.remote.find("1")!.id, content: "ASDASD\nACTUALCHANGE:YES" });
    const remoteWrites = writes(w.remote);
    const { plan: p } = await w.sync();
    expect(p.conflicts).toEqual([]);
    expect(writes(w.remote)).toBe(remoteWrites);
    expect(w.local.contents()).toEqual(["1 ASDASD\nACTUALCHANGE:YES"]);
  });

  it("bogus etag change on every listing: only the status is refreshed", async () => {
    const w = world({ remote: { flakyEtags: true } });
    w.local.put({ uid: "1", content: "one" });
    w.local.put({ uid: "2", content: "two" });
    await w.sync();
    const before = writes(w.local) + writes(w.remote);
    const { plan: p } = await w.sync();
    expect(p.actions.map((a) => a.kind)).toEqual(["update-status", "update-status"]);
    expect(writes(w.local) + writes(w.remote)).toBe(before);
  });

  it("moved href: the pair is found by UID, status follows the new href, nothing is written", async () => {
    const w = world();
    w.local.put({ uid: "haha", content: "x" });
    await w.sync();
    w.remote.move({ id: w.remote.find("haha")!.id, to: "/cal/lol.ics" });
    const before = writes(w.local) + writes(w.remote);
    await w.sync();
    expect(w.status.entries[0]?.remote.href).toBe("/cal/lol.ics");
    expect(writes(w.local) + writes(w.remote)).toBe(before);
  });

  it("changed uids: an item whose UID was edited is still the same pair (found by id)", async () => {
    const w = world();
    w.local.put({ uid: "A-ONE", content: "x" });
    await w.sync();
    w.local.edit({ id: w.local.find("A-ONE")!.id, content: "y", uid: "A-TWO" });
    await w.sync();
    await w.sync();
    expect(w.remote.size).toBe(1);
    expect(w.remote.contents()).toEqual(["A-ONE y"]); // the server copy keeps its UID; content travels
  });

  it("status of an unknown schema version counts as no status (first-run matching, no duplicates)", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    w.remote.put({ uid: "1", content: "one" });
    w.status = { schemaVersion: 99, entries: [] } as SyncStatus;
    const { plan: p } = await w.sync();
    expect(p.problems).toContainEqual({ kind: "status-schema", found: 99 });
    expect(w.remote.size).toBe(1);
    expect(w.status.schemaVersion).toBe(STATUS_SCHEMA_VERSION);
  });

  it("a status from before bases (schema 1) is migrated, not dropped: its pairs stay paired", async () => {
    const w = world();
    w.local.put({ uid: "1", content: "one" });
    await w.sync();
    const [entry] = w.status.entries;
    w.status = { schemaVersion: 1, entries: [entry!] };
    w.local.edit({ id: w.local.find("1")!.id, content: "two" });
    const { plan: p } = await w.sync();
    expect(p.problems).toEqual([]);
    expect(p.actions.map((a) => a.kind)).toEqual(["update"]);
    expect(w.remote.contents()).toEqual(["1 two"]);
    expect(w.status.schemaVersion).toBe(STATUS_SCHEMA_VERSION);
  });
});

describe("first sync of two non-empty sides creates no duplicates", () => {
  it("pairs by UID, then by matchKey; equal content is status only, different content follows the rule", async () => {
    const matchKey = (content: string) => content.split("|")[0];
    const w = world({ conflict: "remote-wins", local: { matchKey }, remote: { matchKey } });
    w.local.put({ uid: "same", content: "Lunch|12:00" });
    w.remote.put({ uid: "same", content: "Lunch|12:00" });
    w.local.put({ uid: "outlook-1", content: "Review|9:00" }); // same event, another UID (an invite)
    w.remote.put({ uid: "server-1", content: "Review|9:00" });
    w.local.put({ uid: "L-2", content: "Standup|local notes" });
    w.remote.put({ uid: "R-2", content: "Standup|server notes" });
    w.local.put({ uid: "only-local", content: "Dentist|8:00" });
    await w.sync();
    expect(w.local.size).toBe(4);
    expect(w.remote.size).toBe(4);
    expect(w.status.entries).toHaveLength(4);
    expect(w.local.find("L-2")?.content).toBe("Standup|server notes");
    // A second run is quiet.
    const { plan: p } = await w.sync();
    expect(p.actions).toEqual([]);
  });

  it("does not guess when a matchKey names several items on a side", async () => {
    const matchKey = () => "same-key";
    const w = world({ local: { matchKey }, remote: { matchKey } });
    w.local.put({ uid: "a", content: "1" });
    w.local.put({ uid: "b", content: "2" });
    w.remote.put({ uid: "c", content: "3" });
    await w.sync();
    expect(w.local.size).toBe(3);
    expect(w.remote.size).toBe(3);
  });

  it("after \"clear cache\" (status lost) a run writes nothing", async () => {
    const w = world();
    for (let i = 0; i < 5; i++) w.local.put({ uid: `u${i}`, content: `c${i}` });
    await w.sync();
    w.status = emptyStatus();
    const before = writes(w.local) + writes(w.remote);
    await w.sync();
    expect(writes(w.local) + writes(w.remote)).toBe(before);
    expect(w.status.entries).toHaveLength(5);
  });
});
