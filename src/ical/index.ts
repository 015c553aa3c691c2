// src/ical — item mapping for the sync engine: parse and check one resource, hash its normalized
// content, identify it for matching, patch one side's edits onto the other's text, field-merge
// conflicts, map Windows time zones and HTML descriptions to what Thunderbird handles, match
// overrides by instant (recurrence-id.ts), patch vCards across 3.0 / 4.0 (vcard-version.ts) and
// inline server photos for Thunderbird (photo.ts). Pure functions over iCalendar / vCard text; no
// I/O (the HTML sanitizer is given its DOM window; photos are fetched by src/dav/fetch-photo.ts).
export { ItemParseError, type ItemParseErrorCode } from "./errors";
export { parseItem, type ParsedItem, type CalendarItem, type ContactItem, type ItemKind } from "./parse-item";
export { normalize, contentHash, fnv1a64 } from "./hash";
export { itemIdentity, type ItemIdentity } from "./identity";
export { inspectItem, type ItemInspection } from "./inspect";
export { createPatcher, patchItem } from "./patch";
export { mergeFields, createFieldMerger, type MergeResult, type MergeSide } from "./merge";
export { serializeComponent, foldLine } from "./serialize";
export type { Comp, Prop, Param } from "./content-line";
export { ianaTzid, windowsZoneId, windowsZoneTable } from "./windows-zones";
export { canonicalTzid } from "./canonical";
export { utcOfWallTime, type WallTime } from "./zone-time";
export { createHtmlSanitizer, htmlToText, type HtmlSanitizer, type HtmlWindow } from "./html";
export { toThunderbird, fromThunderbird } from "./thunderbird-form";
export { vcardInVersion, toVcardVersion, vcardMajor, type VcardMajor } from "./vcard-version";
export { recurrenceInstant } from "./recurrence-id";
export { photoUris, inlinePhoto, restorePhotoUris, type PhotoUris } from "./photo";
export {
  applyMapping, mappingSteps, addCategory, removeCategory, itemCategories, categoryScope, filterAlarms, lastFiring, mapPrivacy,
  renameCustomProperties, parseColor, nearestColor, fetchedColor, OUTLOOK_CATEGORY_COLORS, cssColorHex, cssColorName, srgbToLab,
  deltaE76, deltaE2000,
  inspectMapped, itemMapping, mappedPatcher, mappingKey,
  type ApplyMappingParams, type MappingProfile, type MappingDirection, type PaletteColor, type Lab, type ItemMapping,
} from "./mapping";
