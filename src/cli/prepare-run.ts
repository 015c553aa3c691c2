// What a sync run derives from its options and the saved status alone: the run's clock, mapping,
// time window, inspector and whether the saved caches still apply; and the folder store built
// from them.
import type { InspectItem, TimeWindow } from "../dav";
import { itemMapping, mappingKey, type ItemMapping } from "../ical";
import { VdirStore } from "../vdir";
import { NO_MAPPING, type SyncOptions } from "./args";
import { createInspector, type CliInspector } from "./inspect";
import { mappingChangesItems } from "./mapping-options";
import { mappedInspector } from "./mapped-store";
import type { StatusFile } from "./status-file";

const DAY_MS = 86_400_000;

export interface PreparedRun {
  now: number;
  withSpan: boolean;
  /** Undefined when no mapping option changes any item. */
  mapping: ItemMapping | undefined;
  mapKey: string | undefined;
  window: TimeWindow | undefined;
  inspect: CliInspector;
  /** Parser messages of items that could not be read. */
  unreadable: string[];
  /** Whether the saved caches were computed under these options (given the same collection). */
  cachesMatch: boolean;
}

export function folderStore(params: { options: SyncOptions; prepared: PreparedRun; ext: string; cache: unknown }): VdirStore {
  const { options, prepared, ext } = params;
  return new VdirStore({
    dir: options.dir,
    ext,
    inspect: prepared.mapping ? mappedInspector({ inspect: prepared.inspect, mapping: prepared.mapping, toLocal: false }) : prepared.inspect,
    cache: params.cache,
    window: prepared.window,
    // Files are fsync'ed in batches: flushed before every status save, which is what makes a write count.
    deferSync: true,
  });
}

export function prepareRun(params: { options: SyncOptions; saved: StatusFile | undefined; now?: number }): PreparedRun {
  const { options, saved } = params;
  const now = params.now ?? Date.now();
  const withSpan = options.timeRange !== undefined;
  // The mapping options (README of src/ical/mapping): undefined when none changes any item.
  const mappingOptions = options.mapping ?? NO_MAPPING;
  const mapped = itemMapping({ profile: mappingOptions, now });
  const mapping = mapped.active && mappingChangesItems(mappingOptions) ? mapped : undefined;
  const mapKey = mapping ? mappingKey({ profile: mappingOptions }) : undefined;
  const window: TimeWindow | undefined = options.timeRange
    ? { start: now - options.timeRange.daysPast * DAY_MS, end: now + options.timeRange.daysFuture * DAY_MS }
    : undefined;
  const unreadable: string[] = [];
  const inspect = createInspector({ withSpan, onUnreadable: ({ error }) => unreadable.push(error) });
  // Cached hashes and scope verdicts were computed under the saved options.
  const cachesMatch = saved !== undefined && saved.withSpan === withSpan && saved.mappingKey === mapKey;
  return { now, withSpan, mapping, mapKey, window, inspect, unreadable, cachesMatch };
}
