// DavStore with inspectMany (the add-on's inspect workers): a first download inspected in batches
// elsewhere lists exactly what inline inspection lists, in the same order of facts; a batch that
// fails is inspected inline instead, and nothing is lost or listed twice. While the batches are
// inspected, the download waits (back pressure) and each inspected batch goes to the body store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, DavStore, discover, makeCollection, type BodyStore, type Capabilities, type DavContext, type ItemFacts } from "../../../src/dav";
import { inspectItem } from "../../../src/background/inspect";
import type { DavServer } from "../../helpers/servers";
import { ctxFor, start, vevent } from "./support";

describe("DavStore inspectMany on radicale", () => {
  let server: DavServer;
  let ctx: DavContext;
  let cal: Capabilities;
  const N = 260; // a batch of 200 and a partial one
  /** Puts n items into a collection, `parallel` at a time. */
  const fill = async (p: { collection: Capabilities; n: number; parallel: number; item: (i: number) => { uid: string; data: string } }) => {
    for (let i = 0; i < p.n; i += p.parallel) {
      const items = Array.from({ length: Math.min(p.parallel, p.n - i) }, (_, k) => p.item(i + k));
      await Promise.all(items.map(({ uid, data }) => create({ ctx, collection: p.collection, name: `${uid}.ics`, data })));
    }
  };
  beforeAll(async () => {
    server = await start("radicale");
    ctx = ctxFor(server);
    const root = await discover({ ctx, url: server.rootUrl });
    cal = await makeCollection({ ctx, homeUrl: root.calendarHomes[0]!, kind: "calendar", displayName: "Batches", components: ["VEVENT"] });
    await fill({ collection: cal, n: N, parallel: 25, item: (i) => ({ uid: `batch-${i}`, data: vevent({ uid: `batch-${i}`, summary: `Položka ${i}`, start: "20260110T090000Z" }) }) });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const listWith = async (inspectMany?: (texts: string[]) => Promise<ItemFacts[]>) => {
    const store = new DavStore({ ctx, url: cal.url, inspect: inspectItem, ...(inspectMany ? { inspectMany } : {}) });
    const items = await store.list();
    return items.map((s) => ({ id: s.id, uid: s.uid, hash: s.hash, version: s.version })).sort((a, b) => a.id.localeCompare(b.id));
  };

  it("lists the same items with the same facts as inline inspection", async () => {
    const inline = await listWith();
    const sizes: number[] = [];
    const batched = await listWith(async (texts) => {
      sizes.push(texts.length);
      await new Promise((r) => setTimeout(r, 5)); // answers arrive later, as from a worker
      return texts.map((text) => inspectItem({ text }));
    });
    expect(inline).toHaveLength(N);
    expect(batched).toEqual(inline);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(N);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
  });

  it("inspects a failed batch inline: nothing lost, nothing twice", async () => {
    const inline = await listWith();
    let calls = 0;
    const batched = await listWith(async (texts) => {
      calls += 1;
      if (calls === 1) throw new Error("worker died"); // the first batch; the second still goes out
      return texts.map((text) => inspectItem({ text }));
    });
    expect(calls).toBe(2);
    expect(batched).toEqual(inline);
  });

  it("downloads a body again that the body store lost (a spool that failed to read)", async () => {
    const map = new Map<string, string>();
    let lost = 0;
    const bodies: BodyStore = {
      has: (href) => map.has(href),
      // Every body is lost once: has() says yes, get() has nothing.
      get: (href) => (map.has(href) && lost++ < 1 ? undefined : map.get(href)),
      set: (href, text) => void map.set(href, text),
      delete: (href) => void map.delete(href),
    };
    const store = new DavStore({ ctx, url: cal.url, inspect: inspectItem, bodies });
    const [first] = await store.list();
    const got = await store.get({ id: first!.id });
    expect(lost).toBe(2); // the lost read, and the one after the new download
    expect(got?.content).toContain(`UID:${first!.uid}`);
    expect(got?.state.uid).toBe(first!.uid);
  });

  describe("with items big enough for many batches", () => {
    let big: Capabilities;
    const BIG = 200;
    // ~50 000 characters each: DavStore closes a batch at ~1 M characters, ~20 items: ~10 batches.
    const description = `DESCRIPTION:${"Dlouhý popis schůzky. ".repeat(2300)}`.match(/.{1,74}/g)!.join("\r\n ");
    beforeAll(async () => {
      const root = await discover({ ctx, url: server.rootUrl });
      big = await makeCollection({ ctx, homeUrl: root.calendarHomes[0]!, kind: "calendar", displayName: "Big", components: ["VEVENT"] });
      // Few at a time: Radicale resets connections under many parallel PUTs of this size.
      await fill({
        collection: big,
        n: BIG,
        parallel: 5,
        item: (i) => ({ uid: `big-${i}`, data: vevent({ uid: `big-${i}`, summary: `Velká ${i}`, start: "20260110T090000Z" }).replace("END:VEVENT", `${description}\r\nEND:VEVENT`) }),
      });
    }, 120_000);

    it("keeps at most a few batches in flight and stores each one while the answer still streams", async () => {
      const map = new Map<string, string>();
      const bodies: BodyStore = {
        has: (href) => map.has(href),
        get: (href) => map.get(href),
        set: (href, text) => void map.set(href, text),
        delete: (href) => void map.delete(href),
      };
      let inFlight = 0;
      let most = 0;
      const storedWhenSent: number[] = [];
      const store = new DavStore({
        ctx,
        url: big.url,
        inspect: inspectItem,
        bodies,
        inspectMany: async (texts) => {
          storedWhenSent.push(map.size);
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 300)); // a slow worker: the answer arrives much faster than this
          inFlight -= 1;
          return texts.map((text) => inspectItem({ text }));
        },
      });
      const items = await store.list();
      expect(items).toHaveLength(BIG);
      expect(map.size).toBe(BIG);
      expect(storedWhenSent.length).toBeGreaterThanOrEqual(8);
      // Without back pressure every batch would be out at once; with it, at most BATCHES_IN_FLIGHT + 1.
      expect(most).toBeLessThanOrEqual(5);
      expect(most).toBeLessThan(storedWhenSent.length);
      // The last batches went out after earlier ones were in the body store.
      expect(storedWhenSent.at(-1)).toBeGreaterThan(0);
      const got = await store.get({ id: items[0]!.id });
      expect(got?.content).toContain("Dlouhý popis schůzky.");
    }, 60_000);
  });
});
