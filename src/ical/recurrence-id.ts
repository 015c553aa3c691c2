// RECURRENCE-ID by instant. One override may be written `RECURRENCE-ID:20260310T080000Z` by one
// side and `RECURRENCE-ID;TZID=Europe/Prague:20260310T090000` by the other (Exchange / DavMail
// write UTC, Thunderbird and Google the master's zone). Both name the same occurrence, so:
// - recurrenceInstant: the key diff / patch / merge match overrides by (UTC for zoned and UTC
//   values, the date for DATE values, the wall time for floating ones);
// - canonicalRecurrenceIds: for the hash, each RECURRENCE-ID rewritten in the zone of its series'
//   DTSTART (RFC 5545 §3.8.4.4 wants it in DTSTART's form), which leaves the common, consistent
//   spelling untouched (its hash does not change) and makes the other spelling hash equal.
// A TZID resolves through the item's VTIMEZONE, else the IANA zone (Windows names mapped);
// an unknown zone leaves the value as written.
import ICAL from "ical.js";
import { cloneComp, firstProp, paramValue, type Comp, type Prop } from "./content-line";
import { canonicalTzid, normalizeTzid } from "./canonical";
import { zoneFromComponent } from "./identity";
import { utcOfWallTime } from "./zone-time";

const UTC_TZIDS = new Set(["UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT"]);
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;

type Form = { kind: "date"; value: string } | { kind: "floating"; value: string } | { kind: "utc"; ms: number } | { kind: "zoned"; tzid: string; value: string };

function formOf(prop: Prop): Form {
  const value = prop.value.trim().toUpperCase();
  const m = DATE_TIME.exec(value);
  if (!m) return { kind: "date", value };
  const tzid = paramValue({ prop, name: "TZID" })?.trim();
  const utc = m[7] === "Z" || (tzid !== undefined && UTC_TZIDS.has(canonicalTzid(tzid).toUpperCase()));
  if (utc) {
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    return { kind: "utc", ms: Date.UTC(y, mo - 1, d, h, mi, s) };
  }
  return tzid ? { kind: "zoned", tzid, value } : { kind: "floating", value };
}

function vtimezone(params: { tzid: string; timezones: readonly Comp[] }): Comp | undefined {
  const want = normalizeTzid(params.tzid);
  return params.timezones.find((c) => normalizeTzid(firstProp({ comp: c, name: "TZID" })?.value ?? "") === want);
}

function wallParts(value: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const [year, month, day, hour, minute, second] = (DATE_TIME.exec(value) ?? []).slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return { year, month, day, hour, minute, second };
}

/** UTC ms of a zoned wall time, or undefined when the zone is unknown. */
function utcOfZoned(params: { tzid: string; value: string; timezones: readonly Comp[] }): number | undefined {
  const wall = wallParts(params.value);
  const vtz = vtimezone(params);
  if (vtz) {
    try {
      const time = ICAL.Time.fromData({ ...wall, isDate: false }, zoneFromComponent(vtz));
      return time.toUnixTime() * 1000;
    } catch {
      // a VTIMEZONE ical.js cannot use: fall back to the zone's name
    }
  }
  return utcOfWallTime({ zone: canonicalTzid(params.tzid), wall });
}

function basic(params: { year: number; month: number; day: number; hour: number; minute: number; second: number }): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${p(params.year, 4)}${p(params.month)}${p(params.day)}T${p(params.hour)}${p(params.minute)}${p(params.second)}`;
}

const utcBasic = (ms: number): string => {
  const d = new Date(ms);
  return `${basic({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() })}Z`;
};

/** The wall time of a UTC instant in a zone ("YYYYMMDDTHHMMSS"), or undefined when the zone is unknown. */
function wallInZone(params: { ms: number; tzid: string; timezones: readonly Comp[] }): string | undefined {
  const vtz = vtimezone(params);
  if (vtz) {
    try {
      const t = ICAL.Time.fromJSDate(new Date(params.ms), true).convertToZone(zoneFromComponent(vtz));
      return basic(t);
    } catch {
      // fall back to the zone's name
    }
  }
  try {
    const f = new Intl.DateTimeFormat("en-US", {
      timeZone: canonicalTzid(params.tzid), hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    const parts = Object.fromEntries(f.formatToParts(new Date(params.ms)).map((x) => [x.type, Number(x.value)]));
    return basic({ year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 });
  } catch {
    return undefined;
  }
}

/**
 * The key an override is matched by: "YYYYMMDDTHHMMSSZ" for a UTC or zoned time (zone resolved),
 * the date for a DATE, the wall time for a floating one; a zone nobody knows stays as written
 * with its canonical TZID.
 */
export function recurrenceInstant(params: { prop: Prop; timezones: readonly Comp[] }): string {
  const form = formOf(params.prop);
  switch (form.kind) {
    case "utc":
      return utcBasic(form.ms);
    case "zoned": {
      const ms = utcOfZoned({ tzid: form.tzid, value: form.value, timezones: params.timezones });
      return ms === undefined ? `${form.value} ${canonicalTzid(form.tzid)}` : utcBasic(ms);
    }
    default:
      return form.value;
  }
}

const ITEM_COMPONENTS = new Set(["VEVENT", "VTODO", "VJOURNAL"]);

/**
 * The VCALENDAR with every RECURRENCE-ID in the form of its series' DTSTART (the master's, else
 * the override's own): UTC when DTSTART is UTC, DTSTART's zone when it is zoned. Returns `root`
 * itself (not a copy) when every RECURRENCE-ID already is in that form or cannot be converted.
 */
export function canonicalRecurrenceIds(root: Comp): Comp {
  if (root.name !== "VCALENDAR") return root;
  const parts = root.comps.filter((c) => ITEM_COMPONENTS.has(c.name));
  if (!parts.some((c) => firstProp({ comp: c, name: "RECURRENCE-ID" }))) return root;
  const timezones = root.comps.filter((c) => c.name === "VTIMEZONE");
  const master = parts.find((c) => !firstProp({ comp: c, name: "RECURRENCE-ID" }));
  const masterStart = master ? firstProp({ comp: master, name: "DTSTART" }) : undefined;
  const rewrites = new Map<number, Prop>(); // index in root.comps → new RECURRENCE-ID
  root.comps.forEach((comp, index) => {
    if (!ITEM_COMPONENTS.has(comp.name)) return;
    const rid = firstProp({ comp, name: "RECURRENCE-ID" });
    const start = masterStart ?? firstProp({ comp, name: "DTSTART" });
    if (!rid || !start) return;
    const have = formOf(rid);
    const want = formOf(start);
    if (have.kind === "date" || have.kind === "floating" || want.kind === "date" || want.kind === "floating") return;
    if (have.kind === "utc" && want.kind === "utc") return;
    if (have.kind === "zoned" && want.kind === "zoned" && canonicalTzid(have.tzid) === canonicalTzid(want.tzid)) return;
    const ms = have.kind === "utc" ? have.ms : utcOfZoned({ tzid: have.tzid, value: have.value, timezones });
    if (ms === undefined) return;
    const others = rid.params.filter((p) => p.name !== "TZID" && p.name !== "VALUE");
    if (want.kind === "utc") {
      rewrites.set(index, { ...rid, params: others, value: utcBasic(ms) });
      return;
    }
    const wall = wallInZone({ ms, tzid: want.tzid, timezones });
    if (wall === undefined) return;
    rewrites.set(index, { ...rid, params: [{ name: "TZID", values: [want.tzid] }, ...others], value: wall });
  });
  if (rewrites.size === 0) return root;
  const copy = cloneComp(root);
  for (const [index, prop] of rewrites) {
    const comp = copy.comps[index];
    if (comp) comp.props = comp.props.map((p) => (p.name === "RECURRENCE-ID" ? prop : p));
  }
  return copy;
}
