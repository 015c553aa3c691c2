// Shared bits of the DAV integration tests: a DavContext for a test server, one iCalendar/vCard
// fixture builder, and the three servers by name (each test file starts what it needs).
import type { DavContext } from "../../../src/dav";
import { startEpLike, startRadicale, startXandikos, type DavServer } from "../../helpers/servers";

export type ServerName = "radicale" | "xandikos" | "ep-like";

export function start(name: ServerName): Promise<DavServer> {
  switch (name) {
    case "radicale":
      return startRadicale();
    case "xandikos":
      return startXandikos();
    case "ep-like":
      return startEpLike({ events: 40 });
  }
}

export function ctxFor(server: DavServer, extra: Partial<DavContext> = {}): DavContext {
  return { credentials: { username: server.username, password: server.password }, timeoutMs: 30_000, ...extra };
}

/** The calendar / address book every server has writable: radicale and xandikos defaults, ep-like meetings/contacts. */
export function writableCollections(server: DavServer): { calendar: string; addressbook: string } {
  const c = server.collections;
  const calendar = c["meetings"] ?? c["calendar"];
  const addressbook = c["contacts"] ?? c["addressbook"];
  if (!calendar || !addressbook) throw new Error(`no writable collections in ${JSON.stringify(c)}`);
  return { calendar, addressbook };
}

export function vevent(p: { uid: string; summary: string; start: string; rrule?: string }): string {
  const end = p.start.replace(/T(\d\d)/, (_, h: string) => `T${String(Number(h) + 1).padStart(2, "0")}`);
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//caldav-sync tests//EN",
    "BEGIN:VEVENT",
    `UID:${p.uid}`,
    "DTSTAMP:20250101T000000Z",
    `DTSTART:${p.start}`,
    `DTEND:${end}`,
    ...(p.rrule ? [`RRULE:${p.rrule}`] : []),
    `SUMMARY:${p.summary}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

export function vcard(p: { uid: string; name: string }): string {
  return ["BEGIN:VCARD", "VERSION:3.0", `UID:${p.uid}`, `FN:${p.name}`, `N:${p.name};;;;`, "END:VCARD", ""].join("\r\n");
}

let counter = 0;
export function uniqueUid(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
