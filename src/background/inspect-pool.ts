// Inspect workers for one run (inspect-worker.ts): batches of downloaded texts go to them in turn,
// and their facts come back in order. Used for big downloads only (DavStore batches them); where
// workers cannot start, the caller inspects on the page as before.
import type { InspectItem, ItemFacts } from "../dav";
import type { FactsMemo } from "./facts-memo";
import type { RunMapping } from "./profile-mapping";
import type { Profile } from "../core/profile/schema";
import type { InspectAnswer, InspectRequest } from "./inspect-worker";

export interface InspectPool {
  inspectMany(texts: string[]): Promise<{ facts: ItemFacts; local: string }[]>;
  close(): void;
}

/** Two: Thunderbird waits idle during the download, so the page and two workers share the machine. */
const WORKERS = 2;

export function createInspectPool(params: { profile: Pick<Profile, "categoryFilter" | "mapping">; now: number; size?: number }): InspectPool | undefined {
  if (typeof Worker === "undefined") return undefined;
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < (params.size ?? WORKERS); i += 1) {
      workers.push(new Worker(new URL("./inspect-worker.ts", import.meta.url), { type: "module" }));
    }
  } catch {
    for (const w of workers) w.terminate();
    return undefined;
  }
  const waiting = new Map<number, { resolve: (r: { facts: ItemFacts; local: string }[]) => void; reject: (e: Error) => void }>();
  const fail = (error: Error) => {
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  const init: InspectRequest = { type: "init", profile: { categoryFilter: params.profile.categoryFilter, mapping: params.profile.mapping }, now: params.now };
  for (const worker of workers) {
    worker.onmessage = (event: MessageEvent<InspectAnswer>) => {
      const answer = event.data;
      const pending = waiting.get(answer.id);
      if (!pending) return;
      waiting.delete(answer.id);
      if ("error" in answer) pending.reject(new Error(answer.error));
      else pending.resolve(answer.results);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(new Error(`inspect worker failed: ${event.message}`));
    };
    worker.postMessage(init);
  }
  let next = 0;
  return {
    inspectMany(texts) {
      const id = next++;
      const worker = workers[id % workers.length]!;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const request: InspectRequest = { type: "inspect", id, texts };
        worker.postMessage(request);
      });
    },
    close() {
      fail(new Error("inspect pool closed"));
      for (const w of workers) w.terminate();
    },
  };
}

/** Below this many items a batch is inspected on the page: starting workers costs more. */
const WORKER_MIN_BATCH = 100;

/** A pool started on first use (a no-change run never starts one); close() is safe either way. */
export function lazyInspectPool(params: { profile: Pick<Profile, "categoryFilter" | "mapping">; now: number }): { get(): InspectPool | undefined; close(): void } {
  let pool: InspectPool | undefined;
  let tried = false;
  return {
    get() {
      if (!tried) {
        tried = true;
        pool = createInspectPool(params);
      }
      return pool;
    },
    close() {
      pool?.close();
    },
  };
}

/**
 * DavStore's inspectMany over the pool: the facts, and each item's local text remembered where the
 * page would have remembered it (the facts memo; the mapping's to-local memo), so writing the item
 * into Thunderbird later costs no parse. Small batches, or no workers: inspected on the page.
 */
export function workerInspect(params: {
  pool: { get(): InspectPool | undefined };
  mapping: RunMapping | undefined;
  memo: FactsMemo;
  /** The page's own inspector (remembering into `memo` too), for what the workers do not take. */
  onPage: InspectItem;
}): { inspectMany: (texts: string[]) => Promise<ItemFacts[]>; stats: { inWorkers: number; failure?: string } } {
  const { pool, mapping, memo, onPage } = params;
  const stats: { inWorkers: number; failure?: string } = { inWorkers: 0 };
  const inspectMany = async (texts: string[]): Promise<ItemFacts[]> => {
    const workers = texts.length >= WORKER_MIN_BATCH && stats.failure === undefined ? pool.get() : undefined;
    if (!workers) return texts.map((text) => onPage({ text }));
    let results: { facts: ItemFacts; local: string }[];
    try {
      results = await workers.inspectMany(texts);
    } catch (e) {
      // Inspected on the page from now on (DavStore does this batch); the run reports why.
      stats.failure ??= e instanceof Error ? e.message : String(e);
      throw e;
    }
    stats.inWorkers += texts.length;
    return results.map(({ facts, local }, i) => {
      memo.remember({ localText: local, facts });
      if (mapping) mapping.rememberLocal({ text: texts[i]!, local });
      return facts;
    });
  };
  return { inspectMany, stats };
}
