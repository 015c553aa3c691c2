// The CLI's state between runs, one JSON file per folder ↔ collection pair: core's SyncStatus, the
// DavStore and VdirStore caches, and which collection a root URL was resolved to. Written atomically
// after every chunk (a killed run loses at most the chunk in flight). A file for another collection
// URL is refused rather than silently reused: its status would pair items with the wrong server.
import { readFileSync } from "node:fs";
import { emptyStatus, STATUS_SCHEMA_VERSION, type SyncStatus } from "../core";
import { replaceFile } from "../vdir";

export const STATUS_FILE_VERSION = 1;

export interface StatusFile {
  version: number;
  /** The --url the user gave, and the collection it resolved to. */
  startUrl: string;
  collectionUrl: string;
  /** Item spans are cached only when a time window was in use; a change invalidates the caches. */
  withSpan: boolean;
  status: SyncStatus;
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
  const status = data.status && data.status.schemaVersion === STATUS_SCHEMA_VERSION ? data.status : emptyStatus();
  return {
    version: STATUS_FILE_VERSION,
    startUrl: typeof data.startUrl === "string" ? data.startUrl : data.collectionUrl,
    collectionUrl: data.collectionUrl,
    withSpan: data.withSpan === true,
    status,
    remoteCache: data.remoteCache,
    localCache: data.localCache,
  };
}

export function writeStatusFile(params: { path: string; file: StatusFile }): void {
  replaceFile({ path: params.path, text: JSON.stringify(params.file) });
}

/**
 * Writes the status file after every chunk while serializing the two caches at most once per
 * `cacheEveryMs` (they are most of the file: re-serializing 5 000 cached items per chunk cost ~3 s
 * of a 5 000-item first sync). A stale cache only costs a re-read later; the status is always current.
 */
export function statusWriter(params: {
  path: string;
  head: Pick<StatusFile, "startUrl" | "collectionUrl" | "withSpan">;
  caches: () => { remote: unknown; local: unknown };
  cacheEveryMs?: number;
  now?: () => number;
}): (p: { status: SyncStatus; force?: boolean }) => void {
  const now = params.now ?? Date.now;
  let cacheText: { remote: string; local: string } | undefined;
  let cachedAt = -Infinity;
  return ({ status, force }) => {
    if (force || !cacheText || now() - cachedAt >= (params.cacheEveryMs ?? 1000)) {
      const caches = params.caches();
      cacheText = { remote: JSON.stringify(caches.remote ?? null), local: JSON.stringify(caches.local ?? null) };
      cachedAt = now();
    }
    const head = JSON.stringify({ version: STATUS_FILE_VERSION, ...params.head, status });
    const text = `${head.slice(0, -1)},"remoteCache":${cacheText.remote},"localCache":${cacheText.local}}`;
    replaceFile({ path: params.path, text });
  };
}
