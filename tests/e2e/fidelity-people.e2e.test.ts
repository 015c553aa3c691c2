// Data fidelity, issue #7's remaining cases, in a real Thunderbird: (1) the user's response to an
// invitation (PARTSTAT of one attendee, changed in Thunderbird's own text) reaches the server copy
// as a change of exactly that attendee, and a meeting Thunderbird organizes with invitations on
// reaches the server with its attendees SCHEDULE-AGENT=CLIENT (no duplicate invitation); (2) an override the server writes with a UTC RECURRENCE-ID
// (DavMail) and Thunderbird with a TZID is edited once, never duplicated; (3) a vCard 3.0 card that
// Thunderbird rewrites as vCard 4.0 (legacy-property update = what its contact editor does) patches
// back onto the server card in 3.0 syntax, VERSION kept. Corpus files: tests/fixtures/corpus.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentHash, fromThunderbird, parseItem, patchItem, toThunderbird } from "../../src/ical";
import { unfoldLines } from "../unit/ical/helpers";
import { corpus } from "./fidelity-items";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";

type CalendarInfo = messenger.davsyncCalendar.CalendarInfo;
const file = (format: "ics" | "vcf", name: string): string => {
  const f = corpus({ format }).find((x) => x.file === `${format}/${name}`);
  if (!f) throw new Error(`no corpus file ${name}`);
  return f.text;
};
const lines = (text: string): string[] => unfoldLines(text);
const attendeeLines = (text: string): string[] => lines(text).filter((l) => l.startsWith("ATTENDEE") || l.startsWith("ORGANIZER"));

describe("people, recurrence ids and vCard versions through Thunderbird", () => {
  let tb: ThunderbirdSession;
  let calendar: CalendarInfo;
  let bookId: string;

  beforeAll(async () => {
    tb = await launchThunderbirdWithAddon({ mode: "xvfb", prefs: { "calendar.timezone.useSystemTimezone": false, "calendar.timezone.local": "Asia/Tokyo" } });
    calendar = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Fidelity people" });
    bookId = await tb.call<string>("addressBooks.create", { name: "Fidelity people contacts" });
  });
  afterAll(async () => {
    await tb?.quit();
  });

  it("a PARTSTAT response made in Thunderbird changes exactly that attendee on the server", async () => {
    const server = file("ics", "nextcloud-meeting-schedule-status.ics");
    const uid = parseItem({ text: server }).uid;
    await tb.call("davsyncCalendar.addItem", calendar.id, toThunderbird({ text: server }));
    const held = await tb.call<string>("davsyncCalendar.getItem", calendar.id, uid);
    // Petr accepts: Thunderbird's own text with his PARTSTAT / RSVP changed, as its response does.
    const flat = held.replace(/\r\n[ \t]/g, "");
    const petr = flat.split("\r\n").find((l) => l.startsWith("ATTENDEE") && l.toLowerCase().endsWith("petr.svoboda@example.cz"));
    expect(petr).toBeDefined();
    const accepted = petr!.replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED").replace("RSVP=TRUE", "RSVP=FALSE");
    await tb.call("davsyncCalendar.modifyItem", calendar.id, flat.replace(petr!, accepted));
    const now = await tb.call<string>("davsyncCalendar.getItem", calendar.id, uid);
    const patched = patchItem({ target: server, before: fromThunderbird({ text: held }), after: fromThunderbird({ text: now }), lossySource: true });
    const was = attendeeLines(server);
    const got = attendeeLines(patched);
    expect(got.filter((l) => !l.toLowerCase().endsWith("petr.svoboda@example.cz"))).toEqual(was.filter((l) => !l.toLowerCase().endsWith("petr.svoboda@example.cz")));
    expect(got.find((l) => l.toLowerCase().endsWith("petr.svoboda@example.cz"))).toBe(
      "ATTENDEE;CN=Petr Svoboda;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE;SCHEDULE-STATUS=1.1:mailto:petr.svoboda@example.cz",
    );
    // Nothing else of the server's text moved (Thunderbird's modify stamps DTSTAMP / LAST-MODIFIED, which travel with an edit).
    const rest = (t: string): string[] => lines(t).filter((l) => !l.toLowerCase().endsWith("petr.svoboda@example.cz") && !/^(DTSTAMP|LAST-MODIFIED):/.test(l));
    expect(rest(patched)).toEqual(rest(server));
  });

  it("a meeting Thunderbird organizes with invitations on reaches the server with its attendees SCHEDULE-AGENT=CLIENT", async () => {
    const server = file("ics", "nextcloud-meeting-schedule-status.ics");
    const uid = "tb-organized-1@example.cz";
    const organized = server
      .replace(/\r\n[ \t]/g, "")
      .replace("UID:a1b2c3d4-e5f6-4711-8899-aabbccddeeff", `UID:${uid}\r\nX-MOZ-SEND-INVITATIONS:TRUE`)
      .replace(/ATTENDEE;CN=Petr Svoboda;[^\r]*/, "ATTENDEE;CN=Petr Svoboda;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:petr.svoboda@example.cz");
    await tb.call("davsyncCalendar.addItem", calendar.id, organized);
    const held = await tb.call<string>("davsyncCalendar.getItem", calendar.id, uid);
    expect(lines(held)).toContain("X-MOZ-SEND-INVITATIONS:TRUE"); // Thunderbird keeps its flag
    const toServer = fromThunderbird({ text: held });
    const petr = attendeeLines(toServer).find((l) => l.toLowerCase().endsWith("petr.svoboda@example.cz")) ?? "";
    expect(petr).toContain("SCHEDULE-AGENT=CLIENT");
  });

  it("an override with a UTC RECURRENCE-ID on the server, edited in Thunderbird, is edited once on the server", async () => {
    const server = file("ics", "davmail-utc-recurrence-id.ics");
    const uid = parseItem({ text: server }).uid;
    await tb.call("davsyncCalendar.addItem", calendar.id, toThunderbird({ text: server }));
    const held = await tb.call<string>("davsyncCalendar.getItem", calendar.id, uid);
    console.log(`[fidelity-people] Thunderbird's RECURRENCE-IDs: ${lines(held).filter((l) => l.startsWith("RECURRENCE-ID")).join(" | ")}`);
    expect(contentHash({ text: fromThunderbird({ text: held }) })).toBe(contentHash({ text: server }));
    await tb.call("davsyncCalendar.modifyItem", calendar.id, held.replace("SUMMARY:Koordinace dodávek – online", "SUMMARY:Koordinace – Teams"));
    const now = await tb.call<string>("davsyncCalendar.getItem", calendar.id, uid);
    const patched = patchItem({ target: server, before: fromThunderbird({ text: held }), after: fromThunderbird({ text: now }), lossySource: true });
    const item = parseItem({ text: patched });
    const summaries = item.format === "icalendar" ? item.overrides.map((o) => o.props.find((p) => p.name === "SUMMARY")?.value) : [];
    expect(summaries).toEqual(["Koordinace dodávek (posunuto)", "Koordinace – Teams"]);
    expect(lines(patched).filter((l) => l.startsWith("RECURRENCE-ID"))).toEqual(["RECURRENCE-ID:20270308T080000Z", "RECURRENCE-ID:20270405T070000Z"]);
  });

  it("a vCard 3.0 card Thunderbird rewrites with vCard 4 syntax patches back in 3.0 syntax, only the edit changing", async () => {
    const server = file("vcf", "easy-contact-v3-typed.vcf");
    const id = await tb.call<string>("contacts.create", bookId, { vCard: server });
    const get = async (): Promise<string> => (await tb.call<{ properties: { vCard: string } }>("contacts.get", id)).properties.vCard;
    const held = await get();
    // A legacy-property update goes through Thunderbird's VCardProperties, as its contact editor does.
    await tb.call("contacts.update", id, { JobTitle: "Ředitelka nákupu" });
    const rewritten = await get();
    console.log(`[fidelity-people] Thunderbird's rewrite:\n${rewritten}`);
    // Thunderbird 153 keeps VERSION:3.0 but writes vCard 4 parameters (EMAIL;PREF=1, TEL;…;VALUE=TEXT, BDAY;VALUE=DATE).
    expect(lines(rewritten).some((l) => /;PREF=1|VALUE=TEXT/.test(l))).toBe(true);
    const patched = patchItem({ target: server, before: held, after: rewritten, lossySource: true });
    const got = lines(patched);
    expect(got).toContain("VERSION:3.0");
    expect(got).toContain("TITLE:Ředitelka nákupu");
    // Every construct Thunderbird respelled is the server's own line still (TEL, BDAY, PHOTO, ADR, …).
    const changed = got.filter((l) => !lines(server).includes(l));
    console.log(`[fidelity-people] server lines changed by the patch: ${JSON.stringify(changed)}`);
    // The legacy-property API itself loses EMAIL types and types URL as work: those lines may change,
    // but only in vCard 3 syntax.
    expect(changed.filter((l) => !/^(TITLE|EMAIL|URL)[;:]/.test(l))).toEqual([]);
    expect(changed.filter((l) => /;PREF=|VALUE=TEXT|TYPE=[a-z]/.test(l))).toEqual([]);
    for (const keep of lines(server).filter((l) => /^(TEL|BDAY|X-ANNIVERSARY|PHOTO|ADR|N|ORG|CATEGORIES|X-EASY-ENTITY)[;:]/.test(l))) expect(got).toContain(keep);
  });
});
