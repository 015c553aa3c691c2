// Filters that decide which items take part in a profile's sync (category filter, scope flag).
// Pure; the item's categories are read from its text by src/ical/mapping, never here.
export { categoryFilterResult, categoryKey, sameCategory, type CategoryFilterResult } from "./category-filter";
export { outOfScope, scopeFlag, type Scoped } from "./scope";
export { scopeListing, ScopedStore } from "./scoped-store";
