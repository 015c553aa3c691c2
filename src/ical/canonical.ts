// Canonical text of properties and components: the form two versions are compared in (hash, patch,
// merge). Independent of folding, parameter order and quoting, repeated TYPE parameters, value
// escaping variants, list order inside CATEGORIES / EXDATE / RRULE parts, redundant defaults
// (VALUE=DATE-TIME, CALSCALE:GREGORIAN, WKST=MO), and of property and component order.
import type { Comp, Prop } from "./content-line";
import { fixDataUri } from "./serialize";
import {
  CASE_INSENSITIVE_PARAMS, CASE_INSENSITIVE_VALUES, DATE_VALUED, DURATION_VALUED, IGNORED_IN_HASH, IGNORED_PARAMS,
  LIST_VALUED, STRUCTURED, defaultValueType,
} from "./properties";
import { ianaTzid } from "./windows-zones";

/** Splits on `sep` where it is not escaped by a backslash. */
export function splitUnescaped(params: { value: string; sep: string }): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < params.value.length; i++) {
    const ch = params.value[i] ?? "";
    if (ch === "\\" && i + 1 < params.value.length) {
      cur += ch + (params.value[i + 1] ?? "");
      i += 1;
    } else if (ch === params.sep) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const ESCAPE = /\\(.)/g;

export function unescapeText(s: string): string {
  // Most values hold no backslash: skip the regex (and its copy) for them.
  return s.indexOf("\\") < 0 ? s : s.replace(ESCAPE, (_m, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * The TZID as a file refers to it (a TZID parameter to its VTIMEZONE): "/mozilla.org/20050126_1/
 * Europe/Prague" (old Thunderbird) names the same zone as "Europe/Prague". Literal otherwise: a
 * file that says "W. Europe Standard Time" needs a VTIMEZONE of exactly that name.
 */
export function normalizeTzid(tzid: string): string {
  return tzid.trim().replace(/^\/mozilla\.org\/[^/]+\//, "");
}

/**
 * The zone a TZID means, for comparing content: Windows names become IANA ones (windows-zones.ts),
 * so Outlook's "W. Europe Standard Time" and Thunderbird's "Europe/Berlin" for the same time are
 * the same value and an override keeps its RECURRENCE-ID key across both spellings.
 */
export function canonicalTzid(tzid: string): string {
  return ianaTzid({ tzid });
}

// FEATURE (RFC 7986 CONFERENCE): ical.js, hence Thunderbird, writes FEATURE="VIDEO,AUDIO" for FEATURE=VIDEO,AUDIO.
const LIST_PARAMS = new Set(["TYPE", "DELEGATED-TO", "DELEGATED-FROM", "MEMBER", "FEATURE"]);
const UTC_TZIDS = new Set(["UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT"]);

function canonicalParamValue(name: string, value: string): string {
  return CASE_INSENSITIVE_PARAMS.has(name) ? value.toUpperCase() : name === "TZID" ? canonicalTzid(value) : value;
}

function paramMap(prop: Prop): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const p of prop.params) {
    if (IGNORED_PARAMS.has(p.name)) continue;
    let set = map.get(p.name);
    if (!set) map.set(p.name, (set = new Set<string>()));
    for (const v of p.values) {
      // TYPE="cell,voice" (RFC 6350's own example) is the list TYPE=cell,voice.
      if (LIST_PARAMS.has(p.name) && v.includes(",")) for (const part of v.split(",")) set.add(canonicalParamValue(p.name, part));
      else set.add(canonicalParamValue(p.name, v));
    }
  }
  const value = map.get("VALUE");
  if (value && value.size === 1 && value.has(defaultValueType(prop.name))) map.delete("VALUE");
  // RELATED=START is the default of TRIGGER (RFC 5545 §3.2.14); Thunderbird drops it when it stores an alarm.
  if (prop.name === "TRIGGER" && map.get("RELATED")?.size === 1 && map.get("RELATED")?.has("START")) map.delete("RELATED");
  const tz = map.get("TZID");
  if (tz && DATE_VALUED.has(prop.name) && [...tz].every((t) => UTC_TZIDS.has(t.toUpperCase()))) map.delete("TZID");
  return map;
}

/** Canonical parameters, sorted by name, values sorted; "" when there are none. */
export function canonicalParams(prop: Prop): string {
  if (prop.params.length === 0) return ""; // most properties: nothing to build
  const map = paramMap(prop);
  let out = "";
  for (const k of [...map.keys()].sort()) out += `;${k}=${jsonSorted(map.get(k) ?? new Set())}`;
  return out;
}

/** JSON of the values, sorted: `JSON.stringify([...values].sort())`, without the copy for one value. */
function jsonSorted(values: ReadonlySet<string>): string {
  if (values.size === 1) return `[${JSON.stringify(values.values().next().value)}]`;
  return JSON.stringify([...values].sort());
}

function canonicalDate(params: { value: string; prop: Prop }): string {
  const v = params.value.trim().toUpperCase();
  const tz = params.prop.params.find((p) => p.name === "TZID")?.values[0]?.trim();
  // DTSTART;TZID=UTC:…T100000 (Outlook, Google) means DTSTART:…T100000Z.
  return tz && UTC_TZIDS.has(canonicalTzid(tz).toUpperCase()) && /T\d{6}$/.test(v) ? `${v}Z` : v;
}

/** "-P0DT0H15M0S" and "-PT15M" are one duration; other text passes unchanged. */
export function canonicalDuration(value: string): string {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value.trim());
  if (!m) return value.trim();
  const [w, d, h, min, s] = [m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const seconds = (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
  return `${m[1] === "-" && seconds !== 0 ? "-" : ""}${seconds}S`;
}

function canonicalRrule(value: string): string {
  const parts = value
    .trim()
    .toUpperCase()
    .split(";")
    // MO is the default week start and 1 the default interval (RFC 5545 §3.3.10); Thunderbird drops INTERVAL=1.
    .filter((p) => p !== "" && p !== "WKST=MO" && p !== "INTERVAL=1")
    .map((p) => {
      const [k, v = ""] = p.split("=");
      return `${k}=${k === "UNTIL" ? v : v.split(",").sort().join(",")}`;
    });
  return parts.sort().join(";");
}

/** One element of a LIST_VALUED property, canonical. */
export function canonicalElement(params: { prop: Prop; element: string }): string {
  return DATE_VALUED.has(params.prop.name) ? canonicalDate({ value: params.element, prop: params.prop }) : unescapeText(params.element.trim());
}

/** The elements of a LIST_VALUED property line, raw (still escaped). */
export function listElements(prop: Prop): string[] {
  return splitUnescaped({ value: prop.value, sep: "," }).filter((e) => e.trim() !== "");
}

/** Canonical value of one property instance. */
export function canonicalValue(prop: Prop): string {
  const { name, value } = prop;
  if (LIST_VALUED.has(name)) {
    const els = new Set(listElements(prop).map((element) => canonicalElement({ prop, element })));
    return JSON.stringify([...els].sort());
  }
  if (DATE_VALUED.has(name)) return canonicalDate({ value, prop });
  if (DURATION_VALUED.has(name)) {
    const valueType = prop.params.find((p) => p.name === "VALUE")?.values[0]?.toUpperCase();
    if (valueType === undefined || valueType === "DURATION") return canonicalDuration(value);
  }
  if (name === "RRULE" || name === "EXRULE") return canonicalRrule(value);
  if (CASE_INSENSITIVE_VALUES.has(name)) return value.trim().toUpperCase();
  if (name === "ATTENDEE" || name === "ORGANIZER") return value.trim().replace(/^mailto:/i, "mailto:");
  if (STRUCTURED.has(name)) {
    const comps = splitUnescaped({ value, sep: ";" }).map((c) => splitUnescaped({ value: c, sep: "," }).map((x) => unescapeText(x).trim()));
    // "N:Doe;Jan" and "N:Doe;Jan;;;" are the same name: trailing empty components carry nothing.
    while (comps.length > 1 && (comps[comps.length - 1] ?? []).every((x) => x === "")) comps.pop();
    return JSON.stringify(comps);
  }
  return unescapeText(fixDataUri(value));
}

/** Canonical form of one property instance: group, name, parameters and value. */
export function canonicalProp(prop: Prop): string {
  return `${prop.group ? `${prop.group.toUpperCase()}.` : ""}${prop.name}${canonicalParams(prop)}:${canonicalValue(prop)}`;
}

/** Canonical lines of a component's own properties (ignored ones left out), sorted and unique. */
export function canonicalPropLines(params: { comp: Comp; ignore?: ReadonlySet<string> }): string[] {
  const ignore = params.ignore ?? IGNORED_IN_HASH;
  const lines: string[] = [];
  const lists = new Map<string, Set<string>>(); // list elements of all lines with the same name + params
  for (const prop of params.comp.props) {
    if (ignore.has(prop.name)) continue;
    if (prop.name === "CALSCALE" && prop.value.trim().toUpperCase() === "GREGORIAN") continue; // the default
    if (LIST_VALUED.has(prop.name)) {
      const key = `${prop.group ? `${prop.group.toUpperCase()}.` : ""}${prop.name}${canonicalParams(prop)}`;
      const set = lists.get(key) ?? new Set<string>();
      for (const element of listElements(prop)) set.add(canonicalElement({ prop, element }));
      lists.set(key, set);
    } else lines.push(canonicalProp(prop));
  }
  for (const [key, set] of lists) if (set.size > 0) lines.push(`${key}:${jsonSorted(set)}`);
  return sortedUnique(lines);
}

/** Sorts in place and drops repeats: the same as sorting a Set of them, without hashing each line. */
function sortedUnique(items: string[]): string[] {
  items.sort();
  let n = 0;
  for (let i = 0; i < items.length; i += 1) if (i === 0 || items[i] !== items[i - 1]) items[n++] = items[i]!;
  items.length = n;
  return items;
}

/** Canonical text of a whole component tree; VTIMEZONE definitions are left out (only TZIDs count). */
export function canonicalComponent(params: { comp: Comp; ignore?: ReadonlySet<string> }): string {
  const { comp } = params;
  const children = comp.comps
    .filter((c) => c.name !== "VTIMEZONE")
    .map((c) => canonicalComponent({ comp: c, ignore: params.ignore }))
    .sort();
  return [`BEGIN:${comp.name}`, ...canonicalPropLines(params), ...children, `END:${comp.name}`].join("\n");
}
