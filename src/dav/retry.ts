// When davRequest tries a request again (opt-in per account: DavContext.retry). A 429 / 503 whose
// Retry-After fits in `maxWaitMs` is waited out exactly; a reset connection, a 429 without
// Retry-After and a 502 / 503 / 504 get an exponential back-off. Safe for every method we send:
// writes are conditional, so a PUT that did land before the connection dropped answers 412 the
// second time, which the executor already handles. Anything else (4xx, 500, timeouts) is not retried.
import type { DavError } from "./errors";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The longest Retry-After waited out inside one run; a longer one fails with retryAfterMs. */
  maxWaitMs: number;
  /** First back-off pause; doubled for each further try. */
  baseDelayMs: number;
}

/** DAVx5 and vdirsyncer retry a handful of times; 30 s keeps a run from hanging on a busy server. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, maxWaitMs: 30_000, baseDelayMs: 1_000 };

const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** Milliseconds to wait before try `attempt + 1`, or undefined when the error is final. */
export function retryDelay(params: { error: DavError; attempt: number; policy: RetryPolicy }): number | undefined {
  const { error, attempt, policy } = params;
  if (attempt >= policy.attempts) return undefined;
  const backOff = policy.baseDelayMs * 2 ** (attempt - 1);
  switch (error.kind) {
    case "rate-limit":
      if (error.retryAfterMs === undefined) return backOff;
      return error.retryAfterMs <= policy.maxWaitMs ? error.retryAfterMs : undefined;
    case "network":
      return backOff;
    case "server":
      return error.status !== undefined && GATEWAY_STATUSES.has(error.status) ? backOff : undefined;
    default:
      return undefined;
  }
}

/** Resolves after `ms`, or at once when `signal` fires (the next try then fails as cancelled). */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
