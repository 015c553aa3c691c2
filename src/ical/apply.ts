// applyChanges: replays field changes (diff.ts) on another side's component tree, in place. Only
// the changed fields are touched: every other property, every parameter the source side did not
// have, X- properties, attachments and unknown components of the target survive. Afterwards the
// VTIMEZONEs are made to match the TZIDs in use.
import { cloneComp, cloneProp, firstProp, type Comp, type Param, type Prop } from "./content-line";
import { canonicalParams, canonicalElement, listElements, normalizeTzid } from "./canonical";
import { childrenByKey, diffComponent, elementsByKey, instancesByKey, type Change } from "./diff";
import { VALUE_COUPLED_PARAMS } from "./properties";

/**
 * `source` with the target's own extra parameters kept: those neither the old nor the new source
 * version has (e.g. SCHEDULE-STATUS a server put on an ATTENDEE), unless tied to the value.
 */
function withTargetParams(params: { source: Prop; before: Prop | undefined; target: Prop | undefined }): Prop {
  const out = cloneProp(params.source);
  const { before, target } = params;
  if (!target) return out;
  const known = new Set([...(before?.params ?? []), ...out.params].map((p) => p.name));
  const extra: Param[] = target.params.filter((p) => !known.has(p.name) && !VALUE_COUPLED_PARAMS.has(p.name));
  out.params.push(...extra.map((p) => ({ name: p.name, values: [...p.values] })));
  // Keep the target's group (Apple "item1.") unless the source itself moved the property.
  if ((before?.group ?? "").toUpperCase() === (params.source.group ?? "").toUpperCase()) out.group = target.group;
  return out;
}

/** Replaces the props named `name` with `next`, at the position of the first old one. */
function replaceProps(params: { comp: Comp; name: string; next: Prop[] }): void {
  const { comp, name, next } = params;
  const at = comp.props.findIndex((p) => p.name === name);
  const kept = comp.props.filter((p) => p.name !== name);
  const index = at < 0 ? kept.length : comp.props.slice(0, at).filter((p) => p.name !== name).length;
  kept.splice(index, 0, ...next);
  comp.props = kept;
}

function applyProp(params: { comp: Comp; change: Change }): void {
  const { comp, change } = params;
  switch (change.kind) {
    case "set-prop": {
      const target = comp.props.filter((p) => p.name === change.name);
      const next = change.after.map((source, i) => withTargetParams({ source, before: change.before[i], target: target[i] }));
      replaceProps({ comp, name: change.name, next });
      return;
    }
    case "instance": {
      const target = instancesByKey(comp.props.filter((p) => p.name === change.name));
      const newKey = change.after ? [...instancesByKey([change.after]).keys()][0] : undefined;
      // An edit in place may find the target already at the new value; a pure addition only at its
      // own key ("X:#2" must not land on the first "X").
      const existing = target.get(change.key) ?? (newKey !== undefined && change.before !== undefined ? target.get(newKey) : undefined);
      if (!change.after) {
        if (existing) comp.props = comp.props.filter((p) => p !== existing);
        return;
      }
      const next = withTargetParams({ source: change.after, before: change.before, target: existing });
      if (existing) comp.props = comp.props.map((p) => (p === existing ? next : p));
      else replaceProps({ comp, name: change.name, next: [...comp.props.filter((p) => p.name === change.name), next] });
      return;
    }
    case "param": {
      const target = instancesByKey(comp.props.filter((p) => p.name === change.name));
      const existing = target.get(change.key);
      if (!existing) {
        // The target has another organizer now: a parameter of the old one no longer applies.
        if (change.name === "ORGANIZER" && comp.props.some((p) => p.name === "ORGANIZER")) return;
        // The target removed the instance the source edited: the edit brings it back whole.
        replaceProps({ comp, name: change.name, next: [...comp.props.filter((p) => p.name === change.name), withTargetParams({ source: change.after, before: change.before, target: undefined })] });
        return;
      }
      // Only this parameter: the target's others (a server's SCHEDULE-STATUS, a newer CN) stay.
      const next = cloneProp(existing);
      const incoming = change.after.params.filter((p) => p.name === change.param).map((p) => ({ name: p.name, values: [...p.values] }));
      const at = next.params.findIndex((p) => p.name === change.param);
      const kept = next.params.filter((p) => p.name !== change.param);
      kept.splice(at < 0 ? kept.length : next.params.slice(0, at).filter((p) => p.name !== change.param).length, 0, ...incoming);
      next.params = kept;
      comp.props = comp.props.map((p) => (p === existing ? next : p));
      return;
    }
    case "element": {
      const lines = comp.props.filter((p) => p.name === change.name);
      const present = elementsByKey(lines);
      if (change.op === "remove") {
        const hit = present.get(change.key);
        if (!hit) return;
        const line = hit.line;
        const keep = listElements(line).filter((raw) => `${canonicalParams(line)}:${canonicalElement({ prop: line, element: raw })}` !== change.key);
        if (keep.length === 0) comp.props = comp.props.filter((p) => p !== line);
        else line.value = keep.join(",");
        return;
      }
      if (present.has(change.key)) return;
      const params = canonicalParams(change.line);
      const host = lines.find((l) => canonicalParams(l) === params);
      if (host) host.value = listElements(host).concat(change.raw).join(",");
      else replaceProps({ comp, name: change.name, next: [...lines, { ...cloneProp(change.line), value: change.raw, line: 0 }] });
      return;
    }
    default:
      return;
  }
}

/** Finds the component at `path`; when the target lacks it, copies the source's one in. */
function resolve(params: { root: Comp; source: Comp; path: string[] }): Comp | undefined {
  let target: Comp = params.root;
  let source: Comp | undefined = params.source;
  for (const key of params.path) {
    const found = childrenByKey(target).get(key);
    source = source ? childrenByKey(source).get(key) : undefined;
    if (found) {
      target = found;
      continue;
    }
    // The target deleted a component the source edited: the source's edit brings it back whole.
    if (!source) return undefined;
    const copy = cloneComp(source);
    target.comps.push(copy);
    return undefined; // already equal to the source's version; nothing more to apply inside it
  }
  return target;
}

/** Applies `changes` (diffed against `source`, the after-version) to `root` in place. */
export function applyChanges(params: { root: Comp; source: Comp; changes: readonly Change[] }): void {
  const { root, source } = params;
  for (const change of params.changes) {
    const comp = resolve({ root, source, path: change.path });
    if (!comp) continue;
    if (change.kind === "add-comp") {
      const existing = childrenByKey(comp).get(change.key);
      if (!existing) comp.comps.push(cloneComp(change.comp));
      else applyChanges({ root: existing, source: change.comp, changes: diffComponent({ before: { ...change.comp, props: [], comps: [] }, after: change.comp }) });
    } else if (change.kind === "remove-comp") {
      const existing = childrenByKey(comp).get(change.key);
      if (existing) comp.comps = comp.comps.filter((c) => c !== existing);
    } else applyProp({ comp, change });
  }
}

function usedTzids(comp: Comp, out: Set<string>): Set<string> {
  if (comp.name === "VTIMEZONE") return out;
  for (const p of comp.props) for (const param of p.params) if (param.name === "TZID") for (const v of param.values) out.add(normalizeTzid(v));
  for (const c of comp.comps) usedTzids(c, out);
  return out;
}

/** Keeps exactly the VTIMEZONEs the item uses, taking missing ones from the given donors. */
export function fixTimezones(params: { root: Comp; donors: Comp[] }): void {
  const { root } = params;
  const used = usedTzids(root, new Set());
  const tzidOf = (c: Comp): string => normalizeTzid(firstProp({ comp: c, name: "TZID" })?.value ?? "");
  const have = new Set(root.comps.filter((c) => c.name === "VTIMEZONE").map(tzidOf));
  root.comps = root.comps.filter((c) => c.name !== "VTIMEZONE" || used.has(tzidOf(c)));
  const missing = [...used].filter((t) => !have.has(t));
  for (const tzid of missing) {
    const donor = params.donors.flatMap((d) => d.comps).find((c) => c.name === "VTIMEZONE" && tzidOf(c) === tzid);
    // RFC 5545 wants the VTIMEZONEs before the components that use them.
    if (donor) root.comps.unshift(cloneComp(donor));
  }
}
