// One `davsync sync` run over resolved inputs: builds the two stores (DavStore ↔ VdirStore), lists
// both, plans with core, asks for the confirmed deletions when --yes, prefetches the server bodies
// the plan needs in as few requests as possible, then executes in chunks with the status file
// written after each. Updates are patches over both sides' bases (a folder is lossless and disk is
// cheap, so both sides), kept in the bases log next to the status file (base-log.ts) and read only
// for the pairs a run touches. The dry run stops after planning and writes nothing.
import { join } from "node:path";
import {
  emptyStatus,
  execute,
  plan as makePlan,
  ScopedStore,
  SERVER_WRITES_IN_FLIGHT,
  type Action,
  type Plan,
  type RunReport,
  type SyncSettings,
  type SyncStatus,
} from "../core";
import { DavStore, type Capabilities, type DavContext, type ItemFacts } from "../dav";
import { createFieldMerger, createPatcher, mappedPatcher } from "../ical";
import { FolderTrash } from "../vdir";
import { NO_MAPPING, type SyncOptions } from "./args";
import { BaseLog } from "./base-log";
import { BodySpool } from "./body-spool";
import { inspectPool, type InspectWorkerSource } from "./inspect-workers";
import { MappedFolderStore, mappedInspector } from "./mapped-store";
import { folderStore, prepareRun, type PreparedRun } from "./prepare-run";
import { statusWriter, type StatusFile } from "./status-file";

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
  /** What the options and saved status imply (prepare-run.ts); built here when not given. */
  prepared?: PreparedRun | undefined;
  /** Inspect workers (the built CLI); without, downloads are inspected on the main thread. */
  inspectWorkers?: InspectWorkerSource | undefined;
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

/**
 * Server hrefs whose content the executor will read: copy sources, patch targets, what goes to the
 * trash, and the bases of pairs whose server side is new to the status (a run resumed after a kill
 * pairs the files it had already written by UID, and reads each one's server text as its base).
 */
export function remoteReads(actions: readonly Action[], status?: SyncStatus): string[] {
  const ids: string[] = [];
  let before: Map<string, string> | undefined;
  for (const a of actions) {
    if (a.kind === "update-status") {
      before ??= new Map(status?.entries.map((e) => [e.uid, e.remote.hash]));
      if (before.get(a.uid) !== a.entry.remote.hash) ids.push(a.entry.remote.href);
    }
    if ((a.kind === "create" || a.kind === "update") && a.side === "local") ids.push(a.source.id);
    if (a.kind === "update" && a.side === "remote") ids.push(a.target.id);
    if (a.kind === "delete" && a.side === "remote") ids.push(a.target.id);
    if (a.kind === "merge") ids.push(a.remote.id);
  }
  return ids;
}

export async function runSync(p: RunSyncParams): Promise<RunSyncResult> {
  const { options, saved } = p;
  const sameCollection = saved?.collectionUrl === p.collectionUrl;
  const prepared = p.prepared ?? prepareRun({ options, saved, now: p.now?.() });
  const { withSpan, mapping, mapKey, window, inspect, unreadable } = prepared;
  const reuseCaches = sameCollection && prepared.cachesMatch;
  let status: SyncStatus = sameCollection ? saved.status : emptyStatus();
  const bases = new BaseLog({
    statusPath: options.statusFile,
    index: sameCollection ? saved.basesLog : undefined,
    legacy: sameCollection ? saved.bases : undefined,
    readOnly: options.dryRun,
  });
  let saves = 0;
  // Workers inspect big downloads (not mapped ones: their inspector maps first). A download of
  // everything is expected when there is no usable server cache: they start while the server answers.
  const workers = p.inspectWorkers && !mapping ? inspectPool({ source: p.inspectWorkers, withSpan, inspector: inspect }) : undefined;
  if (workers && !(reuseCaches && saved.remoteCache)) workers.warm();
  // Downloaded bodies wait for the executor on disk, not in the heap (a dry run writes nothing).
  const spool = options.dryRun ? undefined : new BodySpool({ dir: options.dir });
  try {
    /** Saves are paced (statusWriter); each write is preceded by the flush of the folder files it names. */
    const persist = async (next: SyncStatus, force = false, last = false) => {
      if (options.dryRun) return;
      status = next;
      if (!writer.due({ force })) return;
      // The status may name only files and base records that are durable.
      await local.flush();
      if (last) await bases.compact();
      else await bases.flush();
      writer.write({ status: next });
      if (last) bases.dropRetired();
    };

    const remote: DavStore = new DavStore({
      ctx: p.ctx,
      url: p.collectionUrl,
      // The server's items are hashed and judged as the folder would hold them.
      inspect: mapping ? mappedInspector({ inspect, mapping, toLocal: true }) : inspect.once,
      // Without a mapping the folder gets the very text: its write takes these facts instead of a parse.
      ...(mapping ? {} : { onBodyRead: ({ text, facts }: { text: string; facts: ItemFacts }) => inspect.remember({ text, outcome: { facts } }) }),
      ...(workers ? { inspectMany: workers.inspectMany } : {}),
      cache: reuseCaches ? saved.remoteCache : undefined,
      window,
      capabilities: p.capabilities,
      // The executor reads each server body once (copy source, patch target, trash): not kept after.
      releaseOnRead: true,
      ...(spool ? { bodies: spool } : {}),
      onFetched: ({ fetched, total }) => {
        p.log(`downloaded ${fetched}/${total}`);
        return persist(status); // a killed download keeps what it already has
      },
    });
    const caps = await remote.capabilities();
    const ext = caps.kind === "calendar" ? ".ics" : ".vcf";
    const writer = statusWriter({
      path: options.statusFile,
      head: { startUrl: options.url, collectionUrl: p.collectionUrl, kind: caps.kind, withSpan, ...(mapKey ? { mappingKey: mapKey } : {}) },
      caches: () => ({ remote: remote.exportCache(), local: local.exportCache(), basesLog: bases.exportIndex() }),
    });
    const local = folderStore({ options, prepared, ext, cache: reuseCaches ? saved.localCache : undefined });
    // Imported by the stores: the raw copies need not live through the run.
    if (saved) saved.localCache = saved.remoteCache = undefined;
    // What the engine sees: the folder in the server's spelling, both sides through the category filter.
    const filter = (options.mapping ?? NO_MAPPING).categoryFilter;
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
    if (workers?.stats.inWorkers) p.log(`inspected ${workers.stats.inWorkers} downloaded items in ${workers.stats.workers} workers`);
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

    await remote.prefetch({ ids: remoteReads(plan.actions, status) });
    // Downloads are over: the workers' memory goes back before the folder is written.
    await workers?.close();
    // Nothing to do and nothing learned (the no-change run): the status file already says all this.
    const before = sameCollection && reuseCaches && !bases.migrating && plan.actions.length === 0 && revisions() === loaded ? loaded : undefined;
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
      serverConcurrency: SERVER_WRITES_IN_FLIGHT,
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
      bases.close();
      throw e;
    });
    // The caches as they are at the end.
    if (before === undefined || revisions() !== before) await persist(report.status, true, true);
    bases.close();
    return { ...result, report, trashed: trash.count };
  } finally {
    spool?.close();
    await workers?.close();
  }
}
