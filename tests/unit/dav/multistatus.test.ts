// Multi-Status parsing and what we read from it: hrefs, statuses, found properties, collections
// (including Xandikos' supported-report-set without <report> wrapper and Radicale's privileges).
import { describe, expect, it } from "vitest";
import { collectionFromEntry } from "../../../src/dav/collection";
import { foundText, parseMultistatus, parseStatusLine, propStatus } from "../../../src/dav/multistatus";
import { P } from "../../../src/dav/methods";

const RADICALE_CALENDAR = `<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:ICAL="http://apple.com/ns/ical/">
<response><href>/caldav/alice/tasks/</href><propstat><prop>
<resourcetype><C:calendar /><collection /></resourcetype><displayname>Tasks</displayname>
<current-user-privilege-set><privilege><read /></privilege></current-user-privilege-set>
<owner><href>/caldav/alice/</href></owner>
<sync-token>http://radicale.org/ns/sync/59a0</sync-token><CS:getctag>"1b67"</CS:getctag>
<ICAL:calendar-color>#F0AD4EFF</ICAL:calendar-color>
<C:supported-calendar-component-set><C:comp name="VTODO" /></C:supported-calendar-component-set>
<supported-report-set><supported-report><report><sync-collection /></report></supported-report><supported-report><report><C:calendar-multiget /></report></supported-report></supported-report-set>
</prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>`;

const XANDIKOS_CALENDAR = `<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="http://calendarserver.org/ns/" xmlns:ns2="http://apple.com/ns/ical/" xmlns:ns3="urn:ietf:params:xml:ns:caldav"><ns0:response><ns0:href>/alice/calendars/calendar/</ns0:href><ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns0:resourcetype><ns0:collection /><ns3:calendar /></ns0:resourcetype><ns0:displayname>calendar</ns0:displayname><ns0:current-user-privilege-set><ns0:privilege><ns0:all /></ns0:privilege></ns0:current-user-privilege-set><ns0:owner /><ns0:sync-token>ae44</ns0:sync-token><ns1:getctag>ae44</ns1:getctag><ns3:supported-calendar-component-set><ns3:comp name="VEVENT" /><ns3:comp name="VTODO" /><ns3:comp name="VJOURNAL" /><ns3:comp name="VFREEBUSY" /></ns3:supported-calendar-component-set><ns0:supported-report-set><ns0:supported-report><ns3:calendar-multiget /></ns0:supported-report><ns0:supported-report><ns0:sync-collection /></ns0:supported-report></ns0:supported-report-set></ns0:prop></ns0:propstat><ns0:propstat><ns0:status>HTTP/1.1 404 Not Found</ns0:status><ns0:prop><ns2:calendar-color /></ns0:prop></ns0:propstat></ns0:response></ns0:multistatus>`;

const parse = (text: string, url = "http://h:1/caldav/") => parseMultistatus({ text, url, method: "PROPFIND" });

describe("parseMultistatus", () => {
  it("resolves hrefs against the answering URL and reads propstat statuses", () => {
    const ms = parse(XANDIKOS_CALENDAR, "http://127.0.0.1:5/alice/");
    expect(ms.entries[0]!.href).toBe("http://127.0.0.1:5/alice/calendars/calendar/");
    expect(propStatus(ms.entries[0]!, P.calendarColor)).toBe(404);
    expect(foundText(ms.entries[0]!, P.calendarColor)).toBeUndefined();
    expect(foundText(ms.entries[0]!, P.getctag)).toBe("ae44");
  });

  it("reads response-level statuses and the sync-token of a sync-collection answer", () => {
    const ms = parse(`<d:multistatus xmlns:d="DAV:"><d:response><d:href>/c/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response><d:sync-token>tok2</d:sync-token></d:multistatus>`);
    expect(ms.entries[0]).toMatchObject({ href: "http://h:1/c/gone.ics", status: 404, propstats: [] });
    expect(ms.syncToken).toBe("tok2");
  });

  it("reads the precondition of an <error> element", () => {
    const ms = parse(`<d:multistatus xmlns:d="DAV:"><d:response><d:href>/c/</d:href><d:status>HTTP/1.1 403 Forbidden</d:status><d:error><d:resource-must-be-null/></d:error></d:response></d:multistatus>`);
    expect(ms.entries[0]!.error).toBe("resource-must-be-null");
  });

  it("turns broken XML or a non-multistatus root into a malformed DavError", () => {
    expect(() => parse("<html>oops")).toThrow(expect.objectContaining({ name: "DavError", kind: "malformed", messageKey: "davErrorMalformed" }));
    expect(() => parse("<d:error xmlns:d='DAV:'/>")).toThrow(expect.objectContaining({ kind: "malformed" }));
  });

  it("parses status lines", () => {
    expect(parseStatusLine("HTTP/1.1 200 OK")).toBe(200);
    expect(parseStatusLine(" HTTP/1.1 507 Insufficient Storage ")).toBe(507);
    expect(parseStatusLine("garbage")).toBe(0);
  });
});

describe("collectionFromEntry", () => {
  it("reads a read-only Radicale task list", () => {
    const info = collectionFromEntry(parse(RADICALE_CALENDAR).entries[0]!);
    expect(info).toEqual({
      url: "http://h:1/caldav/alice/tasks/",
      kind: "calendar",
      displayName: "Tasks",
      description: undefined,
      color: "#f0ad4e",
      components: ["VTODO"],
      privileges: ["read"],
      readOnly: true,
      ctag: '"1b67"',
      syncToken: "http://radicale.org/ns/sync/59a0",
      supportsSyncCollection: true,
      reports: ["sync-collection", "calendar-multiget"],
      owner: "http://h:1/caldav/alice/",
    });
  });

  it("reads Xandikos' supported-report-set without the <report> wrapper", () => {
    const info = collectionFromEntry(parse(XANDIKOS_CALENDAR).entries[0]!);
    expect(info).toMatchObject({ readOnly: false, privileges: ["all"], reports: ["calendar-multiget", "sync-collection"], color: undefined, owner: undefined });
    expect(info?.components).toEqual(["VEVENT", "VTODO", "VJOURNAL"]);
  });

  it("treats a collection without privilege information as writable and without components as all", () => {
    const info = collectionFromEntry(
      parse(`<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/c/%C5%BEluty/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`).entries[0]!,
    );
    expect(info).toMatchObject({ displayName: "žluty", readOnly: false, privileges: undefined, components: ["VEVENT", "VTODO", "VJOURNAL"], supportsSyncCollection: false });
  });

  it("ignores plain collections and principals", () => {
    const ms = parse(`<d:multistatus xmlns:d="DAV:"><d:response><d:href>/alice/</d:href><d:propstat><d:prop><d:resourcetype><d:principal/><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`);
    expect(collectionFromEntry(ms.entries[0]!)).toBeUndefined();
  });

  it("takes an address book from resourcetype even when Radicale also lists calendar components", () => {
    const ms = parse(`<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav"><response><href>/alice/users/</href><propstat><prop><resourcetype><CR:addressbook /><collection /></resourcetype><C:supported-calendar-component-set><C:comp name="VTODO" /></C:supported-calendar-component-set></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>`);
    expect(collectionFromEntry(ms.entries[0]!)).toMatchObject({ kind: "addressbook", components: [] });
  });
});
