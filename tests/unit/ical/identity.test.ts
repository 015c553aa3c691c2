import { describe, expect, it } from "vitest";
import { itemIdentity } from "../../../src/ical";
import { fixture } from "./helpers";

describe("itemIdentity", () => {
  it("event: summary + start + end in UTC, across the DST switch of the zone", () => {
    const id = itemIdentity({ text: fixture("event-weekly-prague.ics") });
    expect(id.kind).toBe("event");
    expect(id.uid).toBe("weekly-prague-1@example.cz");
    expect(id.matchKey).toBe("event|porada týmu – plánování sprintu a přehled úkolů pro celý projekt easy|20260302T080000Z|20260302T090000Z");
    // The newest LAST-MODIFIED of the series (an override's), not only the master's.
    expect(id.lastModified).toBe(Date.UTC(2026, 2, 11, 10, 15, 0));
  });

  it("event: the same moment written in UTC has the same matchKey", () => {
    const text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:other\r\nSUMMARY:  Porada TÝMU – plánování sprintu a přehled úkolů pro celý projekt Easy \r\nDTSTART:20260302T080000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    expect(itemIdentity({ text }).matchKey).toBe(itemIdentity({ text: fixture("event-weekly-prague.ics") }).matchKey);
  });

  it("all-day event without DTEND lasts one day; TZID without VTIMEZONE stays floating with its zone", () => {
    const allDay = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:d\nSUMMARY:Svátek\nDTSTART;VALUE=DATE:20260505\nEND:VEVENT\nEND:VCALENDAR\n";
    expect(itemIdentity({ text: allDay }).matchKey).toBe("event|svátek|20260505|20260506");
    const unknownZone = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:z\nSUMMARY:X\nDTSTART;TZID=Mars/Olympus:20260505T100000\nDTEND;TZID=Mars/Olympus:20260505T110000\nEND:VEVENT\nEND:VCALENDAR\n";
    expect(itemIdentity({ text: unknownZone }).matchKey).toBe("event|x|20260505T100000[Mars/Olympus]|20260505T110000[Mars/Olympus]");
    expect(itemIdentity({ text: unknownZone }).lastModified).toBeUndefined();
  });

  it("task: summary (whitespace collapsed) + due", () => {
    const id = itemIdentity({ text: fixture("todo-due-completed.ics") });
    expect(id).toEqual({ kind: "task", uid: "todo-42@example.cz", matchKey: "task|odevzdat výkaz|20260331", lastModified: Date.UTC(2026, 2, 6, 11) });
  });

  it("contacts: formatted name + preferred email; REV in either ISO form", () => {
    const v3 = itemIdentity({ text: fixture("contact-v3.vcf") });
    expect(v3).toEqual({ kind: "contact", uid: "contact-v3-1", matchKey: "contact|ing. jan novák|jan.novak@example.cz", lastModified: Date.UTC(2026, 2, 1, 10) });
    const v4 = itemIdentity({ text: fixture("contact-v4.vcf") });
    expect(v4.matchKey).toBe("contact|petra svobodová|petra@example.cz");
    expect(v4.lastModified).toBe(Date.UTC(2026, 2, 2, 9));
  });

  it("contact without FN falls back to N", () => {
    const text = "BEGIN:VCARD\nVERSION:3.0\nUID:n\nN:Dvořák;Antonín;;;\nEND:VCARD\n";
    expect(itemIdentity({ text }).matchKey).toBe("contact|antonín dvořák|");
  });
});
