// diffItem: the changes that turn one version of an item into another, as field-level records a
// patch can replay on a third version (apply.ts). Components are matched by key (master, each
// RECURRENCE-ID, VALARM by UID or action+trigger), properties by name; multi-valued properties are
// sets: instances by value (ATTENDEE, EMAIL, TEL …), list elements one by one (CATEGORIES, EXDATE).
import type { Comp, Prop } from "./content-line";
import { firstProp, paramValue } from "./content-line";
import { canonicalComponent, canonicalElement, canonicalParams, canonicalProp, canonicalTzid, canonicalValue, listElements, normalizeTzid } from "./canonical";
import { LIST_VALUED, MULTI_INSTANCE, NEVER_PATCHED } from "./properties";
import { fnv1a64 } from "./hash";

interface ChangeBase {
  /** Keys of the components from the root down to the one changed (root itself: []). */
  path: string[];
  /** Readable field id ("VEVENT[20260323T090000 Europe/Prague]/SUMMARY"), also the conflict unit. */
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
    | { kind: "element"; name: string; op: "add" | "remove"; key: string; raw: string; line: Prop }
  );

/** The key a child component is matched by across versions. */
function childKey(child: Comp): string {
  const rid = firstProp({ comp: child, name: "RECURRENCE-ID" });
  if (rid) {
    const tz = paramValue({ prop: rid, name: "TZID" });
    const range = paramValue({ prop: rid, name: "RANGE" });
    return `${child.name}[${canonicalValue(rid)}${tz ? ` ${canonicalTzid(tz)}` : ""}${range ? ` ${range.toUpperCase()}` : ""}]`;
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
  for (const child of comp.comps) {
    const base = childKey(child);
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, child);
  }
  return map;
}

/** Instances of a multi-instance property by canonical value; repeats get "#2", "#3". */
export function instancesByKey(props: Prop[]): Map<string, Prop> {
  const map = new Map<string, Prop>();
  for (const prop of props) {
    const base = canonicalValue(prop);
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

function fieldOf(params: { path: string[]; leaf?: string }): string {
  return [...params.path, ...(params.leaf ? [params.leaf] : [])].join("/");
}

function diffProps(params: { before: Comp; after: Comp; path: string[]; out: Change[] }): void {
  const { before, after, path, out } = params;
  const names = new Set([...before.props, ...after.props].map((p) => p.name));
  for (const name of names) {
    if (NEVER_PATCHED.has(name)) continue;
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
        if (ap && canonicalProp(ap) !== canonicalProp(bp)) push(k, bp, ap);
      }
    } else {
      const sig = (ps: Prop[]): string => ps.map(canonicalProp).sort().join("\n");
      if (sig(b) !== sig(a)) out.push({ kind: "set-prop", name, before: b, after: a, path, field: fieldOf({ path, leaf: name }), signature: sig(a) });
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
