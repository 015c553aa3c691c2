import { describe, expect, it } from "vitest";
import { ItemParseError, parseItem } from "../../../src/ical";
import { fixture } from "./helpers";

function parseError(text: string): ItemParseError {
  try {
    parseItem({ text });
  } catch (e) {
    if (e instanceof ItemParseError) return e;
    throw e;
  }
  throw new Error("expected ItemParseError");
}

describe("parseItem", () => {
  it("reads a weekly series: master, two overrides, the VTIMEZONE it uses", () => {
    const item = parseItem({ text: fixture("event-weekly-prague.ics") });
    expect(item.format).toBe("icalendar");
    if (item.format !== "icalendar") return;
    expect(item.kind).toBe("event");
    expect(item.uid).toBe("weekly-prague-1@example.cz");
    expect(item.master?.props.find((p) => p.name === "RRULE")?.value).toBe("FREQ=WEEKLY;BYDAY=MO;COUNT=10");
    expect(item.overrides).toHaveLength(2);
    expect(item.timezones.map((t) => t.props.find((p) => p.name === "TZID")?.value)).toEqual(["Europe/Prague"]);
  });

  it("reads a recurrence-only resource (invited to single occurrences): no master", () => {
    const text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r\nRECURRENCE-ID:20260301T100000Z\nDTSTART:20260301T110000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    const item = parseItem({ text });
    expect(item.format === "icalendar" && [item.master, item.overrides.length]).toEqual([undefined, 1]);
  });

  it("reads a task", () => {
    const item = parseItem({ text: fixture("todo-due-completed.ics") });
    expect([item.kind, item.uid]).toEqual(["task", "todo-42@example.cz"]);
  });

  it("reads vCard 3.0 with groups and vCard 4.0 with TEL;VALUE=uri", () => {
    const v3 = parseItem({ text: fixture("contact-v3.vcf") });
    expect(v3.format === "vcard" && v3.version).toBe("3.0");
    const email = v3.root.props.find((p) => p.name === "EMAIL");
    expect(email?.group).toBe("item1");
    expect(email?.params.filter((p) => p.name === "TYPE").flatMap((p) => p.values)).toEqual(["INTERNET", "WORK", "pref"]);
    const v4 = parseItem({ text: fixture("contact-v4.vcf") });
    expect(v4.format === "vcard" && v4.version).toBe("4.0");
    const tel = v4.root.props.find((p) => p.name === "TEL");
    expect(tel?.params).toContainEqual({ name: "VALUE", values: ["uri"] });
    expect(tel?.params).toContainEqual({ name: "TYPE", values: ["cell,voice"] });
  });

  it("keeps quoted parameter values with separators in them", () => {
    const item = parseItem({ text: fixture("event-weekly-prague.ics") });
    const organizer = item.root.comps[1]?.props.find((p) => p.name === "ORGANIZER");
    expect(organizer?.params).toEqual([{ name: "CN", values: ["Jan Novák"] }]);
  });

  it.each([
    ["broken-two-uids.ics", "multiple-uids", /2 items with different UIDs: a@x, b@x/],
    ["broken-mismatched-end.ics", "structure", /END:VCALENDAR closes BEGIN:VEVENT of line 3 \(line 7\)/],
    ["broken-unclosed.ics", "structure", /BEGIN:VCALENDAR is never closed \(line 1\)/],
    ["broken-no-colon.ics", "syntax", /expected ":" .* SUMMARY \(line 6, SUMMARY\)/],
    ["broken-bad-date.ics", "value", /"2026-03-01 10:00" is not a DATE or DATE-TIME \(line 5, DTSTART\)/],
    ["broken-no-uid.ics", "no-uid", /VEVENT without UID \(line 3\)/],
    ["broken-unterminated-quote.vcf", "syntax", /unterminated quote in parameter X-NOTE \(line 4, FN\)/],
  ])("%s → ItemParseError %s with the place", (name, code, message) => {
    const err = parseError(fixture(name));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it("reports the UIDs of a multi-item resource", () => {
    expect(parseError(fixture("broken-two-uids.ics")).uids).toEqual(["a@x", "b@x"]);
  });

  it.each([
    ["", "no-item"],
    ["hello", "syntax"],
    ["BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "no-item"],
    ["BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\nBEGIN:VTODO\nUID:x\nEND:VTODO\nEND:VCALENDAR", "mixed-kinds"],
    ["BEGIN:VCARD\nVERSION:4.0\nUID:a\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nUID:b\nEND:VCARD\n", "multiple-uids"],
    [" continuation first", "syntax"],
    ["SUMMARY:outside\n", "structure"],
    ["END:VEVENT\n", "structure"],
    ["BEGIN:VJOURNAL\nUID:j\nEND:VJOURNAL\n", "no-item"],
  ])("broken input %j gives %s, not a crash", (text, code) => {
    expect(parseError(text).code).toBe(code);
  });

  it("accepts LF, CRLF, CR line ends, a BOM and tab continuations alike", () => {
    const lf = "\uFEFFBEGIN:VCARD\nVERSION:4.0\nUID:u\nFN:Jan\n\tNovák\nEND:VCARD\n";
    for (const text of [lf, lf.replace(/\n/g, "\r\n"), lf.replace(/\n/g, "\r")]) {
      const item = parseItem({ text });
      expect(item.root.props.find((p) => p.name === "FN")?.value).toBe("JanNovák");
    }
  });
});
