// Issue #7 item 3: an override whose RECURRENCE-ID one side writes in UTC and the other with a TZID
// (`RECURRENCE-ID:20260310T080000Z` vs `RECURRENCE-ID;TZID=Europe/Prague:20260310T090000`) is one
// override for the hash, patchItem and mergeFields: matched by instant, never duplicated, never dropped.
// Property-based (fast-check; the seed is fixed in CI, tests/setup/fast-check.ts).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash, mergeFields, parseItem, patchItem, utcOfWallTime } from "../../../src/ical";
import { unfoldLines } from "./helpers";

const PRAGUE_VTIMEZONE = [
  "BEGIN:VTIMEZONE", "TZID:Europe/Prague",
  "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
  "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
  "END:VTIMEZONE",
];

/** A zone with its VTIMEZONE in the item, or one resolved from the host's zone data (no VTIMEZONE). */
const ZONES = [
  { tzid: "Europe/Prague", vtimezone: PRAGUE_VTIMEZONE },
  { tzid: "America/New_York", vtimezone: [] as string[] },
  { tzid: "Asia/Tokyo", vtimezone: [] as string[] },
  { tzid: "W. Europe Standard Time", vtimezone: [] as string[] }, // Outlook's name, no VTIMEZONE: mapped to Europe/Berlin
];

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const basic = (d: Date): string =>
  `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;

interface Series {
  zone: (typeof ZONES)[number];
  /** Wall-clock start of the first occurrence (as a UTC Date holding the wall fields). */
  start: Date;
  count: number;
  /** Occurrence indexes with an override, and per override: written in UTC on side A / side B. */
  overrides: { index: number; utcA: boolean; utcB: boolean }[];
}

const ianaOf = (tzid: string): string => (tzid === "W. Europe Standard Time" ? "Europe/Berlin" : tzid);

function occurrenceWall(s: Series, index: number): Date {
  return new Date(s.start.getTime() + index * 7 * 86_400_000);
}

function rid(s: Series, index: number, utc: boolean): string {
  const wall = occurrenceWall(s, index);
  if (!utc) return `RECURRENCE-ID;TZID=${s.zone.tzid.includes(" ") ? `"${s.zone.tzid}"` : s.zone.tzid}:${basic(wall)}`;
  const ms = utcOfWallTime({
    zone: ianaOf(s.zone.tzid),
    wall: { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: 0 },
  });
  return `RECURRENCE-ID:${basic(new Date(ms ?? 0))}Z`;
}

function tz(s: Series): string {
  return s.zone.tzid.includes(" ") ? `"${s.zone.tzid}"` : s.zone.tzid;
}

/** The series as side A or B writes it; `summaries` overrides the SUMMARY of given overrides. */
function text(s: Series, side: "A" | "B", summaries: Record<number, string> = {}, without: number[] = []): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:-//corpus//${side}//EN`, ...s.zone.vtimezone];
  lines.push(
    "BEGIN:VEVENT", "UID:rid-fc@example.cz", "DTSTAMP:20260101T000000Z",
    `DTSTART;TZID=${tz(s)}:${basic(s.start)}`, `DTEND;TZID=${tz(s)}:${basic(new Date(s.start.getTime() + 3_600_000))}`,
    `RRULE:FREQ=WEEKLY;COUNT=${s.count}`, "SUMMARY:Porada", "END:VEVENT",
  );
  for (const o of s.overrides) {
    if (without.includes(o.index)) continue;
    const moved = new Date(occurrenceWall(s, o.index).getTime() + 2 * 3_600_000);
    lines.push(
      "BEGIN:VEVENT", "UID:rid-fc@example.cz", "DTSTAMP:20260101T000000Z",
      rid(s, o.index, side === "A" ? o.utcA : o.utcB),
      `DTSTART;TZID=${tz(s)}:${basic(moved)}`, `DTEND;TZID=${tz(s)}:${basic(new Date(moved.getTime() + 3_600_000))}`,
      `SUMMARY:${summaries[o.index] ?? `Přesunuto ${o.index}`}`, "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.join("\r\n") + "\r\n";
}

const series: fc.Arbitrary<Series> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    // 2026-2027, any day, 06:00–20:30 on the half hour: DST changes fall between occurrences.
    day: fc.integer({ min: 0, max: 700 }),
    halfHour: fc.integer({ min: 12, max: 41 }),
    count: fc.integer({ min: 2, max: 40 }),
    picks: fc.array(fc.record({ index: fc.nat(), utcA: fc.boolean(), utcB: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ zone, day, halfHour, count, picks }) => {
    const start = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000 + halfHour * 1_800_000);
    const seen = new Set<number>();
    const overrides = picks
      .map((p) => ({ ...p, index: p.index % count }))
      .filter((p) => (seen.has(p.index) ? false : (seen.add(p.index), true)));
    return { zone, start, count, overrides };
  });

const overrideSummaries = (t: string): string[] => {
  const item = parseItem({ text: t });
  if (item.format !== "icalendar") return [];
  return item.overrides.map((o) => o.props.find((p) => p.name === "SUMMARY")?.value ?? "").sort();
};

describe("RECURRENCE-ID in UTC on one side, with TZID on the other", () => {
  it("hashes equal", () => {
    fc.assert(
      fc.property(series, (s) => {
        expect(contentHash({ text: text(s, "A") })).toBe(contentHash({ text: text(s, "B") }));
      }),
    );
  });

  it("an override edited on one side patches the other side's same override: no duplicate, none dropped", () => {
    fc.assert(
      fc.property(series, fc.nat(), (s, k) => {
        const edited = s.overrides[k % s.overrides.length]?.index ?? 0;
        const out = patchItem({ target: text(s, "A"), before: text(s, "B"), after: text(s, "B", { [edited]: "Upraveno" }) });
        const expected = text(s, "A", { [edited]: "Upraveno" });
        expect(overrideSummaries(out)).toEqual(overrideSummaries(expected));
        expect(contentHash({ text: out })).toBe(contentHash({ text: expected }));
        // The target keeps its own spelling of every RECURRENCE-ID.
        const rids = (t: string): string[] => unfoldLines(t).filter((l) => l.startsWith("RECURRENCE-ID")).map((l) => l.replace(/"/g, "")).sort();
        expect(rids(out)).toEqual(rids(expected));
      }),
    );
  });

  it("an override added on one side that the other already holds in the other spelling is not duplicated", () => {
    fc.assert(
      fc.property(series, fc.nat(), (s, k) => {
        const added = s.overrides[k % s.overrides.length]?.index ?? 0;
        const out = patchItem({ target: text(s, "A"), before: text(s, "B", {}, [added]), after: text(s, "B") });
        expect(overrideSummaries(out)).toEqual(overrideSummaries(text(s, "A")));
      }),
    );
  });

  it("an override removed on one side is removed on the other", () => {
    fc.assert(
      fc.property(series, fc.nat(), (s, k) => {
        const removed = s.overrides[k % s.overrides.length]?.index ?? 0;
        const out = patchItem({ target: text(s, "A"), before: text(s, "B"), after: text(s, "B", {}, [removed]) });
        expect(overrideSummaries(out)).toEqual(overrideSummaries(text(s, "A", {}, [removed])));
      }),
    );
  });

  it("a field merge of both spellings keeps every override once, with both sides' edits", () => {
    fc.assert(
      fc.property(series, fc.nat(), fc.nat(), (s, i, j) => {
        const a = s.overrides[i % s.overrides.length]?.index ?? 0;
        const b = s.overrides[j % s.overrides.length]?.index ?? 0;
        const local = text(s, "B", { [a]: "Lokálně" });
        const remote = text(s, "A", { [b]: "Na serveru" });
        const merged = mergeFields({ base: text(s, "A"), local, remote, prefer: "remote" });
        const want = a === b ? { [b]: "Na serveru" } : { [a]: "Lokálně", [b]: "Na serveru" };
        expect(overrideSummaries(merged.text)).toEqual(overrideSummaries(text(s, "A", want)));
        expect(merged.conflicts).toEqual(a === b ? [expect.stringMatching(/\/SUMMARY$/)] : []);
        // Without a base (union merge) too.
        const union = mergeFields({ base: undefined, local: text(s, "B"), remote: text(s, "A"), prefer: "remote" });
        expect(overrideSummaries(union.text)).toEqual(overrideSummaries(text(s, "A")));
      }),
    );
  });

  it("unchanged consistent spellings hash as before (a TZID RECURRENCE-ID in the master's zone is not rewritten)", () => {
    const s: Series = { zone: ZONES[0] as Series["zone"], start: new Date(Date.UTC(2026, 2, 2, 9, 0)), count: 10, overrides: [{ index: 1, utcA: false, utcB: true }] };
    const a = text(s, "A");
    expect(unfoldLines(a)).toContain("RECURRENCE-ID;TZID=Europe/Prague:20260309T090000");
    expect(unfoldLines(text(s, "B"))).toContain("RECURRENCE-ID:20260309T080000Z");
    expect(contentHash({ text: a })).toBe(contentHash({ text: text(s, "B") }));
  });

  it("DATE recurrence ids match by date", () => {
    const allDay = (r: string, summary: string): string =>
      ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//EN", "BEGIN:VEVENT", "UID:d@x", "DTSTART;VALUE=DATE:20260302", "RRULE:FREQ=WEEKLY;COUNT=5", "SUMMARY:A", "END:VEVENT",
        "BEGIN:VEVENT", "UID:d@x", r, "DTSTART;VALUE=DATE:20260310", `SUMMARY:${summary}`, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
    const out = patchItem({ target: allDay("RECURRENCE-ID;VALUE=DATE:20260309", "x"), before: allDay("RECURRENCE-ID:20260309", "x"), after: allDay("RECURRENCE-ID:20260309", "y") });
    expect(overrideSummaries(out)).toEqual(["y"]);
  });
});

describe("corpus: DavMail writes the overrides' RECURRENCE-ID in UTC, Thunderbird in the series' zone", () => {
  const corpusText = readFileSync(fileURLToPath(new URL("../../fixtures/corpus/ics/davmail-utc-recurrence-id.ics", import.meta.url)), "utf8");
  // What Thunderbird holds: the same item with RECURRENCE-ID;TZID=Europe/Prague (09:00 CET, 09:00 CEST).
  const thunderbird = corpusText
    .replace("RECURRENCE-ID:20270308T080000Z", "RECURRENCE-ID;TZID=Europe/Prague:20270308T090000")
    .replace("RECURRENCE-ID:20270405T070000Z", "RECURRENCE-ID;TZID=Europe/Prague:20270405T090000");

  it("both spellings hash equal and an override edit in Thunderbird lands on the server's override", () => {
    expect(contentHash({ text: thunderbird })).toBe(contentHash({ text: corpusText }));
    const out = patchItem({ target: corpusText, before: thunderbird, after: thunderbird.replace("SUMMARY:Koordinace dodávek – online", "SUMMARY:Koordinace – Teams"), lossySource: true });
    expect(overrideSummaries(out)).toEqual(["Koordinace dodávek (posunuto)", "Koordinace – Teams"]);
    expect(unfoldLines(out).filter((l) => l.startsWith("RECURRENCE-ID"))).toEqual(["RECURRENCE-ID:20270308T080000Z", "RECURRENCE-ID:20270405T070000Z"]);
  });
});
