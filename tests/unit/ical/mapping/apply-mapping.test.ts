// applyMapping: the steps composed in their documented order, each direction mirroring the other,
// vCards untouched, and the byte-for-byte promise when nothing applies.
import { describe, expect, it } from "vitest";
import { applyMapping, contentHash, ItemParseError, type MappingProfile } from "../../../../src/ical";
import { newProfile } from "../../../../src/core/profile";
import { fixture, unfoldLines } from "../helpers";

const defaults = newProfile({ id: "p1", kind: "events", name: "Schůzky", url: "https://demo.easyproject.cz/caldav/" });
const at = (iso: string): number => Date.parse(iso);

/** The "several server calendars into one Thunderbird calendar" profile of the Meetings calendar. */
const meetings: MappingProfile = {
  categoryFilter: { kind: "category", name: "Schůzky EP", includeUncategorized: false, invert: false, sticky: false },
  mapping: {
    reminders: "upcoming",
    privacy: { privateToConfidential: true, confidentialToPrivate: true, publicToPrivate: false, publicToNoClass: false },
    customProperties: [{ local: "X-MOZ-EASY-PROJECT", server: "X-EASY-PROJECT" }],
  },
};

describe("applyMapping", () => {
  it("to-local: renames, maps CLASS, filters alarms and adds the profile's category", () => {
    const text = fixture("mapping/custom-properties.ics").replace("CLASS:PUBLIC", "CLASS:CONFIDENTIAL");
    const lines = unfoldLines(applyMapping({ text, profile: meetings, direction: "to-local", now: at("2026-03-01T00:00:00Z") }));
    expect(lines).toContain("X-MOZ-EASY-PROJECT;X-EASY-ID=42;LANGUAGE=cs:Rozpočet\\, 2026");
    expect(lines).toContain("CLASS:PRIVATE");
    expect(lines).toContain("CATEGORIES:Schůzky EP");
  });

  it("to-server: the category removed, CLASS mapped, properties renamed back", () => {
    const local = fixture("mapping/custom-properties.ics")
      .replace("CLASS:PUBLIC", "CLASS:PRIVATE\r\nCATEGORIES:Schůzky EP,Práce")
      .replace("X-EASY-PROJECT;", "X-MOZ-EASY-PROJECT;");
    const lines = unfoldLines(applyMapping({ text: local, profile: meetings, direction: "to-server" }));
    expect(lines).toContain("CLASS:CONFIDENTIAL");
    expect(lines).toContain("CATEGORIES:Práce");
    expect(lines).toContain("X-EASY-PROJECT;X-EASY-ID=42;LANGUAGE=cs:Rozpočet\\, 2026");
  });

  it("drops past alarms on the way in only; the way back has no alarm step", () => {
    const series = fixture("mapping/series-count-alarm.ics");
    const local = applyMapping({ text: series, profile: meetings, direction: "to-local", now: at("2026-12-01T00:00:00Z") });
    expect(local).not.toContain("BEGIN:VALARM");
    expect(applyMapping({ text: series, profile: meetings, direction: "to-server" })).toContain("BEGIN:VALARM");
  });

  it("an inverted filter marks nothing: no category is shared by all server items", () => {
    const profile = { ...meetings, categoryFilter: { ...meetings.categoryFilter, invert: true } } as MappingProfile;
    const text = fixture("mapping/uncategorized.ics");
    expect(applyMapping({ text, profile, direction: "to-local", now: 0 })).not.toContain("CATEGORIES");
  });

  it("returns the text byte for byte when nothing applies (new-profile defaults, alarms ahead)", () => {
    for (const name of ["mapping/czech-categories.ics", "mapping/series-count-alarm.ics", "event-weekly-prague-server.ics", "todo-due-completed.ics"]) {
      const text = fixture(name);
      expect(applyMapping({ text, profile: defaults, direction: "to-local", now: at("2026-01-01T00:00:00Z") })).toBe(text);
      expect(applyMapping({ text, profile: defaults, direction: "to-server" })).toBe(text);
    }
  });

  it("leaves vCards alone", () => {
    const card = fixture("contact-v4.vcf");
    expect(applyMapping({ text: card, profile: meetings, direction: "to-local", now: 0 })).toBe(card);
  });

  it("mirrors: to-server undoes to-local for a server item without the profile's category", () => {
    const text = fixture("mapping/czech-categories.ics");
    const local = applyMapping({ text, profile: meetings, direction: "to-local", now: 0 });
    expect(contentHash({ text: applyMapping({ text: local, profile: meetings, direction: "to-server" }) })).toBe(contentHash({ text }));
  });

  it("reports bad input and a bad clock as ItemParseError", () => {
    expect(() => applyMapping({ text: "BEGIN:VCALENDAR\r\n", profile: meetings, direction: "to-server" })).toThrow(ItemParseError);
    expect(() => applyMapping({ text: fixture("mapping/uncategorized.ics"), profile: meetings, direction: "to-local", now: Number.NaN })).toThrow(ItemParseError);
  });
});
