// Shared plumbing of the mapping steps: which components of a parsed item a step works on, and the
// text → tree → text wrapper that gives every step its text-level twin. A step that changed
// nothing returns the caller's text byte for byte, so an unmapped item never looks edited.
import { cloneComp, type Comp } from "../content-line";
import { parseItem } from "../parse-item";
import { serializeComponent } from "../serialize";

const ITEM_COMPONENTS = new Set(["VEVENT", "VTODO", "VJOURNAL"]);

/** The item components (master and overrides) of a VCALENDAR; the card itself for a VCARD. */
export function itemComponents(params: { root: Comp }): Comp[] {
  const { root } = params;
  return root.name === "VCARD" ? [root] : root.comps.filter((c) => ITEM_COMPONENTS.has(c.name));
}

/** A mapping step over a (cloned) tree; returns whether it changed anything. */
export type TreeStep = (params: { root: Comp }) => boolean;

/**
 * Runs `steps` in order on a copy of the item's tree. vCards are left alone unless `vcards` is
 * set (only the category helpers read cards). Throws ItemParseError for text that is not one item.
 */
export function transformText(params: { text: string; steps: readonly TreeStep[]; vcards?: boolean }): string {
  const item = parseItem({ text: params.text });
  if (item.format === "vcard" && !params.vcards) return params.text;
  const root = cloneComp(item.root);
  let changed = false;
  for (const step of params.steps) changed = step({ root }) || changed;
  return changed ? serializeComponent({ comp: root }) : params.text;
}

/** "to-local": server text on its way into Thunderbird; "to-server": Thunderbird's text on its way back. */
export type MappingDirection = "to-local" | "to-server";

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
