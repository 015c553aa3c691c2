// patchItem: copy one side's edit (before → after) onto the other side's current text (target)
// instead of replacing it, so what only the target has (server X- properties, ATTACH, unknown
// components and parameters) survives — the Outlook plug-in's rebuild-from-scratch is what loses
// them (peers.md). Works per component (master, each override, added / removed overrides, EXDATE)
// and per property. Output: iCalendar / vCard text, CRLF, folded at 75 octets.
import { ItemParseError } from "./errors";
import { contentHash } from "./hash";
import { canonicalProp } from "./canonical";
import { cloneComp, type Comp } from "./content-line";
import { applyChanges, fixTimezones } from "./apply";
import { childrenByKey, diffComponent, type Change } from "./diff";
import { parseItem, type ParsedItem } from "./parse-item";
import { serializeComponent } from "./serialize";
import { inTargetVersion } from "./vcard-version";
import { clientScheduledBy } from "./thunderbird-form";

export function sameFormat(params: { items: ParsedItem[] }): void {
  const kinds = new Set(params.items.map((i) => i.kind));
  if (kinds.size > 1) {
    throw new ItemParseError({ code: "mixed-kinds", message: `cannot combine different kinds of items (${[...kinds].join(", ")})` });
  }
}

/** Components a client models; anything else inside an item is a server's (or vendor's) own data. */
const MODELLED_COMPONENTS = new Set(["VEVENT", "VTODO", "VJOURNAL", "VALARM", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VFREEBUSY"]);

function compAt(params: { root: Comp; path: readonly string[] }): Comp | undefined {
  let comp: Comp | undefined = params.root;
  for (const key of params.path) comp = comp ? childrenByKey(comp).get(key) : undefined;
  return comp;
}

/**
 * A removal that looks like what a lossy client drops when it rewrites an item, not like a person's
 * deletion (docs/data-fidelity.md lists Thunderbird's): an X- property it does not model, a property
 * on the VCALENDAR itself, a component it does not know, all but the last of a repeated property.
 * Thunderbird's own X-MOZ-* state (a dismissed reminder's snooze time) and X-ALT-DESC (the HTML
 * description, which fromThunderbird derives) are modelled: their removal is a real edit.
 */
function isLossyDrop(params: { change: Change; before: Comp; after: Comp }): boolean {
  const { change, before, after } = params;
  switch (change.kind) {
    case "set-prop":
      if (change.after.length > 0) return false;
      if (change.path.length === 0 && before.name === "VCALENDAR") return true;
      return change.name.startsWith("X-") && !change.name.startsWith("X-MOZ-") && change.name !== "X-ALT-DESC";
    case "remove-comp": {
      const gone = compAt({ root: before, path: [...change.path, change.key] });
      return gone !== undefined && !MODELLED_COMPONENTS.has(gone.name);
    }
    case "instance": {
      if (change.after) return false;
      const was = compAt({ root: before, path: change.path })?.props.filter((p) => p.name === change.name) ?? [];
      const now = compAt({ root: after, path: change.path })?.props.filter((p) => p.name === change.name) ?? [];
      const last = was.at(-1);
      return now.length === 1 && was.length > 1 && last !== undefined && now[0] !== undefined && canonicalProp(now[0]) === canonicalProp(last);
    }
    default:
      return false;
  }
}

/**
 * Applies the changes between `before` and `after` (the source side's previous and current text)
 * to `target` (the other side's current text). Returns `target` unchanged, byte for byte, when
 * the source changed nothing; throws ItemParseError when any of the three is not one item.
 * `lossySource`: the source is a client that rewrites items with only what it models (a folder
 * edited by any calendar app); its drops (isLossyDrop) are not carried, so the target keeps them.
 */
export function patchItem(params: { target: string; before: string; after: string; lossySource?: boolean }): string {
  const target = parseItem({ text: params.target });
  const before = parseItem({ text: params.before });
  const after = parseItem({ text: params.after });
  sameFormat({ items: [target, before, after] });
  // A vCard source in another version than the target (Thunderbird's 4.0 rewrite of a 3.0 server
  // card) is diffed in the target's version: only real edits, written in the target's syntax.
  const [beforeRoot = before.root, afterRoot = after.root] = inTargetVersion({ target: target.root, roots: [before.root, after.root] });
  const all = diffComponent({ before: beforeRoot, after: afterRoot });
  const changes = params.lossySource ? all.filter((change) => !isLossyDrop({ change, before: beforeRoot, after: afterRoot })) : all;
  if (changes.length === 0) return params.target;
  const root = cloneComp(target.root);
  applyChanges({ root, source: afterRoot, changes });
  if (root.name === "VCALENDAR") fixTimezones({ root, donors: [afterRoot, beforeRoot, target.root] });
  return serializeComponent({ comp: root });
}

/**
 * src/core's Patcher (structurally; core is not imported): patchItem plus the normalized hash of
 * the result, which the executor records in the status for the written side. `lossy` names the
 * sides whose edits come from clients that drop what they do not model (see patchItem).
 */
export function createPatcher(params: { lossy?: readonly ("local" | "remote")[] } = {}): {
  patch(p: { uid: string; side: "local" | "remote"; target: string; before: string; after: string }): { content: string; hash: string };
} {
  return {
    patch({ side, target, before, after }) {
      // `side` is the side written: the source is the other one.
      const lossySource = params.lossy?.includes(side === "local" ? "remote" : "local") ?? false;
      const patched = patchItem({ target, before, after, lossySource });
      // A local edit Thunderbird mailed to the attendees itself: the server must not send it again
      // (SCHEDULE-AGENT=CLIENT, thunderbird-form.ts). An untouched item stays byte for byte.
      const content = side === "remote" && patched !== target ? clientScheduledBy({ text: patched, source: after }) : patched;
      return { content, hash: contentHash({ text: content }) };
    },
  };
}
