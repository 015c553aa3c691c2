// CalendarStore and AddressBookStore over fake Thunderbird APIs: the Store contract (versions,
// preconditions, hashes from src/ical), echo suppression of our own writes, the per-version hash
// cache, type filtering, read-only mirrors written as owner, and local UIDs for cards whose UID
// another address book already holds.
import { describe, expect, it } from "vitest";
import { MemoryStore, MemoryTrash, PreconditionFailed, synchronize, DEFAULT_SYNC_SETTINGS, emptyStatus } from "../../../src/core";
import { contentHash } from "../../../src/ical";
import { calendarVersion } from "../../../src/thunderbird/calendar-store";
import { AddressBookStore } from "../../../src/thunderbird/address-book-store";
import { EchoFilter } from "../../../src/thunderbird/echo-filter";
import { vcardUid } from "../../../src/thunderbird/vcard-uid";
import { eventStore, FakeCalendar, FakeContacts } from "./fake-thunderbird";

const event = (uid: string, summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T090000Z\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
const todo = (uid: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:${uid}\r\nSUMMARY:Úkol\r\nEND:VTODO\r\nEND:VCALENDAR\r\n`;
const card = (uid: string, fn: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${fn}\r\nN:${fn};;;;\r\nEND:VCARD\r\n`;

function calendarSetup(options: { asOwner?: boolean } = {}) {
  const fake = new FakeCalendar("cal-1");
  const echo = new EchoFilter();
  const calls = { getItems: 0, asOwner: [] as (boolean | undefined)[] };
  const api = {
    ...fake,
    listItems: fake.listItems,
    getItems: async (id: string, ids: string[]) => ((calls.getItems += 1), fake.getItems(id, ids)),
    addItem: async (id: string, ics: string, o?: { asOwner?: boolean }) => (calls.asOwner.push(o?.asOwner), fake.addItem(id, ics)),
    modifyItem: fake.modifyItem,
    deleteItem: fake.deleteItem,
  };
  const cache = {};
  const store = eventStore({ api, asOwner: options.asOwner ?? false, cache, echo });
  return { fake, echo, calls, store, cache };
}

describe("CalendarStore", () => {
  it("creates items, and lists them with the hash of what was written without reading them again", async () => {
    const { store, calls, fake } = calendarSetup({ asOwner: true });
    const content = event("a@x", "Porada — čeština");
    const written = await store.create({ uid: "a@x", content });
    expect(written).toEqual({ id: "a@x", version: calendarVersion({ lastModified: fake.clock, generation: 0 }) });
    expect(calls.asOwner).toEqual([true]);
    const reads = calls.getItems;
    expect(await store.list()).toEqual([expect.objectContaining({ id: "a@x", uid: "a@x", version: written.version, hash: contentHash({ text: content }) })]);
    expect(calls.getItems).toBe(reads);
  });

  it("treats the events of its own writes as echoes, and a user's edit as a change", async () => {
    const { store, echo, fake } = calendarSetup();
    const w = await store.create({ uid: "a@x", content: event("a@x", "Jedna") });
    await store.update({ id: "a@x", version: w.version, content: event("a@x", "Dvě") });
    for (const e of fake.events) {
      const version = typeof e.summary === "string" ? "deleted" : calendarVersion(e.summary);
      expect(echo.isEcho({ key: { folderId: "cal-1", itemId: "a@x" }, version })).toBe(true);
    }
    const before = (await store.list())[0]!;
    fake.userEdit("a@x", event("a@x", "Tři"));
    const after = (await store.list())[0]!;
    expect(after.version).not.toBe(before.version);
    expect(after.hash).toBe(contentHash({ text: event("a@x", "Tři") }));
    expect(echo.isEcho({ key: { folderId: "cal-1", itemId: "a@x" }, version: after.version })).toBe(false);
  });

  it("refuses stale writes with PreconditionFailed (the executor re-plans them)", async () => {
    const { store, fake } = calendarSetup();
    const w = await store.create({ uid: "a@x", content: event("a@x", "Jedna") });
    fake.userEdit("a@x", event("a@x", "Změna"));
    await expect(store.update({ id: "a@x", version: w.version, content: event("a@x", "X") })).rejects.toMatchObject({ reason: "changed" });
    await expect(store.delete({ id: "gone@x", version: "1/0" })).rejects.toBeInstanceOf(PreconditionFailed);
    await expect(store.create({ uid: "a@x", content: event("a@x", "Znovu") })).rejects.toMatchObject({ reason: "exists" });
  });

  it("lists only its item type: tasks in the same calendar belong to another profile", async () => {
    const { store, fake } = calendarSetup();
    await fake.addItem("cal-1", todo("t@x"));
    await store.create({ uid: "e@x", content: event("e@x", "Událost") });
    expect((await store.list()).map((i) => i.id)).toEqual(["e@x"]);
    expect(await store.get({ id: "t@x" })).toBeUndefined();
  });

  it("syncs a server collection in, and a second run changes nothing", async () => {
    const { store } = calendarSetup();
    const remote = new MemoryStore({ prefix: "/cal/" });
    for (const uid of ["a", "b", "c"]) remote.put({ uid, content: event(uid, `Schůzka ${uid}`) });
    const status = { value: emptyStatus() };
    const run = () =>
      synchronize({ local: store, remote, status: status.value, profile: DEFAULT_SYNC_SETTINGS, trash: new MemoryTrash(), saveStatus: (s) => void (status.value = s) });
    await run();
    expect((await store.list()).map((i) => i.uid).sort()).toEqual(["a", "b", "c"]);
    const second = await run();
    expect(second.plan.actions.filter((a) => a.kind !== "update-status")).toEqual([]);
    expect(remote.attempts).toEqual({ create: 0, update: 0, delete: 0 });
  });
});

describe("AddressBookStore", () => {
  function bookSetup(bookId: string, fake = new FakeContacts()) {
    const uidMap: Record<string, string> = {};
    const store = new AddressBookStore({ api: fake, bookId, readOnly: false, cache: {}, uidMap, echo: new EchoFilter() });
    return { fake, store, uidMap };
  }

  it("lists the hash of what it wrote, not of Thunderbird's rewritten card", async () => {
    const { store } = bookSetup("book-1");
    const content = card("c1", "Jiří Dvořák");
    const w = await store.create({ uid: "c1", content });
    expect(await store.list()).toEqual([expect.objectContaining({ id: "c1", uid: "c1", version: w.version, hash: contentHash({ text: content }) })]);
  });

  it("gives a card whose UID another book holds a local UID, and shows the server only its own", async () => {
    const fake = new FakeContacts();
    const first = bookSetup("book-1", fake);
    const second = bookSetup("book-2", fake);
    await first.store.create({ uid: "c1", content: card("c1", "Jiří Dvořák") });
    const w = await second.store.create({ uid: "c1", content: card("c1", "Jiří Dvořák") });
    expect(w.id).not.toBe("c1");
    expect(second.uidMap[w.id]).toBe("c1");
    const [listed] = await second.store.list();
    expect(listed).toMatchObject({ id: w.id, uid: "c1" });
    expect(vcardUid((await second.store.get({ id: w.id }))!.content)).toBe("c1");
    // Updates keep the local UID in Thunderbird.
    await second.store.update({ id: w.id, version: w.version, content: card("c1", "Jiří Dvořák ml.") });
    expect(vcardUid((await fake.get(w.id)).properties.vCard!)).toBe(w.id);
    expect((await first.store.list()).map((i) => i.id)).toEqual(["c1"]);
  });
});
