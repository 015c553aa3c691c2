// itemSpan: the time an event or task covers, from its first start to its last end (null = repeats
// forever), for the profile's time window. Deliberately generous: times are read as UTC whatever
// their TZID and the span is padded by a day, because an item wrongly "inside" is merely synced,
// while one wrongly "outside" would be skipped. Recurrences are walked with ical.js (COUNT rules).
import ICAL from "ical.js";
import type { Comp, Prop } from "./content-line";
import { parseItem, type ParsedItem } from "./parse-item";

/** First start and last end in ms since the epoch; `end: null` = repeats forever (src/dav ItemSpan). */
export interface ItemSpan {
  start: number;
  end: number | null;
}

const DAY_MS = 86_400_000;
/** A COUNT rule longer than this is treated as endless rather than walked. */
const MAX_WALK = 5000;

function firstProp(params: { comp: Comp; name: string }): Prop | undefined {
  return params.comp.props.find((p) => p.name === params.name);
}

/** 20260105, 20260105T100000, 20260105T100000Z → ms (UTC reading). */
export function stampMs(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?/.exec(value.trim());
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

function durationMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  try {
    return ICAL.Duration.fromString(value.trim()).toSeconds() * 1000;
  } catch {
    return undefined;
  }
}

/** Start and end of one component's first instance; undefined when it has no dates at all. */
function instanceSpan(comp: Comp): { start: number; length: number } | undefined {
  const startProp = firstProp({ comp, name: "DTSTART" }) ?? firstProp({ comp, name: "DUE" });
  const start = startProp ? stampMs(startProp.value) : undefined;
  if (start === undefined) return undefined;
  const endProp = firstProp({ comp, name: "DTEND" }) ?? firstProp({ comp, name: "DUE" });
  const end = endProp ? stampMs(endProp.value) : undefined;
  const isDate = startProp!.value.trim().length === 8;
  const length = end !== undefined && end >= start ? end - start : (durationMs(firstProp({ comp, name: "DURATION" })?.value) ?? (isDate ? DAY_MS : 0));
  return { start, length };
}

/** Start of the last occurrence of the master's RRULE; null when it never ends. */
function lastOccurrence(params: { comp: Comp; start: number }): number | null {
  const rrule = firstProp({ comp: params.comp, name: "RRULE" });
  if (!rrule) return params.start;
  const recur = ICAL.Recur.fromString(rrule.value.trim());
  if (recur.until) return recur.until.toJSDate().getTime();
  if (!recur.count) return null;
  if (recur.count > MAX_WALK) return null;
  const dtstart = ICAL.Time.fromJSDate(new Date(params.start), true);
  const iterator = recur.iterator(dtstart);
  let last = params.start;
  for (let i = 0; i < recur.count; i++) {
    const next = iterator.next();
    if (!next) break;
    last = next.toJSDate().getTime();
  }
  return last;
}

/** `item`: the text already parsed (inspectItem's), so the span costs no second parse. */
export function itemSpan(params: { text: string; item?: ParsedItem | undefined }): ItemSpan | undefined {
  const item = params.item ?? parseItem(params);
  if (item.format !== "icalendar") return undefined;
  let start = Infinity;
  let end: number | null = -Infinity;
  const widen = (from: number, to: number | null) => {
    start = Math.min(start, from);
    end = end === null || to === null ? null : Math.max(end, to);
  };
  if (item.master) {
    const first = instanceSpan(item.master);
    if (!first) return undefined; // an undated task: inside every window
    const last = lastOccurrence({ comp: item.master, start: first.start });
    widen(first.start, last === null ? null : last + first.length);
    for (const rdate of item.master.props.filter((p) => p.name === "RDATE")) {
      for (const v of rdate.value.split(",")) {
        const t = stampMs(v);
        if (t !== undefined) widen(t, t + first.length);
      }
    }
  }
  for (const override of item.overrides) {
    const s = instanceSpan(override);
    if (s) widen(s.start, s.start + s.length);
  }
  if (start === Infinity) return undefined;
  return { start: start - DAY_MS, end: end === null ? null : end + DAY_MS };
}
