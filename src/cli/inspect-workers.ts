// Inspect workers for the CLI: a first download of thousands of items spends most of its CPU time
// parsing and hashing them (src/ical), one after the other on the main thread while the other
// cores wait. DavStore sends each batch of downloaded texts to inspectMany; the batches go to the
// workers in turn, and their facts come back in arrival order. The workers run the davsync bundle
// itself (bin.ts dispatches on workerData), so the CLI stays one file. Where a worker cannot start
// or fails, DavStore inspects that batch on the main thread, as without workers.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ItemFacts } from "../dav";
import type { CliInspector } from "./inspect";
import type { InspectAnswer, InspectRequest, InspectWorkerData } from "./inspect-worker";

/** Where the workers come from: the bundle's own file (bin.ts); absent in-process (tests). */
export interface InspectWorkerSource {
  script: URL | string;
}

/**
 * Batches smaller than this, in items and in characters, are inspected on the main thread: a
 * worker round trip costs more.
 */
export const WORKER_MIN_BATCH = 100;
const WORKER_MIN_CHARS = 256 * 1024;
/** A text this long is inspected on the main thread, with its batch: it could exhaust a worker's heap. */
const WORKER_MAX_TEXT = 1 << 20;

function worthWorkers(texts: readonly string[]): boolean {
  let chars = 0;
  for (const text of texts) {
    if (text.length > WORKER_MAX_TEXT) return false;
    chars += text.length;
  }
  return texts.length >= WORKER_MIN_BATCH || chars >= WORKER_MIN_CHARS;
}

/**
 * One per core but the command thread's own, up to this many: that thread parses the answer, stores
 * each batch as its facts come back and collects its garbage, busy ~90 % of the download. On 2 cores
 * one worker beats two (5 000-event first sync, five runs each: 2.19 vs 2.30 s, 2.31 vs 2.60 s of
 * CPU, peak RSS 130 vs 147 MB): three busy threads only took turns. More than 3 gain nothing (the
 * command thread feeds them).
 */
const MAX_WORKERS = 3;
/**
 * A worker's young generation: it parses 200 items at a time and keeps none, so a small one serves.
 * Measured at 5 000 events: 8 MB → peak RSS ~194 MB, 4 MB → ~183 MB, 2 MB → ~175 MB but slower.
 */
const WORKER_YOUNG_GENERATION_MB = 4;
/**
 * A worker's old generation. V8 sets its first major-GC limit from this; at its default (a share of
 * the machine's memory) a short-lived worker never collects, and each grew by ~8 MB of garbage over a
 * 5 000-event download. What a worker holds is one batch (DavStore bounds batches by size; a single
 * huge item is inspected on the main thread); one that runs out dies, and the main thread inspects.
 */
const WORKER_OLD_GENERATION_MB = 16;

export interface InspectPool {
  /** DavStore's inspectMany: facts per text, reported by the main thread's inspector. */
  inspectMany(texts: string[]): Promise<ItemFacts[]>;
  /** Starts the workers now (a first download: they load while the server answers). */
  warm(): void;
  /** Items the workers inspected so far, and how many workers there are. */
  readonly stats: { inWorkers: number; workers: number };
  close(): Promise<void>;
}

export function inspectPool(params: { source: InspectWorkerSource; withSpan: boolean; inspector: CliInspector; size?: number }): InspectPool | undefined {
  const cores = availableParallelism();
  const size = params.size ?? Math.min(MAX_WORKERS, cores - 1);
  if (size < 1) return undefined;
  let workers: Worker[] | undefined;
  let failure: Error | undefined;
  const waiting = new Map<number, { resolve: (r: InspectAnswer) => void; reject: (e: Error) => void }>();
  let next = 0;
  const stats = { inWorkers: 0, workers: size };

  const fail = (error: Error) => {
    failure ??= error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  const start = (): Worker[] | undefined => {
    if (workers || failure) return workers;
    const data: InspectWorkerData = { role: "davsync-inspect", withSpan: params.withSpan };
    try {
      const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB };
      workers = Array.from({ length: size }, () => new Worker(params.source.script, { workerData: data, resourceLimits }));
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
      return undefined;
    }
    for (const worker of workers) {
      worker.on("message", (answer: InspectAnswer) => {
        const pending = waiting.get(answer.id);
        waiting.delete(answer.id);
        pending?.resolve(answer);
      });
      worker.on("error", (e) => fail(new Error(`inspect worker failed: ${e.message}`)));
      worker.on("exit", (code) => {
        if (waiting.size > 0) fail(new Error(`inspect worker exited (code ${code})`));
      });
    }
    return workers;
  };

  return {
    stats,
    warm() {
      start();
    },
    async inspectMany(texts) {
      // After a failure (a worker died) every batch is inspected here: a dead worker would never answer.
      const pool = !failure && worthWorkers(texts) ? start() : undefined;
      if (!pool) return texts.map((text) => params.inspector.once({ text }));
      const id = next++;
      const answer = await new Promise<InspectAnswer>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const request: InspectRequest = { id, texts };
        pool[id % pool.length]!.postMessage(request);
      });
      if ("failure" in answer) throw new Error(`inspect worker failed: ${answer.failure}`);
      stats.inWorkers += texts.length;
      // As if inspected here (the texts are not kept: they wait in the body spool).
      return answer.results.map((outcome) => params.inspector.accept(outcome));
    },
    async close() {
      fail(new Error("inspect pool closed"));
      await Promise.all((workers ?? []).map((w) => w.terminate()));
    },
  };
}
