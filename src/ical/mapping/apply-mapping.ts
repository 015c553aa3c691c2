// applyMapping: the profile's item mapping in one call, for one item text in one direction.
// to-local (server → Thunderbird): custom properties renamed, CLASS mapped, alarms filtered, the
// filter category added. to-server (Thunderbird → server): the same steps mirrored in reverse
// order; alarms have no reverse step (README.md: why the server keeps them). Pure and total:
// text that is not one item throws ItemParseError, nothing else throws.
import type { Profile } from "../../core/profile/schema";
import { ItemParseError } from "../errors";
import { filterCategorySteps } from "./categories";
import { assertNever, transformText, type MappingDirection, type TreeStep } from "./components";
import { customPropertiesStep } from "./custom-properties";
import { privacyStep } from "./privacy";
import { remindersStep } from "./alarms";

/** The part of a profile the mapping reads; a whole Profile fits. */
export interface MappingProfile {
  categoryFilter: Profile["categoryFilter"];
  mapping: Pick<Profile["mapping"], "reminders" | "privacy" | "customProperties">;
}

export type ApplyMappingParams = { text: string; profile: MappingProfile } & (
  | { direction: "to-local"; /** ms since the epoch; what "upcoming" reminders are judged against. */ now: number }
  | { direction: "to-server"; now?: number }
);

/** The steps of one direction, in order. */
export function mappingSteps(params: { profile: MappingProfile; direction: MappingDirection; now: number }): TreeStep[] {
  const { profile, direction, now } = params;
  const { mapping } = profile;
  const custom = customPropertiesStep({ rows: mapping.customProperties, direction });
  const privacy = privacyStep({ flags: mapping.privacy, direction });
  const category = filterCategorySteps({ filter: profile.categoryFilter, direction });
  switch (direction) {
    case "to-local":
      // Renamed first, so every later step (and Thunderbird) sees Thunderbird's property names.
      return [custom, privacy, remindersStep({ reminders: mapping.reminders, now }), ...category];
    case "to-server":
      // Mirror order: each step undoes its to-local twin on the text that twin produced.
      return [...category, privacy, custom];
    default:
      return assertNever(direction);
  }
}

/**
 * The item text as the other side should see it. Returns the input byte for byte when nothing
 * applies (vCards always: the mapping options are calendar options).
 */
export function applyMapping(params: ApplyMappingParams): string {
  const { text, profile, direction } = params;
  const now = params.now ?? 0;
  if (direction === "to-local" && !Number.isFinite(now)) {
    // A caller bug, but reported in the one error type callers handle per item.
    throw new ItemParseError({ code: "value", message: `"now" is not a time: ${String(params.now)}` });
  }
  return transformText({ text, steps: mappingSteps({ profile, direction, now }) });
}

