// LocalChangeLedger and the CalendarStore's use of it: an untouched calendar is answered from the
// cache (no call into Thunderbird), and everything that might have changed it — another writer's
// event, a bulk write of ours, a start-up, an hour passing — makes the next run list it again.
import { describe, expect, it } from "vitest";
import { ChangeRouter } from "../../../src/background/change-trigger";
import { KeyedDebouncer } from "../../../src/background/debounce";
import { FULL_LISTING_EVERY_MS, LocalChangeLedger } from "../../../src/background/local-changes";
import { EchoFilter } from "../../../src/thunderbird/echo-filter";
import { eventStore, FakeCalendar } from "../thunderbird/fake-thunderbird";

const event = (uid: string, summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T090000Z\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

function setup() {
  let clock = 1_000_000;
  const ledger = new LocalChangeLedger(() => clock);
  const fake = new FakeCalendar("cal-1");
  let listed = 0;
  const echo = new EchoFilter();
  const api = { ...fake, listItems: async (id: string) => ((listed += 1), fake.listItems(id)), getItems: fake.getItems, addItem: fake.addItem, modifyItem: fake.modifyItem, deleteItem: fake.deleteItem };
  const changes = { unchanged: () => ledger.unchangedSinceListing("cal-1"), listing: () => ledger.listing("cal-1"), changed: () => ledger.changed("cal-1") };
  const cache = {};
  const store = () => eventStore({ api, cache, echo, changes });
  const addItems = async (id: string, texts: string[]) =>
    Promise.all(texts.map(async (ics) => ({ summary: await fake.addItem(id, ics), ics })));
  const bulkStore = () => eventStore({ api: { ...api, addItems }, cache, echo, changes });
  return { ledger, fake, store, bulkStore, echo, listed: () => listed, tick: (ms: number) => (clock += ms) };
}

describe("LocalChangeLedger", () => {
  it("is unknown (changed) until a listing, and changed again by an edit of someone else", async () => {
    const { ledger, fake, store, echo, listed } = setup();
    await fake.addItem("cal-1", event("a@x", "Porada"));
    expect(ledger.unchangedSinceListing("cal-1")).toBe(false);
    const first = await store().list();
    expect(listed()).toBe(1);
    // Nothing happened: answered from the cache, same states.
    expect(await store().list()).toEqual(first);
    expect(listed()).toBe(1);
    // Our own write (an echo) leaves it untouched; a user's edit does not.
    const router = new ChangeRouter({ echo, ledger, debouncer: new KeyedDebouncer(), profilesOfFolder: () => [], onQuiet: () => undefined });
    const w = await store().create({ uid: "b@x", content: event("b@x", "Oběd") });
    router.onLocalChange({ folderId: "cal-1", itemId: "b@x", version: w.version });
    expect((await store().list()).map((s) => s.id).sort()).toEqual(["a@x", "b@x"]);
    expect(listed()).toBe(1);
    fake.userEdit("a@x", event("a@x", "Přesunuto"));
    router.onLocalChange({ folderId: "cal-1", itemId: "a@x", version: "user" });
    await store().list();
    expect(listed()).toBe(2);
  });

  it("lists again after an hour, and after a bulk write of ours", async () => {
    const { store, listed, tick, bulkStore } = setup();
    await store().list();
    tick(FULL_LISTING_EVERY_MS);
    await store().list();
    expect(listed()).toBe(2);
    await store().list();
    expect(listed()).toBe(2);
    // Thunderbird's observers hear of a bulk add only as one reload: list the calendar next time.
    await bulkStore().createMany!({ items: [{ uid: "c@x", content: event("c@x", "Hromadně") }], readBack: false });
    expect((await store().list()).map((s) => s.id)).toContain("c@x");
    expect(listed()).toBe(3);
  });
});
