// Conditional writes on real servers: create / update / remove with ETags, a stale ETag never
// overwrites, an existing href is never replaced, and collections are made and recoloured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  create,
  discover,
  getEtag,
  makeCollection,
  multiget,
  queryCapabilities,
  remove,
  removeCollection,
  update,
  updateCollection,
} from "../../../src/dav";
import type { DavServer } from "../../helpers/servers";
import { ctxFor, start, uniqueUid, vcard, vevent, writableCollections, type ServerName } from "./support";

describe.each<ServerName>(["radicale", "xandikos"])("writes on %s", (name) => {
  let server: DavServer;
  beforeAll(async () => {
    server = await start(name);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const calendar = () => ({ url: writableCollections(server).calendar, kind: "calendar" as const });

  it("creates with If-None-Match, updates with If-Match and removes, following ETags", async () => {
    const ctx = ctxFor(server);
    const uid = uniqueUid("w");
    const created = await create({ ctx, collection: calendar(), name: `${uid}.ics`, data: vevent({ uid, summary: "one", start: "20260105T100000Z" }) });
    expect(created.href).toBe(`${calendar().url}${uid}.ics`);
    expect(created.etag).toBe(await getEtag({ ctx, href: created.href }));

    const updated = await update({ ctx, href: created.href, etag: created.etag!, kind: "calendar", data: vevent({ uid, summary: "two", start: "20260105T100000Z" }) });
    expect(updated.etag).toBeTruthy();
    expect(updated.etag).not.toBe(created.etag);

    await expect(remove({ ctx, href: created.href, etag: updated.etag! })).resolves.toEqual({ alreadyGone: false });
    await expect(remove({ ctx, href: created.href, etag: updated.etag! })).resolves.toEqual({ alreadyGone: true });
  });

  it("refuses a stale ETag with a precondition DavError and leaves the server item unchanged", async () => {
    const ctx = ctxFor(server);
    const uid = uniqueUid("stale");
    const created = await create({ ctx, collection: calendar(), name: `${uid}.ics`, data: vevent({ uid, summary: "original", start: "20260106T100000Z" }) });
    const theirs = await update({ ctx, href: created.href, etag: created.etag!, kind: "calendar", data: vevent({ uid, summary: "theirs", start: "20260106T100000Z" }) });

    const attempt = update({ ctx, href: created.href, etag: created.etag!, kind: "calendar", data: vevent({ uid, summary: "mine", start: "20260106T100000Z" }) });
    await expect(attempt).rejects.toMatchObject({ name: "DavError", kind: "precondition", status: 412, item: created.href, messageKey: "davErrorPrecondition" });
    await expect(remove({ ctx, href: created.href, etag: created.etag! })).rejects.toMatchObject({ kind: "precondition" });

    const { items } = await multiget({ ctx, collection: calendar(), hrefs: [created.href] });
    expect(items[0]?.etag).toBe(theirs.etag);
    expect(items[0]?.data).toContain("SUMMARY:theirs");
  });

  it("never replaces an existing href on create", async () => {
    const ctx = ctxFor(server);
    const uid = uniqueUid("dup");
    await create({ ctx, collection: calendar(), name: `${uid}.ics`, data: vevent({ uid, summary: "first", start: "20260107T100000Z" }) });
    const again = create({ ctx, collection: calendar(), name: `${uid}.ics`, data: vevent({ uid, summary: "second", start: "20260107T100000Z" }) });
    await expect(again).rejects.toMatchObject({ kind: "precondition" });
  });

  it("keeps an href with spaces and Czech letters intact", async () => {
    const ctx = ctxFor(server);
    const uid = uniqueUid("porada žluťoučká");
    const created = await create({ ctx, collection: calendar(), name: `${uid}.ics`, data: vevent({ uid, summary: "č", start: "20260108T100000Z" }) });
    const { items, missing } = await multiget({ ctx, collection: calendar(), hrefs: [created.href] });
    expect(missing).toEqual([]);
    expect(items[0]?.href).toBe(created.href);
  });

  it("makes a calendar with MKCALENDAR, then renames and recolours it with PROPPATCH", async () => {
    const ctx = ctxFor(server);
    const root = await discover({ ctx, url: server.rootUrl });
    const made = await makeCollection({ ctx, homeUrl: root.calendarHomes[0]!, kind: "calendar", displayName: "Porady týmu", color: "#ff8800", components: ["VEVENT", "VTODO"] });
    expect(new URL(made.url).pathname).toMatch(/\/porady-tymu\/$/);
    expect(made).toMatchObject({ kind: "calendar", displayName: "Porady týmu", color: "#ff8800", readOnly: false });
    // Xandikos 0.2.8 ignores supported-calendar-component-set at creation and allows everything.
    expect(made.components).toEqual(expect.arrayContaining(["VEVENT", "VTODO"]));

    await updateCollection({ ctx, url: made.url, displayName: "Porady", color: "#0055AA" });
    const after = await queryCapabilities({ ctx, url: made.url });
    expect(after).toMatchObject({ displayName: "Porady", color: "#0055aa" });

    // Same name again: a second, distinct URL instead of an error.
    const twin = await makeCollection({ ctx, homeUrl: root.calendarHomes[0]!, kind: "calendar", displayName: "Porady týmu" });
    expect(twin.url).not.toBe(made.url);
    await removeCollection({ ctx, url: twin.url });
    await removeCollection({ ctx, url: made.url });
  });

  it("makes an address book with extended MKCOL and writes a card into it", async () => {
    const ctx = ctxFor(server);
    const root = await discover({ ctx, url: server.rootUrl });
    const book = await makeCollection({ ctx, homeUrl: root.addressbookHomes[0]!, kind: "addressbook", displayName: "Kontakty", segment: "random" });
    expect(book).toMatchObject({ kind: "addressbook", displayName: "Kontakty" });
    const uid = uniqueUid("card");
    const card = await create({ ctx, collection: { url: book.url, kind: "addressbook" }, name: `${uid}.vcf`, data: vcard({ uid, name: "Jan Novák" }) });
    expect(card.etag).toBeTruthy();
    await removeCollection({ ctx, url: book.url });
  });
});

describe("writes on the Easy-Project-like server", () => {
  let server: DavServer;
  beforeAll(async () => {
    server = await start("ep-like");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses writes into a read-only collection with a forbidden DavError", async () => {
    const uid = uniqueUid("ro");
    const attempt = create({ ctx: ctxFor(server), collection: { url: server.collections["milestones"]!, kind: "calendar" }, name: `${uid}.ics`, data: vevent({ uid, summary: "x", start: "20260109T100000Z" }) });
    await expect(attempt).rejects.toMatchObject({ kind: "forbidden", status: 403 });
  });
});
