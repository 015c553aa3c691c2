// src/ical — item mapping for the sync engine: parse and check one resource, hash its normalized
// content, identify it for matching, patch one side's edits onto the other's text, field-merge
// conflicts. Pure functions over iCalendar / vCard text; no I/O, no browser or Node APIs.
export { ItemParseError, type ItemParseErrorCode } from "./errors";
export { parseItem, type ParsedItem, type CalendarItem, type ContactItem, type ItemKind } from "./parse-item";
export { normalize, contentHash, fnv1a64 } from "./hash";
export { itemIdentity, type ItemIdentity } from "./identity";
export { patchItem } from "./patch";
export { mergeFields, createFieldMerger, type MergeResult, type MergeSide } from "./merge";
export { serializeComponent, foldLine } from "./serialize";
export type { Comp, Prop, Param } from "./content-line";
