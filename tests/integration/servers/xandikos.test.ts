// Xandikos behind our Basic-auth front proxy, as startXandikos() gives it: authenticated PROPFIND,
// wrong or missing password refused (Xandikos itself has no auth), its --defaults collections.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { startXandikos, type DavServer } from "../../helpers/servers";
import { childNames, hrefs, propfind, putNew } from "./dav-requests";

describe("startXandikos", () => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startXandikos();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers an authenticated PROPFIND with 207; principal /alice/, homes under it", async () => {
    const { status, responses } = await propfind({
      server, url: `${server.rootUrl}alice/`, depth: "0",
      props: ["<d:current-user-principal/>", "<c:calendar-home-set/>", "<card:addressbook-home-set/>"],
    });
    expect(status).toBe(207);
    const props = responses[0]?.props;
    expect(hrefs(props?.get("current-user-principal"))).toEqual(["/alice/"]);
    expect(hrefs(props?.get("calendar-home-set"))).toEqual(["/alice/calendars/"]);
    expect(hrefs(props?.get("addressbook-home-set"))).toEqual(["/alice/contacts/"]);
  });

  it("refuses a wrong password and a missing one with 401 and a Basic challenge", async () => {
    expect((await propfind({ server, url: server.rootUrl, depth: "0", props: ["<d:displayname/>"], password: "wrong" })).status).toBe(401);
    const anonymous = await fetch(server.rootUrl, { method: "PROPFIND", headers: { depth: "0" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic /);
  });

  it("has the default calendar and address book it reports", async () => {
    for (const [name, type] of [["calendar", "calendar"], ["addressbook", "addressbook"]] as const) {
      const { status, responses } = await propfind({ server, url: server.collections[name] ?? "", depth: "0", props: ["<d:resourcetype/>"] });
      expect(status).toBe(207);
      expect(childNames(responses[0]?.props.get("resourcetype"))).toContain(type);
    }
  });

  it("accepts a new contact with If-None-Match: * (201)", async () => {
    const body = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x1\r\nFN:Jiří Šťastný\r\nN:Šťastný;Jiří;;;\r\nEND:VCARD\r\n";
    const { status } = await putNew({ server, url: `${server.collections.addressbook}x1.vcf`, body, contentType: "text/vcard; charset=utf-8" });
    expect(status).toBe(201);
  });

  it("stop() ends both processes and removes its temp dir", async () => {
    const other = await startXandikos();
    expect(other.pids).toHaveLength(2);
    await other.stop();
    for (const pid of other.pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(other.dataDir)).toBe(false);
  });
});
