// parseItem: one CalDAV / CardDAV resource's text → a checked item: a VCALENDAR holding exactly one
// UID (master + RECURRENCE-ID overrides + VTIMEZONEs) of events or tasks, or one vCard 3.0 / 4.0.
// Anything else throws ItemParseError saying what and where (line, property); never another error.
import { ItemParseError } from "./errors";
import { firstProp, parseComponents, type Comp } from "./content-line";
import { listElements } from "./canonical";

export type ItemKind = "event" | "task" | "contact";

export interface CalendarItem {
  format: "icalendar";
  kind: "event" | "task";
  uid: string;
  /** The VCALENDAR; the parts below are components of it (same objects). */
  root: Comp;
  /** Undefined for a recurrence-only resource (an invitation to single occurrences). */
  master: Comp | undefined;
  overrides: Comp[];
  timezones: Comp[];
}

export interface ContactItem {
  format: "vcard";
  kind: "contact";
  uid: string;
  /** VERSION as written ("3.0", "4.0"). */
  version: string;
  root: Comp;
}

export type ParsedItem = CalendarItem | ContactItem;

const ITEM_COMPONENTS: Record<string, "event" | "task"> = { VEVENT: "event", VTODO: "task" };
const DATE_PROPS = ["DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "COMPLETED", "EXDATE"];
const DATE_RE = /^\d{8}(T\d{6}Z?)?$/i;

function uidOf(comp: Comp): string {
  const uid = firstProp({ comp, name: "UID" })?.value.trim() ?? "";
  if (!uid) throw new ItemParseError({ code: "no-uid", message: `${comp.name} without UID`, line: comp.line });
  return uid;
}

/** The dates the mapping computes with must parse; a broken one is reported, not guessed. */
function checkDates(comp: Comp): void {
  for (const prop of comp.props) {
    if (!DATE_PROPS.includes(prop.name)) continue;
    const values = prop.name === "EXDATE" ? listElements(prop) : [prop.value];
    for (const v of values) {
      if (!DATE_RE.test(v.trim())) {
        throw new ItemParseError({ code: "value", message: `"${v}" is not a DATE or DATE-TIME`, line: prop.line, property: prop.name });
      }
    }
  }
  for (const child of comp.comps) checkDates(child);
}

function calendarItem(root: Comp): CalendarItem {
  const parts = root.comps.filter((c) => c.name in ITEM_COMPONENTS);
  if (parts.length === 0) {
    const names = root.comps.map((c) => c.name).join(", ") || "nothing";
    throw new ItemParseError({ code: "no-item", message: `VCALENDAR holds no VEVENT or VTODO (found ${names})`, line: root.line });
  }
  const uids = [...new Set(parts.map(uidOf))];
  if (uids.length > 1) {
    throw new ItemParseError({ code: "multiple-uids", message: `one resource holds ${uids.length} items with different UIDs: ${uids.join(", ")}`, uids, line: root.line });
  }
  const kinds = new Set(parts.map((c) => ITEM_COMPONENTS[c.name]));
  if (kinds.size > 1) throw new ItemParseError({ code: "mixed-kinds", message: "VEVENT and VTODO share one UID", line: root.line });
  let master: Comp | undefined;
  const overrides: Comp[] = [];
  const seen = new Set<string>();
  for (const comp of parts) {
    checkDates(comp);
    const rid = firstProp({ comp, name: "RECURRENCE-ID" });
    if (!rid) {
      if (master) throw new ItemParseError({ code: "structure", message: `a second ${comp.name} without RECURRENCE-ID for the same UID`, line: comp.line });
      master = comp;
      continue;
    }
    const key = rid.value.trim().toUpperCase();
    if (seen.has(key)) throw new ItemParseError({ code: "structure", message: `two overrides for RECURRENCE-ID ${rid.value}`, line: rid.line, property: "RECURRENCE-ID" });
    seen.add(key);
    overrides.push(comp);
  }
  const [uid = ""] = uids;
  const kind = kinds.values().next().value ?? "event";
  return { format: "icalendar", kind, uid, root, master, overrides, timezones: root.comps.filter((c) => c.name === "VTIMEZONE") };
}

function contactItem(root: Comp): ContactItem {
  const version = firstProp({ comp: root, name: "VERSION" })?.value.trim() ?? "3.0";
  return { format: "vcard", kind: "contact", uid: uidOf(root), version, root };
}

/** Parses and checks one resource. Throws ItemParseError for anything that is not one item. */
export function parseItem(params: { text: string }): ParsedItem {
  if (typeof params.text !== "string") throw new ItemParseError({ code: "syntax", message: "item content is not text" });
  const roots = parseComponents({ text: params.text });
  const [root] = roots;
  if (!root) throw new ItemParseError({ code: "no-item", message: "empty resource: no BEGIN:VCALENDAR or BEGIN:VCARD" });
  if (roots.length > 1) {
    if (roots.every((r) => r.name === "VCARD")) {
      const uids = [...new Set(roots.map(uidOf))];
      if (uids.length > 1) throw new ItemParseError({ code: "multiple-uids", message: `one resource holds ${uids.length} vCards: ${uids.join(", ")}`, uids });
    }
    throw new ItemParseError({ code: "structure", message: `${roots.length} top-level components in one resource, expected one`, line: roots[1]?.line });
  }
  switch (root.name) {
    case "VCALENDAR":
      return calendarItem(root);
    case "VCARD":
      return contactItem(root);
    default:
      throw new ItemParseError({ code: "no-item", message: `BEGIN:${root.name} is neither VCALENDAR nor VCARD`, line: root.line });
  }
}
