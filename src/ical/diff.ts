// diffItem: the changes that turn one version of an item into another, as field-level records a
// patch can replay on a third version (apply.ts). Components are matched by key (master, each
// RECURRENCE-ID, VALARM by UID or action+trigger), properties by name; multi-valued properties are
// sets: instances by value (ATTENDEE, EMAIL, TEL …), list elements one by one (CATEGORIES, EXDATE).
import type { Comp, Prop } from "./content-line";
import { firstProp, paramValue } from "./content-line";
import { canonicalComponent, canonicalElement, canonicalParams, canonicalProp, canonicalValue, listElements, normalizeTzid } from "./canonical";
import { recurrenceInstant } from "./recurrence-id";
import { LIST_VALUED, MULTI_INSTANCE, NEVER_PATCHED } from "./properties";
import { fnv1a64 } from "./hash";

interface ChangeBase {
  /** Keys of the components from the root down to the one changed (root itself: []). */
  path: string[];
  /** Readable field id ("VEVENT[20260323T080000Z]/SUMMARY", "VEVENT/ATTENDEE[mailto:jan@example.cz];PARTSTAT"), also the conflict unit. */
  field: string;
  /** Canonical result of the change: two sides changed a field the same way iff signatures match. */
  signature: string;
}

export type Change = ChangeBase &
  (
    | { kind: "add-comp"; key: string; comp: Comp }
    | { kind: "remove-comp"; key: string }
    | { kind: "set-prop"; name: string; before: Prop[]; after: Prop[] }
    | { kind: "instance"; name: string; key: string; before: Prop | undefined; after: Prop | undefined }
    /**
     * One parameter of one instance changed, its value did not (an attendee's PARTSTAT): the patch
     * sets exactly that parameter on the target's instance, whatever else the target's copy says.
     */
    | { kind: "param"; name: string; key: string; param: string; before: Prop; after: Prop }
    | { kind: "element"; name: string; op: "add" | "remove"; key: string; raw: string; line: Prop }
  );

/**
 * The key a child component is matched by across versions. An override is keyed by the instant
 * its RECURRENCE-ID names (recurrence-id.ts), so `RECURRENCE-ID:20260310T080000Z` and
 * `RECURRENCE-ID;TZID=Europe/Prague:20260310T090000` are one override on both sides.
 */
function childKey(child: Comp, timezones: readonly Comp[]): string {
  const rid = firstProp({ comp: child, name: "RECURRENCE-ID" });
  if (rid) {
    const range = paramValue({ prop: rid, name: "RANGE" });
    return `${child.name}[${recurrenceInstant({ prop: rid, timezones })}${range ? ` ${range.toUpperCase()}` : ""}]`;
  }
  if (child.name === "VEVENT" || child.name === "VTODO" || child.name === "VJOURNAL") return child.name;
  if (child.name === "VTIMEZONE") return `VTIMEZONE[${normalizeTzid(firstProp({ comp: child, name: "TZID" })?.value ?? "")}]`;
  if (child.name === "VALARM") {
    const uid = firstProp({ comp: child, name: "UID" });
    if (uid) return `VALARM[${uid.value.trim()}]`;
    const action = firstProp({ comp: child, name: "ACTION" });
    const trigger = firstProp({ comp: child, name: "TRIGGER" });
    return `VALARM[${action ? canonicalValue(action) : ""} ${trigger ? canonicalParams(trigger) + canonicalValue(trigger) : ""}]`;
  }
  // Anything else (server-side components we do not know) is identified by its whole content.
  return `${child.name}[${fnv1a64({ text: canonicalComponent({ comp: child }) })}]`;
}

/** Children by key; repeated keys get "#2", "#3" in document order. */
export function childrenByKey(comp: Comp): Map<string, Comp> {
  const map = new Map<string, Comp>();
  const timezones = comp.comps.filter((c) => c.name === "VTIMEZONE");
  for (const child of comp.comps) {
    const base = childKey(child, timezones);
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, child);
  }
  return map;
}

/**
 * What identifies one instance across versions: its canonical value; a calendar user (ATTENDEE,
 * ORGANIZER) by address, `mailto:` addresses case-insensitively (RFC 6638 §7.1 / RFC 5545 leave
 * the local part's case to the mail system; servers and Thunderbird compare them folded).
 */
export function instanceKey(prop: Prop): string {
  const value = canonicalValue(prop);
  return (prop.name === "ATTENDEE" || prop.name === "ORGANIZER") && /^mailto:/i.test(value) ? value.toLowerCase() : value;
}

/** Instances of a multi-instance property by instanceKey; repeats get "#2", "#3". */
export function instancesByKey(props: Prop[]): Map<string, Prop> {
  const map = new Map<string, Prop>();
  for (const prop of props) {
    const base = instanceKey(prop);
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, prop);
  }
  return map;
}

/** List elements of the given lines, keyed by line parameters + canonical element. */
export function elementsByKey(lines: Prop[]): Map<string, { raw: string; line: Prop }> {
  const map = new Map<string, { raw: string; line: Prop }>();
  for (const line of lines) {
    for (const raw of listElements(line)) map.set(`${canonicalParams(line)}:${canonicalElement({ prop: line, element: raw })}`, { raw, line });
  }
  return map;
}

export function isMultiInstance(params: { name: string; lists: Prop[][] }): boolean {
  return MULTI_INSTANCE.has(params.name) || params.lists.some((l) => l.length > 1);
}

/** Canonical form of one parameter of a property ("" when absent or ignored, e.g. SCHEDULE-STATUS). */
function paramSignature(params: { prop: Prop; param: string }): string {
  return canonicalParams({ ...params.prop, params: params.prop.params.filter((p) => p.name === params.param) });
}

/**
 * The parameters that differ between two versions of one instance, when nothing else does (same
 * value, same group); undefined when more than parameters changed. Server bookkeeping the
 * canonical form ignores (SCHEDULE-STATUS) never counts as changed: a client's stale copy of it
 * must not overwrite the server's.
 */
function changedParams(params: { before: Prop; after: Prop }): string[] | undefined {
  const { before, after } = params;
  if (before.value !== after.value && instanceKey(before) !== instanceKey(after)) return undefined;
  if ((before.group ?? "").toUpperCase() !== (after.group ?? "").toUpperCase()) return undefined;
  const names = [...new Set([...before.params, ...after.params].map((p) => p.name))];
  const changed = names.filter((param) => paramSignature({ prop: before, param }) !== paramSignature({ prop: after, param }));
  return changed.length > 0 ? changed : undefined;
}

function fieldOf(params: { path: string[]; leaf?: string }): string {
  return [...params.path, ...(params.leaf ? [params.leaf] : [])].join("/");
}

function diffProps(params: { before: Comp; after: Comp; path: string[]; out: Change[] }): void {
  const { before, after, path, out } = params;
  const names = new Set([...before.props, ...after.props].map((p) => p.name));
  for (const name of names) {
    if (NEVER_PATCHED.has(name)) continue;
    // Children are matched by the instant their RECURRENCE-ID names: two spellings of it are one override.
    if (name === "RECURRENCE-ID" && path.length > 0) continue;
    const b = before.props.filter((p) => p.name === name);
    const a = after.props.filter((p) => p.name === name);
    if (LIST_VALUED.has(name)) {
      const be = elementsByKey(b);
      const ae = elementsByKey(a);
      for (const [key, el] of ae) {
        if (!be.has(key)) out.push({ kind: "element", op: "add", name, key, raw: el.raw, line: el.line, path, field: fieldOf({ path, leaf: `${name}[${key}]` }), signature: `+${key}` });
      }
      for (const [key, el] of be) {
        if (!ae.has(key)) out.push({ kind: "element", op: "remove", name, key, raw: el.raw, line: el.line, path, field: fieldOf({ path, leaf: `${name}[${key}]` }), signature: `-${key}` });
      }
    } else if (isMultiInstance({ name, lists: [b, a] })) {
      const bi = instancesByKey(b);
      const ai = instancesByKey(a);
      const removed = [...bi.keys()].filter((k) => !ai.has(k));
      const added = [...ai.keys()].filter((k) => !bi.has(k));
      const push = (key: string, bp: Prop | undefined, ap: Prop | undefined): void => {
        out.push({ kind: "instance", name, key, before: bp, after: ap, path, field: fieldOf({ path, leaf: `${name}[${key}]` }), signature: ap ? canonicalProp(ap) : "-" });
      };
      if (removed.length === 1 && added.length === 1) {
        // One value replaced by another (an edited address): an edit in place, which keeps the
        // target's group and the parameters only the target knows.
        const [rk = "", ak = ""] = [removed[0], added[0]];
        push(rk, bi.get(rk), ai.get(ak));
      } else {
        for (const k of removed) push(k, bi.get(k), undefined);
        for (const k of added) push(k, undefined, ai.get(k));
      }
      for (const [k, bp] of bi) {
        const ap = ai.get(k);
        if (!ap || canonicalProp(ap) === canonicalProp(bp)) continue;
        const params = changedParams({ before: bp, after: ap });
        if (params === undefined) push(k, bp, ap);
        for (const param of params ?? []) {
          const sig = paramSignature({ prop: ap, param });
          out.push({ kind: "param", name, key: k, param, before: bp, after: ap, path, field: fieldOf({ path, leaf: `${name}[${k}];${param}` }), signature: sig || `-${param}` });
        }
      }
    } else {
      const sig = (ps: Prop[]): string => ps.map(canonicalProp).sort().join("\n");
      if (sig(b) === sig(a)) continue;
      // The ORGANIZER is a calendar user like an ATTENDEE: the same organizer with other parameters
      // (Thunderbird's SCHEDULE-AGENT=CLIENT) changes just those, the server's others stay.
      const [bp, ap] = [b[0], a[0]];
      const params = name === "ORGANIZER" && bp && ap && b.length === 1 && a.length === 1 && instanceKey(bp) === instanceKey(ap) ? changedParams({ before: bp, after: ap }) : undefined;
      if (params && bp && ap) {
        const key = instanceKey(bp);
        for (const param of params) {
          out.push({ kind: "param", name, key, param, before: bp, after: ap, path, field: fieldOf({ path, leaf: `${name}[${key}];${param}` }), signature: paramSignature({ prop: ap, param }) || `-${param}` });
        }
      } else out.push({ kind: "set-prop", name, before: b, after: a, path, field: fieldOf({ path, leaf: name }), signature: sig(a) });
    }
  }
}

/** All changes from `before` to `after` (two versions of the same component), depth first. */
export function diffComponent(params: { before: Comp; after: Comp; path?: string[] }): Change[] {
  const path = params.path ?? [];
  const out: Change[] = [];
  diffProps({ before: params.before, after: params.after, path, out });
  const bc = childrenByKey(params.before);
  const ac = childrenByKey(params.after);
  for (const [key, comp] of ac) {
    if (comp.name === "VTIMEZONE") continue; // definitions follow the TZIDs in use (apply.ts)
    const old = bc.get(key);
    if (!old) out.push({ kind: "add-comp", key, comp, path, field: fieldOf({ path, leaf: key }), signature: canonicalComponent({ comp }) });
    else out.push(...diffComponent({ before: old, after: comp, path: [...path, key] }));
  }
  for (const [key, comp] of bc) {
    if (comp.name !== "VTIMEZONE" && !ac.has(key)) out.push({ kind: "remove-comp", key, path, field: fieldOf({ path, leaf: key }), signature: "-" });
  }
  return out;
}
