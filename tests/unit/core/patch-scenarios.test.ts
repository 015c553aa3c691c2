// Updates as patches: what only the target has survives an edit on the other side, because only
// the fields the source changed since the pair's last sync (its base) travel. The local store drops
// what Thunderbird drops (dropLikeThunderbird); items are "NAME:value" lines (harness linePatcher).
import { describe, expect, it } from "vitest";
import { MemoryBaseStore, type SyncMode } from "../../../src/core/index";
import { dropLikeThunderbird, fieldMerger, world, writes } from "./harness";

const SERVER_ITEM = ["SUMMARY:Standup", "X-EASY-ID:42", "ATTACH:https://easy.example/f/1", "COMMENT:first", "COMMENT:second"].join("\n");

/** The local copy's text with one line replaced, as a user editing in Thunderbird. */
function edited(text: string, from: string, to: string): string {
  return text.split("\n").map((line) => (line.startsWith(from) ? to : line)).join("\n");
}

describe("patch: server-only data survives local edits", () => {
  it("two-way: an X- property, ATTACH and a second COMMENT Thunderbird dropped survive a local SUMMARY edit", async () => {
    const w = world({ local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    const local = w.local.find("m1")!;
    expect(local.content).toBe("SUMMARY:Standup\nATTACH:https://easy.example/f/1\nCOMMENT:second"); // what Thunderbird kept
    // The local base is Thunderbird's copy (read back), not what was sent: its losses are no edits.
    expect(w.bases.get({ uid: "m1" })?.local?.content).toBe(local.content);

    w.local.edit({ id: local.id, content: edited(local.content, "SUMMARY:", "SUMMARY:Standup (moved)") });
    const { report } = await w.sync();
    expect(report?.entries).toEqual([{ uid: "m1", action: "update", side: "remote", result: "ok" }]);
    expect(w.remote.find("m1")!.content).toBe(SERVER_ITEM.replace("SUMMARY:Standup", "SUMMARY:Standup (moved)"));
    expect(w.trash.entries).toEqual([]); // the server copy was unchanged: nothing destroyed
  });

  it("two-way: a server edit reaches Thunderbird's copy as a patch too (its own edits of other fields stay)", async () => {
    const w = world({ local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    const remote = w.remote.find("m1")!;
    w.remote.edit({ id: remote.id, content: edited(remote.content, "COMMENT:second", "COMMENT:second, revised") });
    await w.sync();
    expect(w.local.find("m1")!.content).toBe("SUMMARY:Standup\nATTACH:https://easy.example/f/1\nCOMMENT:second, revised");
    await w.sync();
    expect(writes(w.local) + writes(w.remote)).toBe(2); // the create, the patch; then quiet
  });

  for (const mode of ["local-to-remote-replicate", "local-to-remote-merge"] as SyncMode[]) {
    it(`${mode}: what the server adds to our items survives a later local SUMMARY edit`, async () => {
      // A server that enriches what it is given (Easy Project adds its id, a note and a link).
      const enrich = (text: string) => (text.includes("X-EASY-ID") ? text : `${text}\nX-EASY-ID:42\nATTACH:https://easy.example/f/1\nCOMMENT:server note`);
      const w = world({ mode, remote: { rewrite: enrich } });
      w.local.put({ uid: "m1", content: "SUMMARY:Standup\nCOMMENT:mine" });
      await w.sync();
      const { id } = w.local.find("m1")!;
      w.local.edit({ id, content: "SUMMARY:Standup (moved)\nCOMMENT:mine" });
      await w.sync();
      expect(w.remote.find("m1")!.content).toBe("SUMMARY:Standup (moved)\nCOMMENT:mine\nX-EASY-ID:42\nATTACH:https://easy.example/f/1\nCOMMENT:server note");
      expect(w.bases.get({ uid: "m1" })?.local?.content).toBe("SUMMARY:Standup (moved)\nCOMMENT:mine");
    });
  }

  it("a conflict the local side wins undoes the server's edit but keeps what the server had before", async () => {
    const w = world({ conflict: "local-wins", local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    const remote = w.remote.find("m1")!;
    const local = w.local.find("m1")!;
    w.remote.edit({ id: remote.id, content: `${remote.content}\nLOCATION:Room 2` });
    w.local.edit({ id: local.id, content: edited(local.content, "SUMMARY:", "SUMMARY:Retro") });
    await w.sync();
    expect(w.remote.find("m1")!.content).toBe(SERVER_ITEM.replace("SUMMARY:Standup", "SUMMARY:Retro"));
    expect(w.trash.entries.map((e) => `${e.side} ${e.cause}`)).toEqual(["remote overwritten"]);
  });
});

describe("patch: fall back to the full copy", () => {
  it("no base (a status from before bases, or a cleared cache): the update copies the whole item, as before", async () => {
    const w = world({ local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    w.bases = new MemoryBaseStore();
    const local = w.local.find("m1")!;
    w.local.edit({ id: local.id, content: edited(local.content, "SUMMARY:", "SUMMARY:Moved") });
    await w.sync();
    expect(w.remote.find("m1")!.content).toBe("SUMMARY:Moved\nATTACH:https://easy.example/f/1\nCOMMENT:second");
    // ...and the write leaves a base behind: the next edit is a patch again.
    expect(w.bases.get({ uid: "m1" })?.local).toBeDefined();
  });

  it("a base at another version than the status recorded (it outlived its status) is not used", async () => {
    const w = world({ local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    const stale = w.bases.get({ uid: "m1" })!;
    w.bases.set({ uid: "m1", base: { ...stale, local: { version: "older", content: "SUMMARY:Standup" } } });
    const local = w.local.find("m1")!;
    w.local.edit({ id: local.id, content: edited(local.content, "SUMMARY:", "SUMMARY:Moved") });
    await w.sync();
    expect(w.remote.find("m1")!.content).not.toContain("X-EASY-ID");
  });

  it("without a patcher every update is a full copy (the engine before bases)", async () => {
    const w = world({ copyWhole: true, local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    const local = w.local.find("m1")!;
    w.local.edit({ id: local.id, content: edited(local.content, "SUMMARY:", "SUMMARY:Moved") });
    await w.sync();
    expect(w.remote.find("m1")!.content).toBe("SUMMARY:Moved\nATTACH:https://easy.example/f/1\nCOMMENT:second");
    expect(w.bases.size).toBe(0);
  });
});

describe("bases", () => {
  it("follow deletions and are dropped with their pair", async () => {
    const w = world();
    w.local.put({ uid: "a", content: "SUMMARY:a" });
    w.local.put({ uid: "b", content: "SUMMARY:b" });
    await w.sync();
    expect(w.bases.uids().sort()).toEqual(["a", "b"]);
    w.local.remove({ id: w.local.find("a")!.id });
    await w.sync();
    expect(w.bases.uids()).toEqual(["b"]);
  });

  it("a one-way mode keeps only its source's base", async () => {
    const w = world({ mode: "local-to-remote-replicate" });
    w.bases = new MemoryBaseStore({ sides: ["local"] });
    w.local.put({ uid: "a", content: "SUMMARY:a" });
    await w.sync();
    expect(w.bases.get({ uid: "a" })).toEqual({ local: { version: w.local.find("a")!.version, content: "SUMMARY:a" } });
  });

  it("first-run pairing of equal items records both bases; a bogus etag change keeps them", async () => {
    const w = world();
    w.local.put({ uid: "a", content: "SUMMARY:a" });
    w.remote.put({ uid: "a", content: "SUMMARY:a" });
    await w.sync();
    expect(w.bases.get({ uid: "a" })?.remote?.content).toBe("SUMMARY:a");
    w.remote.flakyEtags = true;
    await w.sync();
    expect(w.bases.get({ uid: "a" })?.remote?.version).toBe(w.remote.find("a")!.version);
  });

  it("a server edit Thunderbird cannot hold is written once and does not loop", async () => {
    const w = world({ local: { rewrite: dropLikeThunderbird } });
    w.remote.put({ uid: "m1", content: SERVER_ITEM });
    await w.sync();
    const remote = w.remote.find("m1")!;
    w.remote.edit({ id: remote.id, content: edited(remote.content, "X-EASY-ID:", "X-EASY-ID:43") });
    await w.sync();
    expect(w.local.find("m1")!.content).toBe("SUMMARY:Standup\nATTACH:https://easy.example/f/1\nCOMMENT:second");
    const before = writes(w.local) + writes(w.remote);
    await w.sync();
    await w.sync();
    expect(writes(w.local) + writes(w.remote)).toBe(before);
    expect(w.remote.find("m1")!.content).toContain("X-EASY-ID:43");
  });
});

describe("field merge with a base", () => {
  it("a field deleted on one side and untouched on the other is deleted; both edits survive", async () => {
    const w = world({ conflict: "field-merge", merger: fieldMerger });
    w.local.put({ uid: "m1", content: "SUMMARY:a\nLOCATION:Room 1\nDESCRIPTION:d" });
    await w.sync();
    w.local.edit({ id: w.local.find("m1")!.id, content: "SUMMARY:a\nDESCRIPTION:d" });
    w.remote.edit({ id: w.remote.find("m1")!.id, content: "SUMMARY:a\nLOCATION:Room 1\nDESCRIPTION:notes" });
    await w.sync();
    expect(w.remote.find("m1")!.content).toBe("SUMMARY:a\nDESCRIPTION:notes");
    expect(w.local.find("m1")!.content).toBe("SUMMARY:a\nDESCRIPTION:notes");
  });

  it("without a base the same merge is a union: the deleted field comes back", async () => {
    const w = world({ conflict: "field-merge", merger: fieldMerger });
    w.local.put({ uid: "m1", content: "SUMMARY:a\nLOCATION:Room 1\nDESCRIPTION:d" });
    await w.sync();
    w.bases = new MemoryBaseStore();
    w.local.edit({ id: w.local.find("m1")!.id, content: "SUMMARY:a\nDESCRIPTION:d" });
    w.remote.edit({ id: w.remote.find("m1")!.id, content: "SUMMARY:a\nLOCATION:Room 1\nDESCRIPTION:notes" });
    await w.sync();
    expect(w.remote.find("m1")!.content).toBe("SUMMARY:a\nLOCATION:Room 1\nDESCRIPTION:notes");
  });
});
