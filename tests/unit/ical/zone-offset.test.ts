// zoneOffset (the memo in front of ICAL.Timezone#utcOffset) answers exactly what utcOffset answers
// on a separate copy of the zone: every day of several years at the hours DST rules use, in random
// order (answers remembered per day and per time are reused), across a table extension (a far
// future year) and for a zone whose changes fall at midnight and at half hours.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { zoneOffset, type WallFields } from "../../../src/ical/zone-offset";

const CORPUS = join(import.meta.dirname, "../../fixtures/corpus/ics");

/** Changes at local midnight and at 01:30 (Santiago- and Lord-Howe-like rules). */
const ODD_ZONE = [
  "BEGIN:VTIMEZONE", "TZID:Test/Odd",
  "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0300", "DTSTART:19700906T000000", "RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=1SU", "END:DAYLIGHT",
  "BEGIN:STANDARD", "TZOFFSETFROM:-0300", "TZOFFSETTO:-0430", "DTSTART:19700405T013000", "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

function zoneTexts(): string[] {
  const texts = new Set<string>([ODD_ZONE]);
  for (const name of readdirSync(CORPUS).filter((n) => n.endsWith(".ics"))) {
    try {
      const root = new ICAL.Component(ICAL.parse(readFileSync(join(CORPUS, name), "utf8")));
      for (const vtz of root.getAllSubcomponents("vtimezone")) texts.add(vtz.toString());
    } catch {
      // the corpus holds deliberately broken files too
    }
  }
  return [...texts];
}

const zoneOf = (text: string) => new ICAL.Timezone(new ICAL.Component(ICAL.parse(text)));

function wall(y: number, mo: number, d: number, h: number, mi: number, s: number): WallFields {
  return { y, mo, d, h, mi, s, ms: Date.UTC(y, mo - 1, d, h, mi, s) };
}

/** Deterministic shuffle (mulberry32). */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function wallTimes(years: number[]): WallFields[] {
  const out: WallFields[] = [];
  const times = [[0, 0, 0], [0, 30, 0], [1, 30, 0], [1, 59, 59], [2, 0, 0], [2, 30, 0], [3, 0, 0], [12, 0, 0], [23, 59, 59]] as const;
  for (const y of years) {
    for (let ms = Date.UTC(y, 0, 1); ms < Date.UTC(y + 1, 0, 1); ms += 86_400_000) {
      const day = new Date(ms);
      for (const [h, mi, s] of times) out.push(wall(y, day.getUTCMonth() + 1, day.getUTCDate(), h, mi, s));
    }
  }
  return out;
}

describe("zoneOffset", () => {
  const texts = zoneTexts();

  it("finds the corpus' zones", () => {
    expect(texts.length).toBeGreaterThanOrEqual(8);
  });

  it("equals utcOffset on every day of 2026–2027, in any order, for every zone", () => {
    const walls = wallTimes([2026, 2027]);
    texts.forEach((text, i) => {
      const memoized = zoneOf(text);
      const reference = zoneOf(text);
      // Twice over: the second round answers from the memo.
      for (const w of [...shuffled(walls, i + 1), ...shuffled(walls, i + 100)]) {
        const want = reference.utcOffset(ICAL.Time.fromData({ year: w.y, month: w.mo, day: w.d, hour: w.h, minute: w.mi, second: w.s }));
        expect(zoneOffset({ zone: memoized, wall: w }), `${memoized.tzid} ${new Date(w.ms).toISOString()}`).toBe(want);
      }
    });
  });

  it("stays equal when a far year extends the zone's table", () => {
    for (const text of texts) {
      const memoized = zoneOf(text);
      const reference = zoneOf(text);
      for (const w of [...wallTimes([2026]), ...wallTimes([2061]), ...wallTimes([2026])]) {
        const want = reference.utcOffset(ICAL.Time.fromData({ year: w.y, month: w.mo, day: w.d, hour: w.h, minute: w.mi, second: w.s }));
        expect(zoneOffset({ zone: memoized, wall: w }), `${memoized.tzid} ${new Date(w.ms).toISOString()}`).toBe(want);
      }
    }
  });
});
