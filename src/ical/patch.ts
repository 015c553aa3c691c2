// patchItem: copy one side's edit (before → after) onto the other side's current text (target)
// instead of replacing it, so what only the target has (server X- properties, ATTACH, unknown
// components and parameters) survives — the Outlook plug-in's rebuild-from-scratch is what loses
// them (peers.md). Works per component (master, each override, added / removed overrides, EXDATE)
// and per property. Output: iCalendar / vCard text, CRLF, folded at 75 octets.
import { ItemParseError } from "./errors";
import { cloneComp } from "./content-line";
import { applyChanges, fixTimezones } from "./apply";
import { diffComponent } from "./diff";
import { parseItem, type ParsedItem } from "./parse-item";
import { serializeComponent } from "./serialize";

export function sameFormat(params: { items: ParsedItem[] }): void {
  const kinds = new Set(params.items.map((i) => i.kind));
  if (kinds.size > 1) {
    throw new ItemParseError({ code: "mixed-kinds", message: `cannot combine different kinds of items (${[...kinds].join(", ")})` });
  }
}

/**
 * Applies the changes between `before` and `after` (the source side's previous and current text)
 * to `target` (the other side's current text). Returns `target` unchanged, byte for byte, when
 * the source changed nothing; throws ItemParseError when any of the three is not one item.
 */
export function patchItem(params: { target: string; before: string; after: string }): string {
  const target = parseItem({ text: params.target });
  const before = parseItem({ text: params.before });
  const after = parseItem({ text: params.after });
  sameFormat({ items: [target, before, after] });
  const changes = diffComponent({ before: before.root, after: after.root });
  if (changes.length === 0) return params.target;
  const root = cloneComp(target.root);
  applyChanges({ root, source: after.root, changes });
  if (root.name === "VCALENDAR") fixTimezones({ root, donors: [after.root, before.root, target.root] });
  return serializeComponent({ comp: root });
}
