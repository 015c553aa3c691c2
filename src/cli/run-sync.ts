// One `davsync sync` run over resolved inputs: builds the two stores (DavStore ↔ VdirStore), lists
// both, plans with core, asks for the confirmed deletions when --yes, prefetches the server bodies
// the plan needs in as few requests as possible, then executes in chunks with the status file
// written after each. Updates are patches over both sides' bases (kept in the status file: a
// folder is lossless and disk is cheap, so both sides). The dry run stops after planning and writes nothing.
import { join } from "node:path";
import {
  emptyStatus,
  execute,
  MemoryBaseStore,
  plan as makePlan,
  ScopedStore,
  type Action,
  type Plan,
  type RunReport,
  type SyncSettings,
  type SyncStatus,
} from "../core";
import { DavStore, type Capabilities, type DavContext, type TimeWindow } from "../dav";
import { createFieldMerger, createPatcher, itemMapping, mappedPatcher, mappingKey } from "../ical";
import { FolderTrash, VdirStore } from "../vdir";
import { NO_MAPPING, type SyncOptions } from "./args";
import { createInspector } from "./inspect";
import { MappedFolderStore, mappedInspector } from "./mapped-store";
import { statusWriter, type StatusFile } from "./status-file";

const DAY_MS = 86_400_000;

export interface RunSyncParams {
  ctx: DavContext;
  options: SyncOptions;
  collectionUrl: string;
  capabilities: Capabilities | undefined;
  saved: StatusFile | undefined;
  /** Progress lines (stderr). */
  log: (line: string) => void;
  signal?: AbortSignal | undefined;
  onStatusSaved?: ((count: number) => void) | undefined;
  now?: (() => number) | undefined;
}

export interface RunSyncResult {
  plan: Plan;
  report: RunReport | undefined;
  /** Parser messages of items that were listed but could not be read. */
  unreadable: string[];
  trashed: number;
  kind: Capabilities["kind"];
}

export function settingsOf(options: SyncOptions): SyncSettings {
  return {
    mode: options.mode,
    conflict: options.conflict,
    safety: { maxDeletions: options.maxDeletions, maxDeletionPercent: options.maxDeletionPercent },
    timeRange: options.timeRange ? { kind: "window", ...options.timeRange } : { kind: "off" },
  };
}

/** Server hrefs whose content the executor will read: copy sources, patch targets, what goes to the trash. */
export function remoteReads(actions: readonly Action[]): string[] {
  const ids: string[] = [];
  for (const a of actions) {
    if ((a.kind === "create" || a.kind === "update") && a.side === "local") ids.push(a.source.id);
    if (a.kind === "update" && a.side === "remote") ids.push(a.target.id);
    if (a.kind === "delete" && a.side === "remote") ids.push(a.target.id);
    if (a.kind === "merge") ids.push(a.remote.id);
  }
  return ids;
}

export async function runSync(p: RunSyncParams): Promise<RunSyncResult> {
  const { options, saved } = p;
  const now = p.now?.() ?? Date.now();
  const withSpan = options.timeRange !== undefined;
  const sameCollection = saved?.collectionUrl === p.collectionUrl;
  // The mapping options (README of src/ical/mapping): undefined when none changes any item.
  const mappingOptions = options.mapping ?? NO_MAPPING;
  const mapped = itemMapping({ profile: mappingOptions, now });
  const mapping = mapped.active ? mapped : undefined;
  const mapKey = mapping ? mappingKey({ profile: mappingOptions }) : undefined;
  // Cached hashes and scope verdicts were computed under the saved options.
  const reuseCaches = sameCollection && saved.withSpan === withSpan && saved.mappingKey === mapKey;
  const window: TimeWindow | undefined = options.timeRange
    ? { start: now - options.timeRange.daysPast * DAY_MS, end: now + options.timeRange.daysFuture * DAY_MS }
    : undefined;
  const unreadable: string[] = [];
  const inspect = createInspector({ withSpan, onUnreadable: ({ error }) => unreadable.push(error) });
  let status: SyncStatus = sameCollection ? saved.status : emptyStatus();
  const bases = new MemoryBaseStore({ data: sameCollection ? saved.bases : undefined });
  let saves = 0;

  const writer = statusWriter({
    path: options.statusFile,
    head: { startUrl: options.url, collectionUrl: p.collectionUrl, withSpan, ...(mapKey ? { mappingKey: mapKey } : {}) },
    caches: () => ({ remote: remote.exportCache(), local: local.exportCache(), bases: bases.export() }),
  });
  /** Saves are paced (statusWriter); each write is preceded by the flush of the folder files it names. */
  const persist = async (next: SyncStatus, force = false) => {
    if (options.dryRun) return;
    status = next;
    if (!writer.due({ force })) return;
    await local.flush(); // the status may name only files that are durable
    writer.write({ status: next });
  };

  const remote: DavStore = new DavStore({
    ctx: p.ctx,
    url: p.collectionUrl,
    // The server's items are hashed and judged as the folder would hold them.
    inspect: mapping ? mappedInspector({ inspect, mapping, toLocal: true }) : inspect,
    cache: reuseCaches ? saved.remoteCache : undefined,
    window,
    capabilities: p.capabilities,
    onFetched: ({ fetched, total }) => {
      p.log(`downloaded ${fetched}/${total}`);
      return persist(status); // a killed download keeps what it already has
    },
  });
  const caps = await remote.capabilities();
  const ext = caps.kind === "calendar" ? ".ics" : ".vcf";
  // Files are fsync'ed in batches: flushed before every status save, which is what makes a write count.
  const local = new VdirStore({
    dir: options.dir,
    ext,
    inspect: mapping ? mappedInspector({ inspect, mapping, toLocal: false }) : inspect,
    cache: reuseCaches ? saved.localCache : undefined,
    window,
    deferSync: true,
  });
  // What the engine sees: the folder in the server's spelling, both sides through the category filter.
  const filter = mappingOptions.categoryFilter;
  const folderSide = mapping ? new MappedFolderStore({ store: local, mapping }) : local;
  const localSide = filter.kind === "off" ? folderSide : new ScopedStore({ store: folderSide, filter, status, side: "local" });
  const remoteSide = filter.kind === "off" ? remote : new ScopedStore({ store: remote, filter, status, side: "remote" });
  const trash = new FolderTrash({ dir: join(options.dir, ".davsync-trash"), ext });
  if (!options.dryRun) trash.purge();

  // What the stores and bases have learned or changed, to skip the save of a run that did nothing.
  const revisions = () => `${remote.revision}/${local.revision}/${bases.revision}`;
  const loaded = revisions();
  p.log(`listing ${p.collectionUrl} and ${options.dir}`);
  const [localItems, remoteItems] = await Promise.all([localSide.list(), remoteSide.list()]);
  const settings = settingsOf(options);
  const sides = {
    status,
    local: { items: localItems, readOnly: localSide.readOnly },
    remote: { items: remoteItems, readOnly: remoteSide.readOnly },
    profile: settings,
  };
  let plan = makePlan(sides);
  if (plan.needsConfirmation && options.yes) {
    const deletions = Object.fromEntries(plan.needsConfirmation.map((preview) => [preview.side, preview.ids]));
    plan = makePlan({ ...sides, confirmations: { deletions } });
  }
  const result = { plan, unreadable, kind: caps.kind };
  if (options.dryRun) return { ...result, report: undefined, trashed: 0 };

  await remote.prefetch({ ids: remoteReads(plan.actions) });
  // Nothing to do and nothing learned (the no-change run): the status file already says all this.
  const before = sameCollection && reuseCaches && plan.actions.length === 0 && revisions() === loaded ? loaded : undefined;
  let latest = status;
  const report = await execute({
    actions: plan.actions,
    status,
    local: localSide,
    remote: remoteSide,
    profile: settings,
    trash,
    merger: options.conflict === "field-merge" ? createFieldMerger({ prefer: "remote" }) : undefined,
    // Folder files are rewritten by whatever app edits them; what such an app drops is no deletion.
    // With a mapping, a pair without a folder base is patched over a synthetic one (README step 3).
    patcher: mapping ? mappedPatcher({ mapping, lossy: ["local"], thunderbird: false }) : createPatcher({ lossy: ["local"] }),
    bases,
    chunkSize: options.chunkSize,
    signal: p.signal,
    saveStatus: async (next) => {
      latest = next;
      if (before === undefined || revisions() !== before) await persist(next);
      saves += 1;
      p.onStatusSaved?.(saves);
    },
    onProgress: ({ done, total }) => {
      if (done % options.chunkSize === 0 || done === total) p.log(`applied ${done}/${total}`);
    },
  }).catch(async (e: unknown) => {
    await persist(latest, true); // a failed run keeps what it did (the executor saved, maybe paced out)
    throw e;
  });
  // The caches as they are at the end.
  if (before === undefined || revisions() !== before) await persist(report.status, true);
  return { ...result, report, trashed: trash.count };
}
