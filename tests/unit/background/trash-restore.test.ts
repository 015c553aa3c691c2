// Restoring a trash entry writes it back to its side without ever making a second copy: created
// when the side has no item with that UID, updated in place when it has one, left alone when it
// already holds that content; a read-only side is refused.
import { describe, expect, test } from "vitest";
import { MemoryStore } from "../../../src/core";
import { restoreEntry, trashViews, type StoredTrashEntry } from "../../../src/background/trash-restore";

const entry: StoredTrashEntry = { side: "local", uid: "u1", id: "L1", content: "BEGIN:VEVENT\nUID:u1\nSUMMARY:Dentist\nEND:VEVENT", cause: "deleted", at: 5 };

describe("restoring from the trash", () => {
  test("creates the item when the side has none with its UID, and not again on a second restore", async () => {
    const store = new MemoryStore({ prefix: "L" });
    expect(await restoreEntry({ entry, store })).toEqual({ ok: true, how: "created" });
    expect(await restoreEntry({ entry, store })).toEqual({ ok: true, how: "unchanged" });
    expect((await store.list()).filter((i) => i.uid === "u1")).toHaveLength(1);
  });

  test("overwrites the item with the same UID in place", async () => {
    const store = new MemoryStore({ prefix: "L" });
    await store.create({ uid: "u1", content: "BEGIN:VEVENT\nUID:u1\nSUMMARY:Changed\nEND:VEVENT" });
    expect(await restoreEntry({ entry: { ...entry, cause: "overwritten" }, store })).toEqual({ ok: true, how: "updated" });
    const [only] = await store.list();
    expect((await store.get({ id: only!.id }))?.content).toBe(entry.content);
    expect(await store.list()).toHaveLength(1);
  });

  test("refuses a read-only side", async () => {
    const store = new MemoryStore({ prefix: "L", readOnly: true });
    expect(await restoreEntry({ entry, store })).toEqual({ ok: false, reason: "read-only" });
  });

  test("shows entries newest first with summaries instead of content", () => {
    const views = trashViews([entry, { ...entry, at: 9, side: "remote", cause: "overwritten" }]);
    expect(views.map((v) => v.at)).toEqual([9, 5]);
    expect(views[1]).toEqual({ entryId: "5:local:u1", uid: "u1", side: "local", cause: "deleted", at: 5, summary: "Dentist" });
    expect(JSON.stringify(views)).not.toContain("BEGIN:VEVENT");
  });
});
