// listChanges and bulk downloads on real servers: initial listing, sync-collection deltas with
// deletions, ctag short-circuit, rejected tokens, PROPFIND fallback, time ranges with a weekly
// series that began before the window, chunked multiget and calendar-query downloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  create,
  listChanges,
  makeCollection,
  multiget,
  multigetChunks,
  queryCapabilities,
  queryItems,
  remove,
  update,
  discover,
  type Capabilities,
  type DavContext,
} from "../../../src/dav";
import { P, propfind } from "../../../src/dav/methods";
import { foundText } from "../../../src/dav/multistatus";
import type { DavServer } from "../../helpers/servers";
import { ctxFor, start, uniqueUid, vcard, vevent, type ServerName } from "./support";

describe.each<ServerName>(["radicale", "xandikos"])("listing on %s", (name) => {
  let server: DavServer;
  let ctx: DavContext;
  let cal: Capabilities;
  beforeAll(async () => {
    server = await start(name);
    ctx = ctxFor(server);
    const root = await discover({ ctx, url: server.rootUrl });
    cal = await makeCollection({ ctx, homeUrl: root.calendarHomes[0]!, kind: "calendar", displayName: `Listing ${name}`, components: ["VEVENT", "VTODO"] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const put = async (uid: string, extra: Partial<Parameters<typeof vevent>[0]> = {}) =>
    create({ ctx, collection: cal, name: `${uid}.ics`, data: vevent({ uid, summary: uid, start: "20260110T090000Z", ...extra }) });
  const fresh = () => queryCapabilities({ ctx, url: cal.url });

  it("lists everything first, then reports changes and deletions as a delta", async () => {
    const uidA = uniqueUid("a");
    const a = await put(uidA);
    const b = await put(uniqueUid("b"));
    const first = await listChanges({ ctx, collection: await fresh() });
    expect(first.kind).toBe("full");
    if (first.kind !== "full") return;
    expect(first.reason).toBe("initial");
    expect(first.items.map((i) => i.href)).toEqual(expect.arrayContaining([a.href, b.href]));
    expect(first.state.syncToken).toBeTruthy();

    const c = await put(uniqueUid("c"));
    const a2 = await update({ ctx, href: a.href, etag: a.etag!, kind: "calendar", data: vevent({ uid: uidA, summary: "changed", start: "20260110T090000Z" }) });
    await remove({ ctx, href: b.href, etag: b.etag! });

    const delta = await listChanges({ ctx, collection: await fresh(), since: first.state });
    expect(delta.kind).toBe("delta");
    if (delta.kind !== "delta") return;
    expect(delta.changed).toEqual(expect.arrayContaining([{ href: c.href, etag: c.etag }, { href: a.href, etag: a2.etag }]));
    expect(delta.changed).toHaveLength(2);
    expect(delta.deleted).toEqual([b.href]);

    const again = await listChanges({ ctx, collection: await fresh(), since: { syncToken: delta.state.syncToken } });
    expect(again.kind).toBe("unchanged");
  });

  it("reads the collection's sync-token, not its ctag, in one PROPFIND", async () => {
    let requests = 0;
    const counting: DavContext = { ...ctx, fetch: (input, init) => (requests++, fetch(input, init)) };
    const caps = await queryCapabilities({ ctx: counting, url: cal.url });
    expect(caps.syncToken).toBeTruthy();
    expect(caps.ctag).toBeUndefined();
    expect(requests).toBe(1);
  });

  it("short-circuits on an unchanged ctag without listing (what a server without sync-token reports)", async () => {
    const ms = await propfind({ ctx, url: cal.url, depth: "0", props: [P.getctag] });
    const ctag = foundText(ms.entries[0]!, P.getctag);
    expect(ctag).toBeTruthy();
    const caps = { ...(await fresh()), ctag };
    let requests = 0;
    const counting: DavContext = { ...ctx, fetch: (input, init) => (requests++, fetch(input, init)) };
    const result = await listChanges({ ctx: counting, collection: caps, since: { ctag: caps.ctag, syncToken: "whatever" } });
    expect(result).toEqual({ kind: "unchanged", state: { ctag: caps.ctag, syncToken: "whatever" } });
    expect(requests).toBe(0);
  });

  it("falls back to a full listing when the server rejects the sync-token", async () => {
    const x = await put(uniqueUid("tok"));
    // Radicale answers 403 valid-sync-token, Xandikos 500: both must end in a full listing.
    const bogus = name === "radicale" ? "http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000" : "0000000000000000000000000000000000000000";
    const result = await listChanges({ ctx, collection: await fresh(), since: { syncToken: bogus } });
    expect(result).toMatchObject({ kind: "full", reason: "token-rejected" });
    if (result.kind === "full") expect(result.items.map((i) => i.href)).toContain(x.href);
  });

  it("lists with PROPFIND Depth 1 when sync-collection is not available", async () => {
    const x = await put(uniqueUid("pf"));
    const caps = { ...(await fresh()), supportsSyncCollection: false };
    const result = await listChanges({ ctx, collection: caps });
    expect(result).toMatchObject({ kind: "full", reason: "no-sync-support" });
    if (result.kind === "full") {
      expect(result.items).toContainEqual({ href: x.href, etag: x.etag });
      expect(result.items.every((i) => i.href !== cal.url)).toBe(true);
    }
  });

  it("keeps a weekly series that started before the time range, drops an old single event", async () => {
    const weekly = await put(uniqueUid("weekly"), { start: "20250106T100000Z", rrule: "FREQ=WEEKLY" });
    const old = await put(uniqueUid("old"), { start: "20250106T100000Z" });
    const inside = await put(uniqueUid("inside"), { start: "20260115T100000Z" });
    const timeRange = { start: new Date("2026-01-12T00:00:00Z"), end: new Date("2026-02-01T00:00:00Z") };
    const result = await listChanges({ ctx, collection: await fresh(), timeRange, components: ["VEVENT"] });
    expect(result).toMatchObject({ kind: "full", reason: "time-range" });
    if (result.kind !== "full") return;
    const hrefs = result.items.map((i) => i.href);
    expect(hrefs).toContain(weekly.href);
    expect(hrefs).toContain(inside.href);
    expect(hrefs).not.toContain(old.href);
  });

  it("downloads in multiget chunks and reports hrefs that are gone", async () => {
    const made = await Promise.all([1, 2, 3, 4, 5].map(() => put(uniqueUid("mg"))));
    const gone = `${cal.url}does-not-exist.ics`;
    const chunks = [];
    for await (const chunk of multigetChunks({ ctx, collection: cal, hrefs: [...made.map((m) => m.href), gone], chunkSize: 2 })) chunks.push(chunk);
    expect(chunks).toHaveLength(3);
    const all = await multiget({ ctx, collection: cal, hrefs: [...made.map((m) => m.href), gone] });
    expect(all.items.map((i) => i.href).sort()).toEqual(made.map((m) => m.href).sort());
    expect(all.missing).toEqual([gone]);
    for (const item of all.items) {
      expect(item.data).toContain("BEGIN:VEVENT");
      expect(item.etag).toBe(made.find((m) => m.href === item.href)?.etag);
    }
  });

  it("downloads a whole calendar with one calendar-query per component", async () => {
    const todoUid = uniqueUid("todo");
    const todo = await create({
      ctx,
      collection: cal,
      name: `${todoUid}.ics`,
      data: ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VTODO", `UID:${todoUid}`, "DTSTAMP:20250101T000000Z", "SUMMARY:úkol", "END:VTODO", "END:VCALENDAR", ""].join("\r\n"),
    });
    const listing = await listChanges({ ctx, collection: await fresh() });
    const items = await queryItems({ ctx, collection: await fresh() });
    expect(listing.kind).toBe("full");
    if (listing.kind === "full") expect(items.map((i) => i.href).sort()).toEqual(listing.items.map((i) => i.href).sort());
    expect(items.find((i) => i.href === todo.href)?.data).toContain("SUMMARY:úkol");
  });

  it("uses the download strategy measured for this server", async () => {
    const caps = await fresh();
    expect(caps.strategy).toMatchObject(
      name === "xandikos" ? { product: "xandikos", bulkFetch: "query", timeRangeRecurrence: "master-only" } : { product: "radicale", bulkFetch: "multiget", timeRangeRecurrence: "expanded" },
    );
  });

  it("lists and downloads address books as well", async () => {
    const root = await discover({ ctx, url: server.rootUrl });
    const book = root.collections.find((c) => c.kind === "addressbook")!;
    const uid = uniqueUid("card");
    const card = await create({ ctx, collection: book, name: `${uid}.vcf`, data: vcard({ uid, name: "Eva Dvořáková" }) });
    const listing = await listChanges({ ctx, collection: await queryCapabilities({ ctx, url: book.url }) });
    expect(listing.kind === "full" && listing.items.map((i) => i.href)).toContain(card.href);
    const { items } = await multiget({ ctx, collection: book, hrefs: [card.href] });
    expect(items[0]?.data).toContain("FN:Eva Dvořáková");
  });
});
