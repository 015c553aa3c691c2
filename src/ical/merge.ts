// mergeFields: the "field merge" conflict rule. Both sides edited the same item since the last
// sync (base): edits of different fields all survive, a field both changed differently goes to
// `prefer` and is reported. The result is built on the remote text so server-side data survives.
// createFieldMerger adapts it to src/core's Merger interface.
import { cloneComp, type Comp } from "./content-line";
import { applyChanges, fixTimezones } from "./apply";
import { childrenByKey, diffComponent, type Change } from "./diff";
import { contentHash } from "./hash";
import { parseItem } from "./parse-item";
import { sameFormat } from "./patch";
import { IGNORED_IN_HASH } from "./properties";
import { serializeComponent } from "./serialize";
import { inTargetVersion } from "./vcard-version";

export type MergeSide = "local" | "remote";

export interface MergeResult {
  text: string;
  hash: string;
  /** Field ids both sides changed differently ("VEVENT/SUMMARY", "EMAIL[jan@example.cz]"); `prefer` won them. */
  conflicts: string[];
}

/** Volatile stamps (DTSTAMP, PRODID…) differ on every edit: not worth a report. */
function isVolatile(change: Change): boolean {
  return "name" in change && IGNORED_IN_HASH.has(change.name);
}

/**
 * Counters and stamps that only grow: after a merge the newer value must stand whatever `prefer`
 * says (a lower SEQUENCE makes attendees' clients ignore the update; the later X-MOZ-LASTACK is
 * the last dismissed reminder, an older one would make Thunderbird fire it again).
 */
const MONOTONIC: ReadonlySet<string> = new Set(["SEQUENCE", "LAST-MODIFIED", "DTSTAMP", "REV", "X-MOZ-LASTACK"]);

function localIsNewer(params: { local: Change; remote: Change }): boolean {
  const value = (c: Change): string => (c.kind === "set-prop" ? (c.after[0]?.value.trim() ?? "") : "");
  const [l, r] = [value(params.local), value(params.remote)];
  return /^\d+$/.test(l) && /^\d+$/.test(r) ? Number(l) > Number(r) : l > r;
}

/**
 * Two changes touch the same data: the same field, one replaces / removes a component the other
 * edits inside, or one replaces / removes an instance (an ATTENDEE) whose parameter the other sets.
 */
function overlaps(a: Change, b: Change): boolean {
  if (a.field === b.field) return true;
  const whole = (c: Change): string | undefined => (c.kind === "instance" ? c.field : undefined);
  const paramOf = (outer: string | undefined, inner: Change): boolean => outer !== undefined && inner.kind === "param" && inner.field.startsWith(`${outer};`);
  if (paramOf(whole(a), b) || paramOf(whole(b), a)) return true;
  // A parameter of the ORGANIZER and the ORGANIZER replaced as a whole.
  const replaces = (x: Change, y: Change): boolean => x.kind === "set-prop" && y.kind === "param" && x.name === y.name && x.path.join("/") === y.path.join("/");
  if (replaces(a, b) || replaces(b, a)) return true;
  const compField = (c: Change): string | undefined => (c.kind === "add-comp" || c.kind === "remove-comp" ? c.field : undefined);
  const inside = (outer: string | undefined, inner: Change): boolean => outer !== undefined && inner.field.startsWith(`${outer}/`);
  return inside(compField(a), b) || inside(compField(b), a);
}

/**
 * Stand-in base when none is known: the components both sides have, without properties. Then
 * every property counts as "added" by both sides, so equal ones agree and different ones conflict
 * field by field, and a component only one side has is simply kept.
 */
function skeleton(params: { a: Comp; b: Comp }): Comp {
  const bChildren = childrenByKey(params.b);
  const comps = [...childrenByKey(params.a)].flatMap(([key, child]) => {
    const other = bChildren.get(key);
    return other ? [skeleton({ a: child, b: other })] : [];
  });
  // Keep the RECURRENCE-ID so the child is still found by the same key.
  const props = params.a.props.filter((p) => p.name === "RECURRENCE-ID" || (params.a.name === "VALARM" && (p.name === "ACTION" || p.name === "TRIGGER" || p.name === "UID")));
  return { name: params.a.name, props, comps, line: 0 };
}

/**
 * Three-way field merge. Without `base` (no common ancestor known) it is a union merge: what
 * only one side has is kept, fields both have with different values go to `prefer`.
 */
export function mergeFields(params: { base: string | undefined; local: string; remote: string; prefer: MergeSide }): MergeResult {
  const local = parseItem({ text: params.local });
  const remote = parseItem({ text: params.remote });
  const base = params.base !== undefined ? parseItem({ text: params.base }) : undefined;
  sameFormat({ items: base ? [local, remote, base] : [local, remote] });
  // vCards in different versions are compared in the remote's (the server keeps its version).
  const [localRoot = local.root, ancestor = base?.root] = inTargetVersion({ target: remote.root, roots: base ? [local.root, base.root] : [local.root] });
  const baseRoot: Comp = ancestor ?? skeleton({ a: localRoot, b: remote.root });
  const localChanges = diffComponent({ before: baseRoot, after: localRoot });
  const remoteChanges = diffComponent({ before: baseRoot, after: remote.root });
  const conflicts = new Set<string>();
  const losing = new Set<Change>(); // local changes that lose when remote is preferred
  const older = new Set<Change>(); // local stamps older than the remote ones: lose whatever is preferred
  for (const l of localChanges) {
    for (const r of remoteChanges) {
      if (!overlaps(l, r) || l.signature === r.signature) continue;
      if (l.kind === "set-prop" && MONOTONIC.has(l.name)) {
        if (!localIsNewer({ local: l, remote: r })) older.add(l);
        continue;
      }
      if (!isVolatile(l)) conflicts.add(l.field.length <= r.field.length ? l.field : r.field);
      losing.add(l);
    }
  }
  // The remote text already holds the remote edits; add the local ones, except where remote wins.
  // The UID stays the remote one: a merge must not move a server resource to another identity.
  const applied = localChanges.filter(
    (c) => !older.has(c) && !(params.prefer === "remote" && losing.has(c)) && !(c.kind === "set-prop" && c.name === "UID"),
  );
  const root = cloneComp(remote.root);
  applyChanges({ root, source: localRoot, changes: applied });
  if (root.name === "VCALENDAR") fixTimezones({ root, donors: [remote.root, localRoot, ...(base ? [base.root] : [])] });
  const text = applied.length === 0 ? params.remote : serializeComponent({ comp: root });
  return { text, hash: contentHash({ text }), conflicts: [...conflicts].sort() };
}

/**
 * src/core's Merger (structurally; core is not imported). The executor passes the pair's `base`
 * (the content at the last sync) when it keeps one; `baseFor` is asked only when it does not.
 * Without either the merge is a union merge.
 */
export function createFieldMerger(params: {
  prefer: MergeSide;
  baseFor?: (p: { uid: string }) => Promise<string | undefined> | string | undefined;
  onConflicts?: (p: { uid: string; fields: string[] }) => void;
}): { merge(p: { uid: string; base?: string | undefined; local: string; remote: string }): Promise<{ content: string; hash: string }> } {
  return {
    async merge({ uid, base, local, remote }) {
      const ancestor = base ?? (await params.baseFor?.({ uid }));
      const result = mergeFields({ base: ancestor, local, remote, prefer: params.prefer });
      if (result.conflicts.length > 0) params.onConflicts?.({ uid, fields: result.conflicts });
      return { content: result.text, hash: result.hash };
    },
  };
}
