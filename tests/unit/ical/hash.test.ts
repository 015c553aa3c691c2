import { describe, expect, it } from "vitest";
import { contentHash, fnv1a64, normalize } from "../../../src/ical";
import { fixture, insertAfter, refold, replaceLine, reverseProperties, unfoldLines } from "./helpers";

const event = fixture("event-weekly-prague.ics");
const hash = (text: string): string => contentHash({ text });

describe("fnv1a64", () => {
  it("matches the published FNV-1a 64 test vectors", () => {
    expect(fnv1a64({ text: "" })).toBe("cbf29ce484222325");
    expect(fnv1a64({ text: "a" })).toBe("af63dc4c8601ec8c");
    expect(fnv1a64({ text: "foobar" })).toBe("85944171f73967e8");
  });

  it("agrees with a BigInt reference on UTF-8 text", () => {
    const text = "Porada týmu – 📅 ";
    let h = 0xcbf29ce484222325n;
    for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    expect(fnv1a64({ text })).toBe(h.toString(16).padStart(16, "0"));
  });
});

describe("contentHash: same meaning, same hash", () => {
  const base = hash(event);
  it.each([
    ["refolded at 20 characters, LF", refold({ text: event, width: 20, eol: "\n" })],
    ["CRLF instead of LF", event.replace(/\n/g, "\r\n")],
    ["property order reversed", reverseProperties(event)],
    ["parameter order and quoting", replaceLine({ text: event, prefix: "ATTENDEE;CN=\"Petra", line: "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=accepted;CN=Petra Svobodová:MAILTO:petra@example.cz" })],
    ["DTSTAMP, LAST-MODIFIED, SEQUENCE, X-MOZ-GENERATION, PRODID changed", event.replace("DTSTAMP:20260301T120000Z", "DTSTAMP:20270101T000000Z").replace("LAST-MODIFIED:20260310T080000Z", "LAST-MODIFIED:20270101T000000Z").replace("SEQUENCE:2", "SEQUENCE:3").replace("X-MOZ-GENERATION:4", "X-MOZ-GENERATION:9").replace(/PRODID:.*/, "PRODID:-//Radicale//EN")],
    ["VTIMEZONE definition removed", event.replace(/BEGIN:VTIMEZONE[\s\S]*END:VTIMEZONE\n/, "")],
    ["overrides before the master", (() => {
      const [head, ...events] = event.split("BEGIN:VEVENT");
      return [head, ...events.slice(1).map((e) => e.replace("END:VCALENDAR\n", "")), events[0]?.replace("END:VCALENDAR\n", "")].join("BEGIN:VEVENT") + "END:VCALENDAR\n";
    })()],
    ["CATEGORIES split over two lines, other order", replaceLine({ text: event, prefix: "CATEGORIES", line: "CATEGORIES:Porady\\, týdenní\r\nCATEGORIES:Práce" })],
    ["redundant defaults (VALUE=DATE-TIME, no CALSCALE, WKST=MO, RRULE part order)", replaceLine({ text: replaceLine({ text: event, prefix: "CALSCALE", line: null }), prefix: "RRULE:FREQ=WEEKLY", line: "RRULE:COUNT=10;WKST=MO;BYDAY=MO;FREQ=WEEKLY" }).replace("DTSTART;TZID=Europe/Prague:20260302T090000", "DTSTART;VALUE=DATE-TIME;TZID=Europe/Prague:20260302T090000")],
    ["the same duration spelt differently", event.replace("TRIGGER;VALUE=DURATION:-PT15M", "TRIGGER:-P0DT0H15M0S")],
    ["old Mozilla TZID spelling", event.replaceAll("TZID=Europe/Prague", "TZID=/mozilla.org/20050126_1/Europe/Prague")],
    ["server bookkeeping parameter SCHEDULE-STATUS", event.replace("ROLE=REQ-PARTICIPANT:mailto:petra", "ROLE=REQ-PARTICIPANT;SCHEDULE-STATUS=1.2:mailto:petra")],
  ])("%s", (_name, text) => {
    expect(hash(text)).toBe(base);
  });

  it("vCard: group case, TYPE spelling, trailing N components, ical.js-escaped data: URI, REV", () => {
    const v3 = fixture("contact-v3.vcf");
    const variant = v3
      .replace("item1.EMAIL;type=INTERNET;type=WORK;type=pref", "ITEM1.EMAIL;TYPE=pref,WORK,INTERNET")
      .replace("item1.X-ABLabel", "ITEM1.X-ABLABEL")
      .replace("N:Novák;Jan;;Ing.;", "N:Novák;Jan;;Ing.")
      .replace("REV:2026-03-01T10:00:00Z", "REV:20260401T000000Z");
    expect(hash(variant)).toBe(hash(v3));
    expect(hash(fixture("contact-v4-escaped-photo.vcf"))).toBe(hash(fixture("contact-v4.vcf")));
  });
});

describe("contentHash: a real change, a different hash", () => {
  const base = hash(event);
  it.each([
    ["SUMMARY", event.replace("Porada týmu – plánování", "Porada týmu – plánovaní")],
    ["an override's DTSTART", event.replace("DTSTART;TZID=Europe/Prague:20260309T130000", "DTSTART;TZID=Europe/Prague:20260309T133000")],
    ["EXDATE added", insertAfter({ text: event, prefix: "EXDATE", line: "EXDATE;TZID=Europe/Prague:20260323T090000" })],
    ["a PARTSTAT", event.replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=DECLINED")],
    ["a category", event.replace("Porady\\, týdenní", "Porady\\, měsíční")],
    ["escaped comma turned into a separator", event.replace("Porady\\, týdenní", "Porady, týdenní")],
    ["CLASS", event.replace("CLASS:PRIVATE", "CLASS:CONFIDENTIAL")],
    ["the HTML description", event.replace("<p>Agenda:</p>", "<p>Program:</p>")],
    ["a parameter of an X- property", event.replace("X-EASY-TYPE=meeting", "X-EASY-TYPE=task")],
    ["the alarm trigger", event.replace("-PT15M", "-PT30M")],
    ["alarm acknowledged (X-MOZ-LASTACK is kept on purpose)", event.replace("X-MOZ-LASTACK:20260309T075000Z", "X-MOZ-LASTACK:20260316T075000Z")],
    ["TZID", event.replace("DTSTART;TZID=Europe/Prague:20260302T090000", "DTSTART;TZID=Europe/Berlin:20260302T090000")],
    ["an override removed", event.replace(/BEGIN:VEVENT\nUID:weekly-prague-1@example.cz\nDTSTAMP:20260301T120000Z\nRECURRENCE-ID[\s\S]*?END:VEVENT\n/, "")],
  ])("%s", (_name, text) => {
    expect(text).not.toBe(event);
    expect(hash(text)).not.toBe(base);
  });

  it("vCard: an email, a phone type, the photo", () => {
    const v4 = fixture("contact-v4.vcf");
    for (const text of [v4.replace("petra@example.cz", "petra2@example.cz"), v4.replace("TYPE=work:tel", "TYPE=home:tel"), v4.replace("60e6kg", "60e6kh")]) {
      expect(hash(text)).not.toBe(hash(v4));
    }
  });
});

describe("normalize", () => {
  it("leaves out volatile properties and VTIMEZONE, keeps X- properties", () => {
    const n = normalize({ text: event });
    for (const gone of ["DTSTAMP", "PRODID", "LAST-MODIFIED", "X-MOZ-GENERATION", "BEGIN:VTIMEZONE", "UID:"]) expect(n).not.toContain(gone);
    for (const kept of ["X-MOZ-LASTACK", "X-EASY-ENTITY", "X-ALT-DESC", "BEGIN:VALARM"]) expect(n).toContain(kept);
    expect(unfoldLines(n).length).toBeGreaterThan(20);
  });
});
