// Scope: whether an item takes part in this profile's sync at all, as one flag per listed item
// (`inScope`, beside ItemState.inTimeRange), and the one rule the planner applies to it. Being
// out of scope never deletes anything: a filter only hides items, like the time window does.
import type { CategoryFilter } from "../profile/schema";
import type { CategoryFilterResult } from "./category-filter";

/** What an adapter adds to an ItemState when the profile has a category filter. */
export interface Scoped {
  /** False when the category filter excludes the item; undefined = no filter (in scope). */
  inScope?: boolean | undefined;
}

/**
 * The item's `inScope` flag. `known` = the status already pairs this item (the runner knows from
 * its status): a sticky filter keeps such items in scope after their category was removed, as
 * the Outlook plug-in's IsCategoryFilterSticky does. Undefined when the filter is off, so items of
 * unfiltered profiles carry no flag at all.
 */
export function scopeFlag(params: { filter: CategoryFilter; result: CategoryFilterResult; known: boolean }): boolean | undefined {
  const { filter, result, known } = params;
  if (filter.kind === "off") return undefined;
  return result.included || (filter.sticky && known);
}

/**
 * The planner contract, as one predicate over a pair's two listed items (either may be absent):
 * true = plan nothing for this pair and leave its status as it is.
 *
 * - One side absent, the present one out of scope: never copied, and its absence on the other
 *   side is not a deletion (same rule as `inTimeRange === false` in planPair).
 * - Both sides present, one out of scope: the user took the item out of this profile (removed
 *   the category, non-sticky filter); neither side is written until it comes back in scope.
 *
 * planPair calls it right where it checks `outOfRange`, whatever the profile's time range kind.
 */
export function outOfScope(params: { local: Scoped | undefined; remote: Scoped | undefined }): boolean {
  return params.local?.inScope === false || params.remote?.inScope === false;
}
