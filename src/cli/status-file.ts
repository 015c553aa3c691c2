// The CLI's state between runs, one JSON file per folder ↔ collection pair: core's SyncStatus, the
// index of the bases log (base-log.ts: both sides' content at the last sync, for patch updates,
// kept in a file of its own so this one stays small), the DavStore and VdirStore caches, and which
// collection a root URL was resolved to. Written atomically, paced (statusWriter:
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
  /** What the collection is (the folder's .ics / .vcf); absent in files written before it was kept. */
  kind?: "calendar" | "addressbook" | undefined;
  /** Item spans are cached only when a time window was in use; a change invalidates the caches. */
  withSpan: boolean;
  /** The mapping options the caches were computed under (src/ical mappingKey); absent = none. */
  mappingKey?: string | undefined;
  status: SyncStatus;
  /** BaseLog.exportIndex(): where each pair's bases are in the bases log. */
  basesLog: unknown;
  /** Files written before the log kept the bases inline (MemoryBaseStore.export()); moved on the next save. */
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
  return parseStatusText({ path: params.path, text });
}

function parseStatusText(params: { path: string; text: string }): StatusFile {
  const { text } = params;
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
    ...(data.kind === "calendar" || data.kind === "addressbook" ? { kind: data.kind } : {}),
    withSpan: data.withSpan === true,
    ...(typeof data.mappingKey === "string" ? { mappingKey: data.mappingKey } : {}),
    status,
    basesLog: data.basesLog,
    bases: data.bases,
    remoteCache: data.remoteCache,
    localCache: data.localCache,
  };
}

/**
 * A value as JSON text in parts, its `field` (an array or a record, the part that grows with the
 * collection) one element per part: the file is never one string of several MB in memory.
 */
export function* jsonParts(value: unknown, field: string): Generator<string> {
  const v = value as Record<string, unknown> | null | undefined;
  const inner = v && typeof v === "object" && !Array.isArray(v) ? v[field] : undefined;
  if (!inner || typeof inner !== "object") {
    yield JSON.stringify(value ?? null);
    return;
  }
  const { [field]: _, ...rest } = v!;
  const head = JSON.stringify(rest);
  yield `${head === "{}" ? "{" : `${head.slice(0, -1)},`}${JSON.stringify(field)}:${Array.isArray(inner) ? "[" : "{"}`;
  let first = true;
  if (Array.isArray(inner)) {
    for (const item of inner) {
      yield `${first ? "" : ","}${JSON.stringify(item) ?? "null"}`;
      first = false;
    }
    yield "]}";
    return;
  }
  for (const [key, item] of Object.entries(inner)) {
    if (item === undefined) continue;
    yield `${first ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(item)}`;
    first = false;
  }
  yield "}}";
}

/**
 * JSON text with every non-ASCII character escaped (\uXXXX): the same JSON, but read back as a
 * one-byte string. A status file with any Czech summary in it was otherwise decoded into a two-byte
 * string, twice its size in memory (12 MB for the 6 MB file of 5 000 events) for every run.
 */
export function asciiJson(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface StatusWriter {
  /** Whether a save now would write (forced, or the pacing interval has passed). */
  due(p?: { force?: boolean }): boolean;
  /** Writes the file: head, status, bases index and both caches, streamed in parts (no whole-file string). */
  write(p: { status: SyncStatus }): void;
}

/**
 * The status file writer, paced: the file holds every cached fact, so writing it costs time in
 * proportion to the collection (~5 MB at 5 000 events). The executor saves
 * after every chunk; the file is written when forced (end of run, a failure) or at most once per
 * max(`everyMs`, 4 × the last write's duration), so writing stays below ~20 % of a run. A kill
 * between writes loses at most that much of the status: the next run finds those items on both
 * sides, pairs them by UID and records them without copying (nothing is duplicated or lost).
 */
export function statusWriter(params: {
  path: string;
  head: Pick<StatusFile, "startUrl" | "collectionUrl" | "kind" | "withSpan" | "mappingKey">;
  caches: () => { remote: unknown; local: unknown; basesLog: unknown };
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
      const head = JSON.stringify({ version: STATUS_FILE_VERSION, ...params.head }).slice(0, -1);
      const parts = function* () {
        yield `${head},"status":`;
        yield* jsonParts(status, "entries");
        yield ',"basesLog":';
        yield* jsonParts(caches.basesLog, "at");
        yield ',"remoteCache":';
        yield* jsonParts(caches.remote, "items");
        yield ',"localCache":';
        yield* jsonParts(caches.local, "items");
        yield "}";
      };
      const ascii = function* () {
        for (const part of parts()) yield asciiJson(part);
      };
      replaceFileParts({ path: params.path, parts: ascii() });
      const took = now() - started;
      nextAt = now() + Math.max(params.everyMs ?? 1000, 4 * took);
    },
  };
}

/**
 * Makes the next run list the collection in full instead of trusting its ctag / sync-token. A
 * restore needs it: putting back exactly what a sync deleted can return the server to the very
 * state (Radicale: same ctag and token) the status recorded before that deletion, and the next run
 * would then take the cache — which no longer has the item — as current.
 */
export function forgetCollectionState(params: { path: string }): void {
  let data: { remoteCache?: { state?: unknown } | null };
  try {
    data = JSON.parse(readFileSync(params.path, "utf8")) as typeof data;
  } catch {
    return; // no status (or an unreadable one): the next run lists in full anyway
  }
  if (!data.remoteCache || typeof data.remoteCache !== "object") return;
  data.remoteCache.state = {};
  replaceFileParts({ path: params.path, parts: [asciiJson(JSON.stringify(data))] });
}
