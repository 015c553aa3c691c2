// What Thunderbird kept of an item: compares the text we gave it with the text it returns,
// component by component (matched like patches match them) and property by property, in the
// canonical form the hash uses. Each property instance is kept, transformed (with what changed)
// or dropped; properties only Thunderbird's text has are added. fidelity.e2e.test.ts aggregates
// the observations into the table in docs/data-fidelity.md.
import { parseComponents, type Comp, type Prop } from "../../src/ical/content-line";
import { canonicalElement, canonicalParams, canonicalProp, canonicalValue, listElements } from "../../src/ical/canonical";
import { childrenByKey } from "../../src/ical/diff";
import { LIST_VALUED } from "../../src/ical/properties";

export type Outcome = "kept" | "transformed" | "dropped" | "added";

export interface Observation {
  file: string;
  /** Component type the property sits in ("VEVENT", "VEVENT>VALARM", "VCARD"). */
  where: string;
  /** Property name, or "BEGIN:<component>" for a whole component. */
  name: string;
  outcome: Outcome;
  detail: string;
}

const short = (s: string, n = 70): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Parameter names in `a` but not `b`, and the other way round; "" when both have the same. */
function paramDelta(params: { given: Prop; got: Prop }): string {
  const names = (p: Prop): Map<string, string> => new Map(p.params.map((x) => [x.name, x.values.join(",")]));
  const [g, t] = [names(params.given), names(params.got)];
  const lost = [...g.keys()].filter((k) => !t.has(k));
  const added = [...t.keys()].filter((k) => !g.has(k));
  const changed = [...g.keys()].filter((k) => t.has(k) && t.get(k) !== g.get(k));
  return [lost.length ? `params dropped: ${lost.join(" ")}` : "", added.length ? `params added: ${added.join(" ")}` : "", changed.length ? `params changed: ${changed.map((k) => `${k} ${short(g.get(k) ?? "", 30)}→${short(t.get(k) ?? "", 30)}`).join(" ")}` : ""]
    .filter(Boolean)
    .join("; ");
}

function listSet(props: Prop[]): Set<string> {
  return new Set(props.flatMap((p) => listElements(p).map((e) => `${canonicalParams(p)}:${canonicalElement({ prop: p, element: e })}`)));
}

function compareProps(params: { file: string; where: string; given: Comp; got: Comp; out: Observation[] }): void {
  const { file, where, given, got, out } = params;
  const names = [...new Set(given.props.map((p) => p.name))];
  for (const name of names) {
    const g = given.props.filter((p) => p.name === name);
    const t = got.props.filter((p) => p.name === name);
    if (t.length === 0) {
      for (const p of g) out.push({ file, where, name, outcome: "dropped", detail: short(p.value) });
      continue;
    }
    if (LIST_VALUED.has(name)) {
      const [gs, ts] = [listSet(g), listSet(t)];
      const same = gs.size === ts.size && [...gs].every((x) => ts.has(x));
      out.push({ file, where, name, outcome: same ? "kept" : "transformed", detail: same ? "" : `${short([...gs].join(" "))} → ${short([...ts].join(" "))}` });
      continue;
    }
    // Instances Thunderbird kept as they were; the rest are paired in order with its unmatched ones
    // (a changed instance), and what is left over was dropped (it keeps one instance per name).
    const unmatched = [...t];
    const changed: Prop[] = [];
    for (const p of g) {
      const i = unmatched.findIndex((x) => canonicalProp(x) === canonicalProp(p));
      if (i >= 0) {
        unmatched.splice(i, 1);
        out.push({ file, where, name, outcome: "kept", detail: "" });
      } else changed.push(p);
    }
    for (const p of changed) {
      const i = Math.max(0, unmatched.findIndex((x) => canonicalValue(x) === canonicalValue(p)));
      const other = unmatched.splice(i, 1)[0];
      if (!other) {
        out.push({ file, where, name, outcome: "dropped", detail: `one of ${g.length}: ${short(p.value, 40)}` });
        continue;
      }
      const delta = paramDelta({ given: p, got: other });
      const detail = canonicalValue(other) === canonicalValue(p) ? delta || "parameter values re-split or re-quoted" : `${short(p.value, 40)} → ${short(other.value, 40)}${delta ? ` (${delta})` : ""}`;
      out.push({ file, where, name, outcome: "transformed", detail });
    }
  }
  for (const name of new Set(got.props.map((p) => p.name))) {
    if (!given.props.some((p) => p.name === name)) out.push({ file, where, name, outcome: "added", detail: short(got.props.find((p) => p.name === name)?.value ?? "") });
  }
}

/** Pairs children by patch key; unmatched ones of the same type are paired in document order. */
function pairChildren(params: { given: Comp; got: Comp }): { pairs: [Comp, Comp][]; lost: Comp[]; extra: Comp[] } {
  const gk = childrenByKey(params.given);
  const tk = childrenByKey(params.got);
  const pairs: [Comp, Comp][] = [];
  const lost: Comp[] = [];
  const extra = new Map(tk);
  for (const [key, comp] of gk) {
    const match = tk.get(key);
    if (match) {
      pairs.push([comp, match]);
      extra.delete(key);
    } else lost.push(comp);
  }
  const stillLost: Comp[] = [];
  for (const comp of lost) {
    const entry = [...extra].find(([, c]) => c.name === comp.name && comp.name !== "VTIMEZONE");
    if (entry) {
      pairs.push([comp, entry[1]]);
      extra.delete(entry[0]);
    } else stillLost.push(comp);
  }
  return { pairs, lost: stillLost, extra: [...extra.values()] };
}

function compareComp(params: { file: string; where: string; given: Comp; got: Comp; out: Observation[] }): void {
  compareProps(params);
  const { pairs, lost, extra } = pairChildren(params);
  const sub = (c: Comp): string => (params.where === "VCALENDAR" ? c.name : `${params.where}>${c.name}`);
  for (const [g, t] of pairs) {
    if (g.name === "VTIMEZONE") {
      out(params, { where: sub(g), name: "BEGIN:VTIMEZONE", outcome: "kept", detail: "" });
      continue; // definitions: Thunderbird writes its own for zones it knows
    }
    compareComp({ ...params, where: sub(g), given: g, got: t });
  }
  for (const c of lost) out(params, { where: sub(c), name: `BEGIN:${c.name}`, outcome: "dropped", detail: c.name === "VTIMEZONE" ? short(c.props.find((p) => p.name === "TZID")?.value ?? "") : "" });
  for (const c of extra) out(params, { where: sub(c), name: `BEGIN:${c.name}`, outcome: "added", detail: c.name === "VTIMEZONE" ? short(c.props.find((p) => p.name === "TZID")?.value ?? "") : "" });
}

function out(params: { file: string; out: Observation[] }, o: Omit<Observation, "file">): void {
  params.out.push({ file: params.file, ...o });
}

/** Observations for one item: `given` = the text Thunderbird received, `got` = what it returned. */
export function compareItem(params: { file: string; given: string; got: string }): Observation[] {
  const [g] = parseComponents({ text: params.given });
  const [t] = parseComponents({ text: params.got });
  if (!g || !t) throw new Error(`${params.file}: nothing to compare`);
  const result: Observation[] = [];
  compareComp({ file: params.file, where: g.name, given: g, got: t, out: result });
  return result;
}
