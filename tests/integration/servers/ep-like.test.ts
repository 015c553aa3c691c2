// The Easy-Project-like server as clients meet it: one root /caldav/ for CalDAV and CardDAV discovery,
// seven collections with names, colours and component sets, read-only ones refusing writes (403),
// the seeded dataset complete, and Czech text coming back from a GET byte for byte.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEpLike, EP_COLLECTIONS, basicAuth, type DavServer } from "../../helpers/servers";
import { generateDataset } from "../../../scripts/dataset/generate.mjs";
import { childNames, componentNames, getText, hrefs, propfind, putNew, unfoldedLines } from "./dav-requests";

const EVENTS = 60;
const SEED = 7;
const TEST_PREFIX = "test-"; // items this file PUTs; the seeded ones never start with it

describe("startEpLike", () => {
  let server: DavServer;
  const dataset = generateDataset({ events: EVENTS, seed: SEED });
  beforeAll(async () => {
    server = await startEpLike({ events: EVENTS, seed: SEED });
  });
  afterAll(async () => {
    await server?.stop();
  });
  const origin = () => new URL(server.rootUrl).origin;

  it("serves everything under /caldav/", () => {
    expect(server.rootUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/caldav\/$/);
    for (const url of Object.values(server.collections)) expect(new URL(url).pathname).toMatch(/^\/caldav\/alice\/[a-z]+\/$/);
  });

  it.each(["caldav", "carddav"])("redirects /.well-known/%s to /caldav/ (301)", async (service) => {
    const response = await fetch(`${origin()}/.well-known/${service}`, { method: "PROPFIND", headers: { authorization: basicAuth(server), depth: "0" }, redirect: "manual" });
    expect(response.status).toBe(301);
    expect(new URL(response.headers.get("location") ?? "", origin()).href).toBe(server.rootUrl);
  });

  it("answers 404 outside /caldav/ and 401 for a wrong password", async () => {
    expect((await fetch(`${origin()}/alice/`, { method: "PROPFIND", headers: { authorization: basicAuth(server) } })).status).toBe(404);
    expect((await propfind({ server, url: server.rootUrl, depth: "0", props: ["<d:displayname/>"], password: "wrong" })).status).toBe(401);
  });

  it("leads discovery from the root to principal and home sets under /caldav/", async () => {
    const root = await propfind({ server, url: server.rootUrl, depth: "0", props: ["<d:current-user-principal/>"] });
    expect(root.status).toBe(207);
    const [principal] = hrefs(root.responses[0]?.props.get("current-user-principal"));
    expect(principal).toBe("/caldav/alice/");
    const homes = await propfind({ server, url: `${origin()}${principal}`, depth: "0", props: ["<c:calendar-home-set/>", "<card:addressbook-home-set/>"] });
    expect(hrefs(homes.responses[0]?.props.get("calendar-home-set"))).toEqual(["/caldav/alice/"]);
    expect(hrefs(homes.responses[0]?.props.get("addressbook-home-set"))).toEqual(["/caldav/alice/"]);
  });

  it("lists exactly the 7 collections in the home, with names, colours, types and privileges", async () => {
    const { status, responses } = await propfind({
      server, url: `${server.rootUrl}alice/`, depth: "1",
      props: ["<d:resourcetype/>", "<d:displayname/>", "<ical:calendar-color/>", "<c:supported-calendar-component-set/>", "<d:current-user-privilege-set/>"],
    });
    expect(status).toBe(207);
    const children = responses.filter((r) => r.href !== "/caldav/alice/");
    expect(children.map((r) => r.href).sort()).toEqual(EP_COLLECTIONS.map((c) => `/caldav/alice/${c.name}/`).sort());
    for (const spec of EP_COLLECTIONS) {
      const props = children.find((r) => r.href === `/caldav/alice/${spec.name}/`)?.props;
      expect(props?.get("displayname"), spec.name).toBe(spec.displayName);
      expect(props?.get("calendar-color"), spec.name).toBe(spec.color);
      expect(childNames(props?.get("resourcetype")), spec.name).toContain(spec.type);
      if (spec.type === "calendar") expect(componentNames(props?.get("supported-calendar-component-set")), spec.name).toEqual([spec.components]);
      const privileges = childNames(props?.get("current-user-privilege-set"));
      expect(privileges.includes("write"), `${spec.name} writable`).toBe(!spec.readOnly);
    }
    expect(EP_COLLECTIONS.map((c) => c.displayName)).toEqual(["Meetings", "To-dos", "Tasks", "Milestones", "Attendance", "Contacts", "Users"]);
  });

  it("holds every generated item exactly once, as many as seeded", async () => {
    /** collection name → item hrefs' last segment */
    const listed: Record<string, string[]> = {};
    for (const [name, url] of Object.entries(server.collections)) {
      const { responses } = await propfind({ server, url, depth: "1", props: ["<d:getetag/>"] });
      listed[name] = responses.map((r) => r.href.slice(new URL(url).pathname.length)).filter((n) => n && !n.startsWith(TEST_PREFIX));
      expect(listed[name]?.length, name).toBe(server.seeded[name]);
    }
    const names = (...collections: string[]) => collections.flatMap((c) => listed[c] ?? []).sort();
    expect(names("meetings", "attendance", "milestones")).toEqual(dataset.events.map((e) => e.name).sort());
    expect(names("todos", "tasks")).toEqual(dataset.todos.map((t) => t.name).sort());
    expect(names("contacts", "users")).toEqual(dataset.contacts.map((c) => c.name).sort());
    // Milestones are the all-day single events; every other collection got something too.
    expect((listed.milestones ?? []).sort()).toEqual(dataset.events.filter((e) => e.kind === "allday").map((e) => e.name).sort());
    for (const name of Object.keys(server.collections)) expect(listed[name]?.length, name).toBeGreaterThan(0);
  });

  it.each([
    ["meetings", "VEVENT"], ["todos", "VTODO"], ["contacts", "VCARD"],
  ])("accepts a new item in writable %s (201 with If-None-Match: *)", async (collection, component) => {
    const { status, etag } = await putNew({ server, url: `${server.collections[collection]}${TEST_PREFIX}rw.${component === "VCARD" ? "vcf" : "ics"}`, ...item(component, `rw-${collection}`) });
    expect(status).toBe(201);
    expect(etag).toBeTruthy();
  });

  it.each([
    ["tasks", "VTODO"], ["milestones", "VEVENT"], ["attendance", "VEVENT"], ["users", "VCARD"],
  ])("refuses a new item in read-only %s (403)", async (collection, component) => {
    const { status } = await putNew({ server, url: `${server.collections[collection]}${TEST_PREFIX}ro.${component === "VCARD" ? "vcf" : "ics"}`, ...item(component, `ro-${collection}`) });
    expect(status).toBe(403);
  });

  it("returns the Czech text of a seeded event byte for byte", async () => {
    const event = dataset.events.find((e) => e.kind === "weekly" && /SUMMARY:.*[ěščřžýáíéů]/.test(e.text));
    expect(event).toBeDefined();
    // A weekly series lands in meetings or attendance (splitDataset); ask both.
    const answers = await Promise.all(["meetings", "attendance"].map((c) => getText({ server, url: `${server.collections[c]}${event?.name}` })));
    const found = answers.filter((r) => r.status === 200);
    expect(found).toHaveLength(1);
    expectSameTextProperties(Buffer.from(event?.text ?? ""), found[0]?.bytes ?? Buffer.alloc(0));
  });

  it("returns the Czech text of a contact it stored byte for byte", async () => {
    const card = item("VCARD", "czech-roundtrip");
    const url = `${server.collections.contacts}${TEST_PREFIX}czech.vcf`;
    expect((await putNew({ server, url, ...card })).status).toBe(201);
    const { status, bytes } = await getText({ server, url });
    expect(status).toBe(200);
    expectSameTextProperties(Buffer.from(card.body), bytes);
  });
});

/** A small valid item with Czech text. */
function item(component: string, uid: string): { body: string; contentType: string } {
  if (component === "VCARD") {
    return {
      contentType: "text/vcard; charset=utf-8",
      body: `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nN:Šťastný;Řehoř;;;\r\nFN:Řehoř Šťastný\r\nORG:Účetnictví Novák & syn\r\nNOTE:Příliš žluťoučký kůň úpěl ďábelské ódy — „uvozovky“ 🙂\r\nEND:VCARD\r\n`,
    };
  }
  const due = component === "VTODO" ? "DUE:20260110T100000Z\r\n" : "DTSTART:20260105T090000Z\r\nDTEND:20260105T100000Z\r\n";
  return {
    contentType: "text/calendar; charset=utf-8",
    body: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//CS\r\nBEGIN:${component}\r\nUID:${uid}@test\r\nDTSTAMP:20260101T000000Z\r\n${due}SUMMARY:Porada — žluťoučký kůň\r\nEND:${component}\r\nEND:VCALENDAR\r\n`,
  };
}

/**
 * Radicale re-serialises what it stores (vobject: property order, folding), so whole bodies differ;
 * the text-bearing properties must survive unchanged, byte for byte, once unfolded.
 */
function expectSameTextProperties(sent: Buffer, received: Buffer) {
  const textProperty = /^(SUMMARY|LOCATION|DESCRIPTION|CATEGORIES|N|FN|ORG|NOTE|TITLE|ADR)[:;]/;
  const pick = (bytes: Buffer) => unfoldedLines(bytes).filter((l) => textProperty.test(l)).map((l) => Buffer.from(l, "utf8").toString("hex")).sort();
  const expected = pick(sent);
  expect(expected.length).toBeGreaterThan(1);
  expect(pick(received)).toEqual(expected);
}
