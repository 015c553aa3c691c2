// Property-based tests (fast-check) for Windows / IANA zone normalization: for any Windows zone,
// any spelling of it and any wall time, the item hashes and identifies like the same item written
// with the IANA zone; the instant is the wall time in that zone; different zones stay different;
// toThunderbird changes the spelling, never the content; floating stays floating.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash, ianaTzid, itemIdentity, toThunderbird, windowsZoneTable } from "../../../src/ical";

const ZONES = windowsZoneTable();

/** Proper-case, upper-case, lower-case and quoted spellings of a Windows id as producers vary it. */
const spelling = (id: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    id.replace(/\b([a-z])/g, (c) => c.toUpperCase()).replace(/\bUtc\b/g, "UTC").replace(/\b(Gmt|Fle|Gtb|Se|Sa|Us|Aus)\b/g, (w) => w.toUpperCase()),
    id.toUpperCase(),
    id,
    `"${id}"`,
  );

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const wallTime = fc.record({
  year: fc.integer({ min: 2000, max: 2037 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 15, 30, 45),
});
type Wall = { year: number; month: number; day: number; hour: number; minute: number };
const stamp = (w: Wall): string => `${w.year}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}00`;

function event(params: { tzid: string | undefined; wall: Wall }): string {
  const tz = params.tzid === undefined ? "" : `;TZID=${params.tzid}`;
  return [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fc//EN", "BEGIN:VEVENT", "UID:zone-prop@fc.test", "DTSTAMP:20260101T000000Z",
    `DTSTART${tz}:${stamp(params.wall)}`, "DURATION:PT1H", "SUMMARY:Zone property", "END:VEVENT", "END:VCALENDAR", "",
  ].join("\r\n");
}

const startOf = (text: string): string => itemIdentity({ text }).matchKey.split("|")[2] ?? "";

/** The wall time of a UTC "YYYYMMDDTHHMMSSZ" in `zone`, by the host's Intl data. */
function wallIn(params: { utc: string; zone: string }): string {
  const u = params.utc;
  const date = new Date(Date.UTC(+u.slice(0, 4), +u.slice(4, 6) - 1, +u.slice(6, 8), +u.slice(9, 11), +u.slice(11, 13)));
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: params.zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

describe("Windows / IANA zone normalization (property-based)", () => {
  it("any spelling of a Windows zone hashes and identifies like its IANA zone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES).chain(([id, iana]) => fc.tuple(spelling(id), fc.constant(iana))), wallTime, ([windows, iana], wall) => {
        const [a, b] = [event({ tzid: windows, wall }), event({ tzid: iana, wall })];
        expect(contentHash({ text: a })).toBe(contentHash({ text: b }));
        expect(itemIdentity({ text: a }).matchKey).toBe(itemIdentity({ text: b }).matchKey);
      }),
      { numRuns: 300 },
    );
  });

  it("the instant is the wall time in the mapped zone (outside a DST gap)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), wallTime, ([windows, iana], wall) => {
        const utc = startOf(event({ tzid: windows, wall }));
        expect(utc).toMatch(/^\d{8}T\d{6}Z$/);
        const back = wallIn({ utc, zone: iana });
        // Only a wall time that does not exist (spring-forward gap) may come back different.
        if (back !== stamp(wall)) expect(Math.abs(Number(back.slice(9, 11)) - wall.hour) % 24).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it("two Windows zones that map to different IANA zones never hash equal", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...ZONES), wallTime, ([w1, i1], [w2, i2], wall) => {
        fc.pre(i1 !== i2);
        expect(contentHash({ text: event({ tzid: w1, wall }) })).not.toBe(contentHash({ text: event({ tzid: w2, wall }) }));
      }),
      { numRuns: 200 },
    );
  });

  it("toThunderbird writes the IANA name and keeps the content (hash) and the instant", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES).chain(([id]) => spelling(id)), wallTime, (windows, wall) => {
        const original = event({ tzid: windows, wall });
        const prepared = toThunderbird({ text: original });
        expect(prepared).toContain(`TZID=${ianaTzid({ tzid: windows })}:`);
        expect(contentHash({ text: prepared })).toBe(contentHash({ text: original }));
        expect(startOf(prepared)).toBe(startOf(original));
      }),
      { numRuns: 200 },
    );
  });

  it("a floating time stays floating and is compared as written", () => {
    fc.assert(
      fc.property(wallTime, (wall) => {
        const text = event({ tzid: undefined, wall });
        expect(startOf(text)).toBe(stamp(wall));
        expect(toThunderbird({ text })).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
