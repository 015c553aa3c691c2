// Radicale as the tests get it from startRadicale(): authenticated PROPFIND, wrong password refused,
// the pre-created calendar and address book, and stop() freeing the port and the data dir.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { startRadicale, type DavServer } from "../../helpers/servers";
import { childNames, componentNames, hrefs, propfind, putNew } from "./dav-requests";

describe("startRadicale", () => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startRadicale();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers an authenticated PROPFIND on the root with 207 and the principal /alice/", async () => {
    const { status, responses } = await propfind({ server, url: server.rootUrl, depth: "0", props: ["<d:current-user-principal/>"] });
    expect(status).toBe(207);
    expect(hrefs(responses[0]?.props.get("current-user-principal"))).toEqual(["/alice/"]);
  });

  it("refuses a wrong password with 401", async () => {
    const { status } = await propfind({ server, url: server.rootUrl, depth: "0", props: ["<d:displayname/>"], password: "wrong" });
    expect(status).toBe(401);
  });

  it("has the calendar (VEVENT+VTODO) and the address book it reports", async () => {
    expect(Object.keys(server.collections)).toEqual(["calendar", "contacts"]);
    const { responses } = await propfind({
      server, url: `${server.rootUrl}alice/`, depth: "1",
      props: ["<d:resourcetype/>", "<d:displayname/>", "<c:supported-calendar-component-set/>"],
    });
    const byHref = new Map(responses.map((r) => [r.href, r.props]));
    const calendar = byHref.get(new URL(server.collections.calendar ?? "").pathname);
    const contacts = byHref.get(new URL(server.collections.contacts ?? "").pathname);
    expect(childNames(calendar?.get("resourcetype"))).toContain("calendar");
    expect(componentNames(calendar?.get("supported-calendar-component-set")).sort()).toEqual(["VEVENT", "VTODO"]);
    expect(childNames(contacts?.get("resourcetype"))).toContain("addressbook");
  });

  it("accepts a new event with If-None-Match: * (201)", async () => {
    const body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:r1@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\nSUMMARY:Porada\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const { status } = await putNew({ server, url: `${server.collections.calendar}r1.ics`, body, contentType: "text/calendar; charset=utf-8" });
    expect(status).toBe(201);
  });

  it("stop() ends its processes, frees the port and removes its temp dir", async () => {
    const other = await startRadicale();
    await other.stop();
    for (const pid of other.pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(other.dataDir)).toBe(false);
    await expect(fetch(other.rootUrl)).rejects.toThrow();
  });
});
