// src/ical/mapping — the profile's per-item mapping options as pure functions over item text:
// category filter and category marking, reminders, privacy (CLASS), custom property names, and
// the color math for calendar-color / RFC 7986 COLOR. applyMapping composes the item steps;
// README.md says how the sync runner calls it.
export { applyMapping, mappingSteps, type ApplyMappingParams, type MappingProfile } from "./apply-mapping";
export { addCategory, categoryScope, itemCategories, removeCategory } from "./categories";
export { filterAlarms, lastFiring, type Reminders } from "./alarms";
export { mapPrivacy, type PrivacyFlags } from "./privacy";
export { renameCustomProperties, type CustomPropertyRows } from "./custom-properties";
export { itemComponents, type MappingDirection } from "./components";
export { fetchedColor, nearestColor, parseColor, OUTLOOK_CATEGORY_COLORS, type PaletteColor } from "./colors";
export { cssColorHex, cssColorName } from "./css-colors";
export { deltaE2000, deltaE76, srgbToLab, type Lab } from "./color-space";
export { inspectMapped, itemMapping, mappedPatcher, mappingKey, type ItemMapping } from "./item-mapping";
