// The profile's custom property mapping: each row renames one property between Thunderbird's
// spelling (`local`, e.g. X-MOZ-EASY-PROJECT) and the server's (`server`, e.g. X-EASY-PROJECT).
// Parameters, value and order are kept. All rows apply at once (no chains: A→B, B→C does not
// turn A into C), and a rename that would collide with a property already there is skipped.
import type { Profile } from "../../core/profile/schema";
import { itemComponents, transformText, type MappingDirection, type TreeStep } from "./components";

export type CustomPropertyRows = Profile["mapping"]["customProperties"];

/** From-name → to-name for this direction, upper-cased (property names are case-insensitive). */
function renames(params: { rows: CustomPropertyRows; direction: MappingDirection }): Map<string, string> {
  const map = new Map<string, string>();
  for (const row of params.rows) {
    const [from, to] = params.direction === "to-local" ? [row.server, row.local] : [row.local, row.server];
    const key = from.trim().toUpperCase();
    // First row wins, like the list's order in the options page.
    if (key !== "" && !map.has(key)) map.set(key, to.trim().toUpperCase());
  }
  return map;
}

export function customPropertiesStep(params: { rows: CustomPropertyRows; direction: MappingDirection }): TreeStep {
  const map = renames(params);
  return ({ root }) => {
    if (map.size === 0) return false;
    let changed = false;
    for (const comp of itemComponents({ root })) {
      const present = new Set(comp.props.map((p) => p.name));
      // Which source name took each target: every instance of that name (two X-EASY-WATCHER
      // lines) moves together, a second source name onto the same target does not.
      const claimed = new Map<string, string>();
      comp.props = comp.props.map((prop) => {
        const to = map.get(prop.name);
        // Skipped on collision: renaming onto an existing property would merge two properties
        // into one name and the way back could not tell them apart.
        if (to === undefined || to === prop.name || present.has(to)) return prop;
        if ((claimed.get(to) ?? prop.name) !== prop.name) return prop;
        claimed.set(to, prop.name);
        changed = true;
        return { ...prop, name: to };
      });
    }
    return changed;
  };
}

export function renameCustomProperties(params: { text: string; rows: CustomPropertyRows; direction: MappingDirection }): string {
  return transformText({ text: params.text, steps: [customPropertiesStep(params)] });
}
