// CalendarStore.createMany (the experiment's addItems): the read-back comes back as the local
// base in Thunderbird's own text and is converted to the server's spelling only when read
// (baseContent, decodedBases) — the same text get() would have given — while the item's state is
// that of what was written, as for a single create.
import { describe, expect, it } from "vitest";
import { MemoryBaseStore } from "../../../src/core";
import { contentHash } from "../../../src/ical";
import { decodedBases } from "../../../src/background/decoded-bases";
import { eventStore, FakeCalendar } from "./fake-thunderbird";

const event = (uid: string, summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Server//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T090000Z\r\nSUMMARY:${summary}\r\nX-SERVER-ONLY:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

/** What Thunderbird makes of a text: its own PRODID, and a property it does not keep dropped. */
const asThunderbird = (ics: string) => ics.replace("PRODID:-//Server//EN", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN").replace("X-SERVER-ONLY:1\r\n", "");

function setup() {
  const fake = new FakeCalendar("cal-1");
  const api = {
    listItems: fake.listItems,
    getItems: fake.getItems,
    addItem: fake.addItem,
    modifyItem: fake.modifyItem,
    deleteItem: fake.deleteItem,
    addItems: async (id: string, texts: string[]) =>
      Promise.all(
        texts.map(async (ics) => {
          const summary = await fake.addItem(id, asThunderbird(ics));
          return { summary, ics: (await fake.getItems(id, [summary.id]))[0]!.ics! };
        }),
      ),
  };
  const cache = {};
  const store = eventStore({ api, cache });
  return { fake, store, cache };
}

describe("CalendarStore.createMany with read-back", () => {
  it("returns Thunderbird's text as the base, in the server's spelling once read, and the written content's state", async () => {
    const { store } = setup();
    const items = [
      { uid: "a@x", content: event("a@x", "Porada") },
      { uid: "b@x", content: event("b@x", "Oběd") },
    ];
    const results = await store.createMany!({ items, readBack: true });
    for (const [i, r] of results.entries()) {
      if (!r.ok) throw new Error("create failed");
      expect(r.stored!.state).toMatchObject({ id: items[i]!.uid, version: r.result.version, hash: contentHash({ text: items[i]!.content }) });
      // Not yet converted: the base is decoded when a patch reads it …
      expect(r.stored!.content).not.toBe((await store.get({ id: items[i]!.uid }))!.content);
      // … and then it is exactly what get() gives for that version.
      expect(store.baseContent(r.stored!.content)).toBe((await store.get({ id: items[i]!.uid }))!.content);
      expect(store.baseContent(r.stored!.content)).not.toContain("X-SERVER-ONLY");
    }
    // The list agrees with the state recorded: no change seen on the next run.
    const listed = await store.list();
    expect(listed.map((s) => s.hash)).toEqual(items.map((item) => contentHash({ text: item.content })));
  });

  it("decodedBases converts the marked local side on read, once per version, and passes everything else through", async () => {
    const { store } = setup();
    const [r] = await store.createMany!({ items: [{ uid: "a@x", content: event("a@x", "Porada") }], readBack: true });
    if (!r?.ok) throw new Error("create failed");
    const inner = new MemoryBaseStore({ sides: ["local", "remote"] });
    let decodes = 0;
    const bases = decodedBases({ bases: inner, side: "local", decode: (c) => ((decodes += 1), store.baseContent(c)) });
    bases.set({ uid: "a@x", base: { local: { version: r.result.version, content: r.stored!.content }, remote: { version: "e1", content: event("a@x", "Porada") } } });
    const expected = (await store.get({ id: "a@x" }))!.content;
    expect(bases.get({ uid: "a@x" })?.local?.content).toBe(expected);
    expect(bases.get({ uid: "a@x" })?.local?.content).toBe(expected);
    expect(decodes).toBe(1); // converted once per stored version
    expect(bases.get({ uid: "a@x" })?.remote?.content).toBe(event("a@x", "Porada"));
    // Persisted as stored (the compact, marked form), not the converted one.
    expect(inner.drainChanges().changed["a@x"]?.local?.content).toBe(r.stored!.content);
    bases.delete({ uid: "a@x" });
    expect(bases.get({ uid: "a@x" })).toBeUndefined();
  });
});

describe("the listing's facts reused for the written item", () => {
  it("equal, field by field, what describing the local text gives, for every corpus item", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { newProfile } = await import("../../../src/core/profile/defaults");
    const { runMapping, mappedInspect } = await import("../../../src/background/profile-mapping");
    const { inspectItem } = await import("../../../src/background/inspect");
    const { FactsMemo } = await import("../../../src/background/facts-memo");
    const { cachedFromFacts, describeItem } = await import("../../../src/thunderbird/item-cache");
    const profile = newProfile({ id: "p", kind: "events", name: "p", url: "https://x.example/cal/" });
    profile.categoryFilter = { kind: "category", name: "Projekt", includeUncategorized: true, invert: false } as typeof profile.categoryFilter;
    const mapping = runMapping({ profile, now: Date.UTC(2026, 0, 5) })!;
    const memo = new FactsMemo();
    const inspect = mappedInspect({ inspect: inspectItem, mapping, memo });
    const dir = join(import.meta.dirname, "../../fixtures/corpus/ics");
    let compared = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ics"))) {
      const text = readFileSync(join(dir, file), "utf8");
      inspect({ text });
      let local: string;
      try {
        local = mapping.toLocal(text);
      } catch {
        local = text;
      }
      const facts = memo.take({ localText: local });
      expect(facts, file).toBeDefined();
      expect(memo.take({ localText: local }), `${file}: handed out once`).toBeUndefined();
      expect(cachedFromFacts({ version: "v", facts: facts! }), file).toEqual(describeItem({ id: "x", version: "v", text: local, included: mapping.included }));
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });
});

describe("CalendarStore.list with a prefetched listing", () => {
  it("takes the listing asked for at the start of the run once, then asks Thunderbird again", async () => {
    const fake = new FakeCalendar("cal-1");
    await fake.addItem("cal-1", event("a@x", "Porada"));
    let asked = 0;
    const api = { ...fake, listItems: async (id: string) => ((asked += 1), fake.listItems(id)), getItems: fake.getItems, addItem: fake.addItem, modifyItem: fake.modifyItem, deleteItem: fake.deleteItem };
    const prefetched = fake.listItems("cal-1");
    const store = eventStore({ api, prefetched });
    expect((await store.list()).map((s) => s.id)).toEqual(["a@x"]);
    expect(asked).toBe(0);
    await fake.addItem("cal-1", event("b@x", "Oběd"));
    expect((await store.list()).map((s) => s.id).sort()).toEqual(["a@x", "b@x"]);
    expect(asked).toBe(1);
  });

  it("asks again when the prefetch failed", async () => {
    const fake = new FakeCalendar("cal-1");
    await fake.addItem("cal-1", event("a@x", "Porada"));
    const store = eventStore({ api: { ...fake }, prefetched: Promise.resolve(undefined) });
    expect((await store.list()).map((s) => s.id)).toEqual(["a@x"]);
  });
});
