// The CLI's state between runs, one JSON file per folder ↔ collection pair: core's SyncStatus and
// bases (both sides' content at the last sync: updates are patches), the DavStore and VdirStore
// caches, and which collection a root URL was resolved to. Written atomically, paced (statusWriter:
// a killed run loses at most the last second or so, which the next run re-pairs by UID). A file for another collection
// URL is refused rather than silently reused: its status would pair items with the wrong server.
import { readFileSync } from "node:fs";
import { emptyStatus, migrateStatus, type SyncStatus } from "../core";
import { replaceFileParts } from "../vdir";

export const STATUS_FILE_VERSION = 1;

export interface StatusFile {
  version: number;
  /** The --url the user gave, and the collection it resolved to. */
  startUrl: string;
  collectionUrl: string;
  /** Item spans are cached only when a time window was in use; a change invalidates the caches. */
  withSpan: boolean;
  /** The mapping options the caches were computed under (src/ical mappingKey); absent = none. */
  mappingKey?: string | undefined;
  status: SyncStatus;
  /** MemoryBaseStore.export(); absent in files written before bases (their pairs copy whole once). */
  bases: unknown;
  remoteCache: unknown;
  localCache: unknown;
}

export function readStatusFile(params: { path: string }): StatusFile | undefined {
  let text: string;
  try {
    text = readFileSync(params.path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  let data: Partial<StatusFile>;
  try {
    data = JSON.parse(text) as Partial<StatusFile>;
  } catch {
    throw new Error(`the status file ${params.path} is not valid JSON; move it away to start over (the next run then pairs items by UID)`);
  }
  if (data.version !== STATUS_FILE_VERSION || typeof data.collectionUrl !== "string") {
    throw new Error(`the status file ${params.path} has an unknown format (version ${String(data.version)})`);
  }
  const status = migrateStatus(data.status) ?? emptyStatus();
  return {
    version: STATUS_FILE_VERSION,
    startUrl: typeof data.startUrl === "string" ? data.startUrl : data.collectionUrl,
    collectionUrl: data.collectionUrl,
    withSpan: data.withSpan === true,
    ...(typeof data.mappingKey === "string" ? { mappingKey: data.mappingKey } : {}),
    status,
    bases: data.bases,
    remoteCache: data.remoteCache,
    localCache: data.localCache,
  };
}

/** A value as JSON text in parts: objects with an `items` record one part per item (bases hold whole items). */
function* jsonParts(value: unknown): Generator<string> {
  const v = value as { items?: unknown } | null | undefined;
  if (!v || typeof v !== "object" || Array.isArray(v) || !v.items || typeof v.items !== "object") {
    yield JSON.stringify(value ?? null);
    return;
  }
  const { items, ...rest } = v as { items: Record<string, unknown> };
  const head = JSON.stringify(rest);
  yield head === "{}" ? '{"items":{' : `${head.slice(0, -1)},"items":{`;
  let first = true;
  for (const [key, item] of Object.entries(items)) {
    if (item === undefined) continue;
    yield `${first ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(item)}`;
    first = false;
  }
  yield "}}";
}

export interface StatusWriter {
  /** Whether a save now would write (forced, or the pacing interval has passed). */
  due(p?: { force?: boolean }): boolean;
  /** Writes the file: head, status, bases and both caches, streamed in parts (no whole-file string). */
  write(p: { status: SyncStatus }): void;
}

/**
 * The status file writer, paced: the file holds whole items (bases) and every cached fact, so
 * writing it costs time in proportion to the collection (21 MB at 5 000 events). The executor saves
 * after every chunk; the file is written when forced (end of run, a failure) or at most once per
 * max(`everyMs`, 4 × the last write's duration), so writing stays below ~20 % of a run. A kill
 * between writes loses at most that much of the status: the next run finds those items on both
 * sides, pairs them by UID and records them without copying (nothing is duplicated or lost).
 */
export function statusWriter(params: {
  path: string;
  head: Pick<StatusFile, "startUrl" | "collectionUrl" | "withSpan" | "mappingKey">;
  caches: () => { remote: unknown; local: unknown; bases: unknown };
  everyMs?: number;
  now?: () => number;
}): StatusWriter {
  const now = params.now ?? Date.now;
  let nextAt = -Infinity;
  return {
    due: ({ force } = {}) => force === true || now() >= nextAt,
    write: ({ status }) => {
      const started = now();
      const caches = params.caches();
      const head = JSON.stringify({ version: STATUS_FILE_VERSION, ...params.head, status });
      const parts = function* () {
        yield `${head.slice(0, -1)},"bases":`;
        yield* jsonParts(caches.bases);
        yield ',"remoteCache":';
        yield JSON.stringify(caches.remote ?? null);
        yield ',"localCache":';
        yield JSON.stringify(caches.local ?? null);
        yield "}";
      };
      replaceFileParts({ path: params.path, parts: parts() });
      const took = now() - started;
      nextAt = now() + Math.max(params.everyMs ?? 1000, 4 * took);
    },
  };
}
