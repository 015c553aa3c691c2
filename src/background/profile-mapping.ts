// A profile's mapping options in a sync run of the add-on (src/ical/mapping/README.md is the
// contract): the run's ItemMapping, the DavStore inspector that hashes and scopes each server item
// in the form Thunderbird will hold it, the cache reset when the options change, both stores seen
// through the category filter, and the color option (calendar-color ↔ calendar / category color).
import { ScopedStore, type Store, type SyncStatus } from "../core";
import type { Profile } from "../core/profile/schema";
import { parseCalendarColor, updateCollection, type CollectionInfo, type DavContext, type InspectItem, type ItemFacts } from "../dav";
import { createPatcher, fetchedColor, inspectMapped, itemMapping, mappedPatcher, mappingKey, type ItemMapping } from "../ical";
import type { FactsMemo } from "./facts-memo";

/** The run's mapping, or undefined when no option changes any item (contacts never). */
export function runMapping(params: { profile: Profile; now: number }): RunMapping | undefined {
  if (params.profile.kind === "contacts") return undefined;
  const mapping = itemMapping(params);
  return mapping.active ? rememberToLocal(mapping) : undefined;
}

/** A run's mapping, which also takes to-local results computed elsewhere (an inspect worker). */
export interface RunMapping extends ItemMapping {
  rememberLocal(params: { text: string; local: string }): void;
}

/**
 * A server text is mapped to-local twice in a run: when it is listed (mappedInspect) and when it
 * is written into Thunderbird. The first result is kept until that second use (then dropped, so
 * the memory held is only that of items listed and not yet written).
 */
function rememberToLocal(mapping: ItemMapping): RunMapping {
  const kept = new Map<string, string>();
  return {
    rememberLocal: ({ text, local }) => void kept.set(text, local),
    active: mapping.active,
    toServer: (text) => mapping.toServer(text),
    included: (text) => mapping.included(text),
    toLocal: (text) => {
      const known = kept.get(text);
      if (known !== undefined) {
        kept.delete(text);
        return known;
      }
      const local = mapping.toLocal(text);
      kept.set(text, local);
      return local;
    },
  };
}

/**
 * Server items listed as Thunderbird will hold them: hash and scope of the to-local form, so an
 * untouched pair hashes equal on a first run. Text the mapping cannot read goes to `inspect` as it is.
 */
export function mappedInspect(params: { inspect: InspectItem; mapping: ItemMapping; memo?: FactsMemo | undefined }): InspectItem {
  const { inspect, mapping, memo } = params;
  return ({ text }) => {
    const { facts, local } = inspectMapped({ text, inspect, mapping });
    memo?.remember({ localText: local, facts });
    return facts;
  };
}

/**
 * Cached hashes and scope verdicts were computed under the mapping options of their run: when the
 * options change, both caches go (each item is read once more; the status stays, so nothing syncs
 * twice). Returns the state's new key.
 */
export function resetCachesOnMappingChange(params: {
  state: { localCache: object; davCache: unknown; mappingKey?: string | undefined };
  profile: Profile;
}): void {
  const { state, profile } = params;
  const key = profile.kind === "contacts" ? undefined : mappingKey({ profile });
  if ((state.mappingKey ?? undefined) === key) return;
  state.localCache = {};
  state.davCache = undefined;
  if (key === undefined) delete state.mappingKey;
  else state.mappingKey = key;
}

/** Both stores through the category filter (core ScopedStore); the stores themselves when it is off. */
export function scopedStores(params: { profile: Profile; status: SyncStatus; local: Store; remote: Store }): { local: Store; remote: Store } {
  const { profile, status, local, remote } = params;
  const filter = profile.categoryFilter;
  if (filter.kind === "off") return { local, remote };
  return { local: new ScopedStore({ store: local, filter, status, side: "local" }), remote: new ScopedStore({ store: remote, filter, status, side: "remote" }) };
}

/** The Patcher: Thunderbird's copy is lossy; with a mapping, README step 3's synthetic base too. */
export function runPatcher(params: { mapping: ItemMapping | undefined }) {
  const lossy = ["local"] as const;
  return params.mapping ? mappedPatcher({ mapping: params.mapping, lossy, thunderbird: true }) : createPatcher({ lossy });
}

/** The calendar experiment's color functions; a run without them (tests with a partial fake) leaves colors alone. */
export interface ColorApis {
  getCalendar(calendarId: string): Promise<{ color: string | null } | null>;
  setCalendarColor?: ((calendarId: string, color: string) => Promise<unknown>) | undefined;
  getCategoryColor?: ((name: string) => Promise<string | null>) | undefined;
  setCategoryColor?: ((name: string, color: string) => Promise<void>) | undefined;
}

/** The category a profile's items carry in Thunderbird, when its filter marks them with one. */
function markingCategory(profile: Profile): string | undefined {
  const filter = profile.categoryFilter;
  return filter.kind === "category" && !filter.invert ? filter.name.trim() : undefined;
}

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ? parseCalendarColor(a)?.toLowerCase() : undefined) === (b ? parseCalendarColor(b)?.toLowerCase() : undefined);

interface ColorParams {
  profile: Profile;
  collection: CollectionInfo;
  calendarId: string;
  apis: ColorApis;
  ctx: DavContext;
}

/** What the color option did this run (for the log); `error` when it could not (never a sync failure). */
type ColorOutcome = { did: "none" | "calendar" | "category" | "server"; color?: string; error?: string };

/**
 * The color option, once per run. "fetch": the server's calendar-color becomes the color of the
 * category the profile marks its items with (a merged calendar: one category per server calendar)
 * or else of the Thunderbird calendar. "set-on-server": that local color is PROPPATCHed as the
 * collection's calendar-color when it differs. Returns what it did (for the log); a refused
 * PROPPATCH (or any other failure here) is no sync failure — colors are a courtesy — and comes back as `error`.
 */
export async function syncColor(params: ColorParams): Promise<ColorOutcome> {
  try {
    return await applyColorOption(params);
  } catch (e) {
    return { did: "none", error: e instanceof Error ? e.message : String(e) };
  }
}

async function applyColorOption(params: ColorParams): Promise<ColorOutcome> {
  const { profile, collection, calendarId, apis, ctx } = params;
  const { setCalendarColor, getCategoryColor, setCategoryColor } = apis;
  if (profile.kind === "contacts" || !setCalendarColor || !getCategoryColor || !setCategoryColor) return { did: "none" };
  const category = markingCategory(profile);
  switch (profile.color) {
    case "off":
      return { did: "none" };
    case "fetch": {
      const server = collection.color ? fetchedColor({ serverColor: collection.color }) : undefined;
      if (!server) return { did: "none" };
      const color = server.toLowerCase();
      if (category) {
        if (same(await getCategoryColor(category), color)) return { did: "none" };
        await setCategoryColor(category, color);
        return { did: "category", color };
      }
      if (same((await apis.getCalendar(calendarId))?.color, color)) return { did: "none" };
      await setCalendarColor(calendarId, color);
      return { did: "calendar", color };
    }
    case "set-on-server": {
      const local = category ? await getCategoryColor(category) : (await apis.getCalendar(calendarId))?.color;
      const color = local ? parseCalendarColor(local) : undefined;
      if (!color || same(color, collection.color)) return { did: "none" };
      await updateCollection({ ctx, url: collection.url, color });
      return { did: "server", color };
    }
    default: {
      const never: never = profile.color;
      return never;
    }
  }
}
