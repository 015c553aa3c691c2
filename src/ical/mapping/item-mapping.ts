// The profile's mapping as the sync runners use it (README.md "How the runner calls it"): one
// object per run with the run's clock, giving both directions, the filter's verdict on an item's
// local form, and the patcher that maps both local versions of a diff back to the server's
// spelling — with the synthetic base of step 3 when the pair has no local base.
import { fnv1a64 } from "../hash";
import { createPatcher } from "../patch";
import { fromThunderbird, toThunderbird } from "../thunderbird-form";
import { applyMapping, mappingSteps, type MappingProfile } from "./apply-mapping";
import { categoryScope } from "./categories";

export interface ItemMapping {
  /** Server text → the text Thunderbird (or the folder) should hold, before toThunderbird. */
  toLocal(text: string): string;
  /** The local text (after fromThunderbird) → the server's spelling. */
  toServer(text: string): string;
  /** The category filter's raw verdict on a text in local form; undefined when the filter is off. */
  included(localText: string): boolean | undefined;
  /** False when no option changes any item: the runner can skip every call. */
  readonly active: boolean;
}

/** A mapping for one run. `now` is the run's clock, read once (what "upcoming" reminders are judged against). */
export function itemMapping(params: { profile: MappingProfile; now: number }): ItemMapping {
  const { profile, now } = params;
  const active =
    mappingSteps({ profile, direction: "to-local", now }).length > 0 ||
    mappingSteps({ profile, direction: "to-server", now }).length > 0 ||
    profile.categoryFilter.kind !== "off";
  // The common profile maps nothing but reminders: then only a text with a VALARM can change on
  // the way in, and none on the way out — no parse for the others (a first sync of thousands).
  const { mapping } = profile;
  const onlyReminders =
    mapping.customProperties.length === 0 &&
    !Object.values(mapping.privacy).some(Boolean) &&
    (profile.categoryFilter.kind === "off" || profile.categoryFilter.invert);
  const untouchedToLocal = (text: string): boolean => onlyReminders && (mapping.reminders === "all" || !/^BEGIN:VALARM\r?$/im.test(text));
  return {
    active,
    toLocal: (text) => (untouchedToLocal(text) ? text : applyMapping({ text, direction: "to-local", profile, now })),
    toServer: (text) => (onlyReminders ? text : applyMapping({ text, direction: "to-server", profile })),
    included: (text) => (profile.categoryFilter.kind === "off" ? undefined : categoryScope({ text, filter: profile.categoryFilter }).included),
  };
}

/**
 * One server text's facts as the local side will hold it, with the category filter's verdict on
 * that form (`inScope`), and that local text. Where the mapping cannot read the text, the local
 * text is the server text itself (the stores write such a text as it is) and there is no verdict:
 * an item without one is in scope, since hiding it could lose it. Pure: the add-on's page and
 * inspect workers and the CLI run the same. `inspect` gives the facts of a text.
 */
export function inspectMapped<F extends object>(params: {
  text: string;
  inspect: (p: { text: string }) => F;
  mapping: ItemMapping;
}): { facts: F & { inScope?: boolean | undefined }; local: string } {
  const { text, inspect, mapping } = params;
  let local: string;
  try {
    local = mapping.toLocal(text);
  } catch {
    return { facts: inspect({ text }), local: text };
  }
  const found = inspect({ text: local });
  let inScope: boolean | undefined;
  try {
    inScope = mapping.included(local);
  } catch {
    inScope = undefined;
  }
  // Assigned, not spread: V8 gives a spread of varying shapes a hidden class of its own.
  return { facts: inScope === undefined ? found : Object.assign({}, found, { inScope }), local };
}

/**
 * A stable key of everything that changes how items are mapped or scoped: a runner keeps it with its
 * caches and drops them when it changes (a cached hash or scope verdict was computed under the old options).
 */
export function mappingKey(params: { profile: MappingProfile }): string {
  const { categoryFilter, mapping } = params.profile;
  return fnv1a64({ text: JSON.stringify({ categoryFilter, reminders: mapping.reminders, privacy: mapping.privacy, customProperties: mapping.customProperties }) });
}

/**
 * The Patcher of a mapped profile whose stores hand out server-spelled text (the local store maps
 * on read and write). A pair without a local base gets README step 3's synthetic base: what the
 * local store would give back had it been written from the server's text and not edited since.
 * `thunderbird` = the local side is Thunderbird (toThunderbird / fromThunderbird on the way).
 */
export function mappedPatcher(params: { mapping: ItemMapping; lossy: readonly ("local" | "remote")[]; thunderbird: boolean }) {
  const { mapping, thunderbird } = params;
  const base = createPatcher({ lossy: params.lossy });
  const viaLocal = (text: string): string => {
    const local = mapping.toLocal(text);
    return mapping.toServer(thunderbird ? fromThunderbird({ text: toThunderbird({ text: local }) }) : local);
  };
  return {
    patch: base.patch,
    syntheticBase({ side, target }: { uid: string; side: "local" | "remote"; target: string }): string | undefined {
      // Only Thunderbird → server: the server's text is the richer one the patch must spare.
      return side === "remote" ? viaLocal(target) : undefined;
    },
  };
}
