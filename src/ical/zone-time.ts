// utcOfWallTime: the UTC instant of a wall-clock time in an IANA zone, computed with the host's
// Intl time-zone data (Node, Thunderbird and browsers all ship it). Used when an item names a zone
// without carrying its VTIMEZONE (Outlook: "TZID=Pacific Standard Time", no definition), so
// such items still compare by instant. Undefined when the host does not know the zone.

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
      });
    } catch {
      f = null; // RangeError: an unknown zone name
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC (ms) at the instant `utcMs`. */
function offsetAt(params: { f: Intl.DateTimeFormat; utcMs: number }): number {
  const parts = Object.fromEntries(params.f.formatToParts(new Date(params.utcMs)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(params.utcMs / 1000) * 1000;
}

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * UTC ms of `wall` in `zone`. A time inside a spring-forward gap resolves like RFC 5545 §3.3.5
 * says (the offset before the gap, i.e. it moves forward); an ambiguous autumn time takes the
 * first (daylight) occurrence.
 */
export function utcOfWallTime(params: { zone: string; wall: WallTime }): number | undefined {
  const f = formatterFor(params.zone);
  if (!f) return undefined;
  const { year, month, day, hour, minute, second } = params.wall;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes converge for every real zone: guess with the offset at the naive instant, then
  // correct with the offset at the guess.
  const before = offsetAt({ f, utcMs: asUtc - 86_400_000 });
  const after = offsetAt({ f, utcMs: asUtc + 86_400_000 });
  const candidates = [asUtc - before, asUtc - after].filter((t) => asUtc - offsetAt({ f, utcMs: t }) === t);
  if (candidates.length > 0) return Math.min(...candidates);
  return asUtc - before; // in a gap: keep the offset in force before it
}
