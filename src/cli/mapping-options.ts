// Whether the CLI's mapping options change any item at all. src/ical's itemMapping().active counts
// mapping *steps*, and every profile has its three (custom properties, privacy, reminders), so it
// is always true; a run with no option set would then map every item both ways (a parse and a
// serialization each, ~20 % of a first sync) for nothing. The CLI decides from the options instead.
import type { CliMapping } from "./args";

export function mappingChangesItems(options: CliMapping): boolean {
  const { categoryFilter, mapping } = options;
  return (
    categoryFilter.kind !== "off" ||
    mapping.reminders !== "all" ||
    mapping.customProperties.length > 0 ||
    Object.values(mapping.privacy).some((flag) => flag)
  );
}
