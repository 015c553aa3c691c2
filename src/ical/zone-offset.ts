// zoneOffset: ICAL.Timezone#utcOffset of a wall time, remembered. ical.js searches its table of
// changes (transitions) and clones a change object per step, ~40 µs a call; a collection's events
// share a few zones and convert two values each. The answer depends only on the wall time and on
// that table, which utcOffset itself extends when asked for a year past what it covers; so the
// memo holds for one state of the table and starts over when it changes. Answers are exactly
// utcOffset's: they are utcOffset's.
import type ICAL from "ical.js";

/** A real wall time (calendarTime in identity.ts): its fields and those fields read as UTC, in ms. */
export interface WallFields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

/** What ical.js keeps of a zone's table of changes (expandedUntilYear is private in its types). */
interface ZoneTable {
  changes: unknown[];
  expandedUntilYear: number;
}

interface OffsetMemo {
  changes: unknown[];
  count: number;
  until: number;
  /**
   * Days (wall date as days since 1970) near a change, where the offset can differ within the
   * day; undefined when the table holds a change we cannot place (then every day counts as such).
   */
  nearChange: Set<number> | undefined;
  /** Offsets of days far from any change: one for the whole day. */
  byDay: Map<number, number>;
  /** Offsets of other wall times, by `ms`. */
  byTime: Map<number, number>;
}

const DAY_MS = 86_400_000;
const MEMO_SIZE = 10_000; // entries per map and zone: bounded whatever the dates
const memos = new WeakMap<ICAL.Timezone, OffsetMemo>();

/** A change's fields as ms, when they are a normal calendar time (what ical.js's adjust leaves). */
function changeMs(c: Record<string, unknown>): number | undefined {
  const fields = [c.year, c.month, c.day, c.hour, c.minute, c.second];
  if (!fields.every(Number.isInteger)) return undefined;
  const [y, mo, d, h, mi, s] = fields as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(ms);
  const normal = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
  return normal ? ms : undefined;
}

/**
 * The days on which utcOffset's answer may change. utcOffset compares the wall time field by field
 * (chronologically, for normal fields) with each change, with the change moved by its offset
 * before or after, and with the one before it: every point it compares with lies within the larger
 * of the two offsets of a change. A day that holds none of those points (one day of margin each
 * side) gets one answer for all its times.
 */
function daysNearChanges(changes: readonly unknown[]): Set<number> | undefined {
  const days = new Set<number>();
  for (const change of changes) {
    const c = change as Record<string, unknown>;
    const ms = changeMs(c);
    const reach = Math.max(Math.abs(Number(c.utcOffset)), Math.abs(Number(c.prevUtcOffset))) * 1000;
    if (ms === undefined || !Number.isFinite(reach) || reach > DAY_MS) return undefined;
    const last = Math.floor((ms + reach) / DAY_MS) + 1;
    for (let day = Math.floor((ms - reach) / DAY_MS) - 1; day <= last; day += 1) days.add(day);
  }
  return days;
}

const sameTable = (memo: OffsetMemo, table: ZoneTable): boolean =>
  memo.changes === table.changes && memo.count === table.changes.length && memo.until === table.expandedUntilYear;

function remember(map: Map<number, number>, key: number, offset: number): void {
  if (map.size >= MEMO_SIZE) map.clear();
  map.set(key, offset);
}

/** zone.utcOffset(wall), in seconds; from the memo when the zone's table has not changed since. */
export function zoneOffset(params: { zone: ICAL.Timezone; wall: WallFields }): number {
  const { zone, wall } = params;
  const table = zone as unknown as ZoneTable;
  const day = Math.floor(wall.ms / DAY_MS);
  let memo = memos.get(zone);
  // A year the table covers: utcOffset would not extend it, so an earlier answer still holds.
  if (memo && sameTable(memo, table) && table.changes.length > 0 && wall.y <= table.expandedUntilYear) {
    const known = memo.nearChange && !memo.nearChange.has(day) ? memo.byDay.get(day) : memo.byTime.get(wall.ms);
    if (known !== undefined) return known;
  }
  // utcOffset reads only these six fields of the time it is given.
  const offset = zone.utcOffset({ year: wall.y, month: wall.mo, day: wall.d, hour: wall.h, minute: wall.mi, second: wall.s } as ICAL.Time);
  if (!memo || !sameTable(memo, table)) {
    const { changes } = table;
    memo = { changes, count: changes.length, until: table.expandedUntilYear, nearChange: daysNearChanges(changes), byDay: new Map(), byTime: new Map() };
    memos.set(zone, memo);
  }
  if (memo.nearChange && !memo.nearChange.has(day)) remember(memo.byDay, day, offset);
  else remember(memo.byTime, wall.ms, offset);
  return offset;
}
