// The instants the reminder filter needs: when an item component's last occurrence starts and
// ends, and when each of its alarms last fires. Times in a named zone are resolved with the host's
// zone data (utcOfWallTime); floating ones, and zones the host does not know, carry a `slack` of
// 26 h (UTC−12 to UTC+14), so a caller that keeps "anything that may still be ahead" errs on
// the side of keeping. Undefined means "cannot tell" (no dates, bad value); null an endless series.
import ICAL from "ical.js";
import { normalizeTzid } from "../canonical";
import { firstProp, paramValue, type Comp, type Prop } from "../content-line";
import { ianaTzid } from "../windows-zones";
import { utcOfWallTime } from "../zone-time";

export interface Instant {
  ms: number;
  /** How far the true instant may lie after `ms` (0 when the zone was known). */
  slack: number;
}

const HOUR = 3_600_000;
/** A floating time's instant lies between wall − 14 h (UTC+14) and wall + 12 h (UTC−12). */
const FLOATING_SLACK = 26 * HOUR;
const DAY = 24 * HOUR;
/** A COUNT rule longer than this is treated as endless rather than walked. */
const MAX_WALK = 5000;

/** 20260105 or 20260105T100000[Z] → ms, reading the wall time as if it were UTC. */
function wallMs(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/i.exec(value.trim());
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

/** The wall time `wall` (UTC reading) of `value`'s zone as an instant. */
function resolve(params: { wall: number; value: string; tzid: string | undefined }): Instant {
  const { wall, value, tzid } = params;
  if (/Z$/i.test(value.trim())) return { ms: wall, slack: 0 };
  if (tzid !== undefined) {
    const d = new Date(wall);
    const wallTime = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
    const utc = utcOfWallTime({ zone: ianaTzid({ tzid: normalizeTzid(tzid) }), wall: wallTime });
    if (utc !== undefined) return { ms: utc, slack: 0 };
  }
  // Floating: Thunderbird reads it in the user's zone, which can be anywhere from UTC−12 to UTC+14.
  return { ms: wall - 14 * HOUR, slack: FLOATING_SLACK };
}

export function instantOf(params: { prop: Prop; value?: string }): Instant | undefined {
  const value = params.value ?? params.prop.value;
  const wall = wallMs(value);
  return wall === undefined ? undefined : resolve({ wall, value, tzid: paramValue({ prop: params.prop, name: "TZID" }) });
}

/** RFC 5545 DURATION (±PnW or ±PnDTnHnMnS) → ms. */
export function durationMs(value: string): number | undefined {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value.trim());
  if (!m || /^[+-]?PT?$/i.test(value.trim())) return undefined;
  const [, sign, w = "0", d = "0", h = "0", min = "0", s = "0"] = m;
  const ms = ((Number(w) * 7 + Number(d)) * 24 * 3600 + Number(h) * 3600 + Number(min) * 60 + Number(s)) * 1000;
  return sign === "-" ? -ms : ms;
}

/** Start of the component's first occurrence (DUE for a task without DTSTART). */
export function startOf(comp: Comp): Instant | undefined {
  const prop = firstProp({ comp, name: "DTSTART" }) ?? firstProp({ comp, name: "DUE" });
  return prop ? instantOf({ prop }) : undefined;
}

/** End of the first occurrence: DTEND / DUE, else start + DURATION, else a day for dates. */
export function endOf(comp: Comp): Instant | undefined {
  const endProp = firstProp({ comp, name: "DTEND" }) ?? firstProp({ comp, name: "DUE" });
  if (endProp) return instantOf({ prop: endProp });
  const startProp = firstProp({ comp, name: "DTSTART" });
  const start = startProp ? instantOf({ prop: startProp }) : undefined;
  if (!start || !startProp) return undefined;
  const duration = firstProp({ comp, name: "DURATION" });
  const length = duration ? durationMs(duration.value) : startProp.value.trim().length === 8 ? DAY : 0;
  return length === undefined ? undefined : { ms: start.ms + length, slack: start.slack };
}

/** The start of the last RRULE occurrence (an upper bound for UNTIL); null = endless. */
function lastRuleStart(params: { rule: Prop; dtstart: Prop }): Instant | null | undefined {
  const { rule, dtstart } = params;
  const until = /(?:^|;)UNTIL=([0-9TZ]+)/i.exec(rule.value)?.[1];
  if (until) return instantOf({ prop: dtstart, value: until });
  const count = Number(/(?:^|;)COUNT=(\d+)/i.exec(rule.value)?.[1] ?? NaN);
  if (!Number.isFinite(count) || count > MAX_WALK) return null;
  const first = wallMs(dtstart.value);
  if (first === undefined) return undefined;
  try {
    const iterator = ICAL.Recur.fromString(rule.value.trim()).iterator(ICAL.Time.fromJSDate(new Date(first), true));
    let last = first;
    for (let next = iterator.next(), i = 0; next && i < count; next = iterator.next(), i++) last = next.toJSDate().getTime();
    return resolve({ wall: last, value: dtstart.value, tzid: paramValue({ prop: dtstart, name: "TZID" }) });
  } catch {
    return undefined; // a rule ical.js cannot read: cannot tell
  }
}

/**
 * How far the last occurrence lies after the first (0 for a single occurrence); null for an
 * endless series. RDATEs count too; EXDATEs are ignored (a bound that is too late only keeps more).
 */
export function seriesShift(comp: Comp): number | null | undefined {
  const dtstart = firstProp({ comp, name: "DTSTART" });
  const first = dtstart ? instantOf({ prop: dtstart }) : undefined;
  const rule = firstProp({ comp, name: "RRULE" });
  const rdates = comp.props.filter((p) => p.name === "RDATE");
  if (!rule && rdates.length === 0) return 0;
  if (!dtstart || !first) return undefined;
  let last = first.ms;
  if (rule) {
    const end = lastRuleStart({ rule, dtstart });
    if (end === null || end === undefined) return end;
    last = Math.max(last, end.ms + end.slack);
  }
  for (const rdate of rdates) {
    for (const v of rdate.value.split(",")) {
      const at = instantOf({ prop: rdate, value: v.split("/")[0] ?? "" });
      if (at) last = Math.max(last, at.ms + at.slack);
    }
  }
  return last - first.ms;
}
