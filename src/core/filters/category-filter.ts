// The profile's category filter as a decision over an item's category names (parsed outside core,
// by src/ical/mapping/categories.ts): is the item part of this profile? Same rules as the Outlook
// plug-in (DoesMatchCategoryCriterion): match on one name, "include uncategorized", invert; names
// compare trimmed, case- and Unicode-form-insensitively, so "Porada" matches " porada " and "Č" "č".
import type { CategoryFilter } from "../profile/schema";
import { assertNever } from "../vocabulary";

export interface CategoryFilterResult {
  /** True when the item belongs to the profile (always true when the filter is off). */
  included: boolean;
}

/** One category name in the form names are compared in. */
export function categoryKey(params: { name: string }): string {
  // NFC first: a name typed on macOS (decomposed "č") and one from Outlook (composed) are the same.
  return params.name.normalize("NFC").trim().toLocaleLowerCase("und");
}

export function sameCategory(params: { a: string; b: string }): boolean {
  return categoryKey({ name: params.a }) === categoryKey({ name: params.b });
}

/**
 * Whether an item with these categories belongs to the profile. An item without categories is
 * included when the filter is inverted ("everything except X" covers it) or "include uncategorized"
 * is set; blank names count as no category.
 */
export function categoryFilterResult(params: { filter: CategoryFilter; categories: readonly string[] }): CategoryFilterResult {
  const { filter } = params;
  switch (filter.kind) {
    case "off":
      return { included: true };
    case "category": {
      const names = params.categories.filter((c) => c.trim() !== "");
      if (names.length === 0) return { included: filter.invert || filter.includeUncategorized };
      const found = names.some((c) => sameCategory({ a: c, b: filter.name }));
      return { included: filter.invert ? !found : found };
    }
    default:
      return assertNever(filter);
  }
}

