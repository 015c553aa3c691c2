// zonedWallToUtc (identity.ts's fast path for zoned DTSTART / DTEND in match keys) gives what
// ical.js's convertToZone(UTC) gives, for every VTIMEZONE of the corpus (IANA and Outlook names,
// northern and southern rules) at random wall times, DST gaps and overlaps included.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ICAL from "ical.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { zonedWallToUtc } from "../../../src/ical/identity";

const CORPUS = join(import.meta.dirname, "../../fixtures/corpus/ics");

function corpusZones(): ICAL.Timezone[] {
  const byText = new Map<string, ICAL.Timezone>();
  for (const name of readdirSync(CORPUS).filter((n) => n.endsWith(".ics"))) {
    let root: ICAL.Component;
    try {
      root = new ICAL.Component(ICAL.parse(readFileSync(join(CORPUS, name), "utf8")));
    } catch {
      continue; // the corpus holds deliberately broken files too
    }
    for (const vtz of root.getAllSubcomponents("vtimezone")) byText.set(vtz.toString(), new ICAL.Timezone(vtz));
  }
  return [...byText.values()];
}

const reference = (p: { y: number; mo: number; d: number; h: number; mi: number; s: number; zone: ICAL.Timezone }) =>
  ICAL.Time.fromData({ year: p.y, month: p.mo, day: p.d, hour: p.h, minute: p.mi, second: p.s, isDate: false }, p.zone).convertToZone(ICAL.Timezone.utcTimezone).toICALString();

const two = (n: number) => String(n).padStart(2, "0");

describe("zonedWallToUtc", () => {
  const zones = corpusZones();

  it("finds the corpus' zones", () => {
    expect(zones.length).toBeGreaterThanOrEqual(8);
  });

  it("equals ical.js's conversion at random wall times in every zone", () => {
    const wall = fc.record({
      y: fc.integer({ min: 1970, max: 2045 }),
      mo: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(wall, fc.integer({ min: 0, max: zones.length - 1 }), (w, z) => {
        const zone = zones[z]!;
        const value = `${w.y}${two(w.mo)}${two(w.d)}T${two(w.h)}${two(w.mi)}${two(w.s)}`;
        expect(zonedWallToUtc({ value, zone })).toBe(reference({ ...w, zone }));
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("equals it around every DST change (gaps and overlaps) of 2026", () => {
    for (const zone of zones) {
      // Every quarter hour of the days the rules usually change on (March, April, September to November).
      for (const [mo, from, to] of [[3, 8, 31], [4, 1, 7], [9, 25, 30], [10, 1, 31], [11, 1, 7]] as const) {
        for (let d = from; d <= to; d += 1) {
          for (let q = 0; q < 24 * 4; q += 1) {
            const h = Math.floor(q / 4);
            const mi = (q % 4) * 15;
            const value = `2026${two(mo)}${two(d)}T${two(h)}${two(mi)}00`;
            expect(zonedWallToUtc({ value, zone }), `${zone.tzid} ${value}`).toBe(reference({ y: 2026, mo, d, h, mi, s: 0, zone }));
          }
        }
      }
    }
  });

  it("leaves what is no calendar time, and early years, to ical.js", () => {
    const zone = zones[0]!;
    expect(zonedWallToUtc({ value: "20260230T100000", zone })).toBeUndefined();
    expect(zonedWallToUtc({ value: "20260105T250000", zone })).toBeUndefined();
    expect(zonedWallToUtc({ value: "00500105T100000", zone })).toBeUndefined();
    expect(zonedWallToUtc({ value: "20260105T100000Z", zone })).toBeUndefined();
  });
});
