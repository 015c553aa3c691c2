// @ts-check
// Which faults one sync run of the soak gets, drawn from the seeded generator: fault-proxy rules
// (statuses, resets, truncated bodies, delays beyond the timeout, invalid XML characters, dropped
// ETags), a 412 race (a concurrent server edit between listing and write), stopping the run after k
// chunks, or SIGKILLing a spawned CLI. At most one proxy rule per fault type and run, so every hit
// the proxy records maps back to one label; the tally counts only faults that actually happened.

/** @typedef {import("../../tests/helpers/fault-proxy.mjs").FaultRule} FaultRule */
/** @typedef {import("../dataset/prng.mjs").Rng} Rng */

/** Retry-After in the soak is short: the engine may wait it out within one run. */
export const RETRY_AFTER_S = "1";
/** The engine's timeout in the soak; "delay beyond the timeout" waits longer than this. */
export const SOAK_TIMEOUT_MS = 2_000;

/** @type {{ label: string, methods: string[], fault: FaultRule["fault"] }[]} */
const PROXY_FAULTS = [
  { label: "connection reset", methods: ["PROPFIND", "REPORT", "PUT", "DELETE"], fault: { type: "reset" } },
  { label: "HTTP 500", methods: ["PROPFIND", "REPORT", "PUT", "DELETE"], fault: { type: "status", status: 500 } },
  { label: "HTTP 503", methods: ["PROPFIND", "REPORT", "PUT"], fault: { type: "status", status: 503 } },
  { label: "HTTP 503 + Retry-After", methods: ["PROPFIND", "REPORT", "PUT", "DELETE"], fault: { type: "status", status: 503, retryAfter: RETRY_AFTER_S } },
  { label: "HTTP 429 + Retry-After", methods: ["PROPFIND", "REPORT", "PUT", "DELETE"], fault: { type: "status", status: 429, retryAfter: RETRY_AFTER_S } },
  { label: "truncated body (connection cut)", methods: ["PROPFIND", "REPORT"], fault: { type: "truncate", mode: "abort" } },
  { label: "truncated body (clean end)", methods: ["PROPFIND", "REPORT"], fault: { type: "truncate", mode: "clean" } },
  { label: "delay beyond the timeout", methods: ["PROPFIND", "REPORT", "PUT"], fault: { type: "delay", ms: SOAK_TIMEOUT_MS + 700 } },
  { label: "invalid XML characters in 207", methods: ["PROPFIND", "REPORT"], fault: { type: "invalid-chars" } },
  { label: "ETag dropped from PUT answer", methods: ["PUT"], fault: { type: "drop-etag" } },
];

export const RACE = "412 race (server edited between listing and write)";
export const ABORT = "run stopped after k chunks";
export const SIGKILL = "CLI process SIGKILLed mid-run";

/**
 * @typedef {object} RunFaults
 * @property {{ label: string, rule: FaultRule }[]} proxy
 * @property {boolean} race          edit the server item right before our first conditional write
 * @property {number | undefined} abortAfterChunks
 * @property {number | undefined} killAfterApplied  spawn the CLI; SIGKILL at its k-th "applied" line
 */

/**
 * @param {{ rng: Rng, path: string, canSpawn: boolean }} p  path: the collection path on the proxy
 * @returns {RunFaults}
 */
export function drawFaults(p) {
  const { rng } = p;
  /** @type {RunFaults} */
  const out = { proxy: [], race: false, abortAfterChunks: undefined, killAfterApplied: undefined };
  if (rng.chance(0.15)) return out; // some clean runs: progress is possible at all
  const count = rng.int(1, 2);
  /** @type {Set<string>} */
  const types = new Set();
  for (let i = 0; i < count; i++) {
    const f = rng.pick(PROXY_FAULTS);
    if (types.has(f.fault.type)) continue;
    types.add(f.fault.type);
    const times = rng.pick([1, 1, 2, 3]);
    out.proxy.push({ label: f.label, rule: { method: rng.pick(f.methods), path: p.path, times, fault: f.fault } });
  }
  out.race = rng.chance(0.25);
  const stop = rng.next();
  if (p.canSpawn && stop < 0.12) out.killAfterApplied = rng.int(1, 4);
  else if (stop < 0.3) out.abortAfterChunks = rng.int(1, 3);
  return out;
}

/**
 * Labels of the proxy faults that were injected: one per new proxy hit.
 * @param {{ faults: RunFaults, hits: readonly { fault: string }[] }} p
 * @returns {string[]}
 */
export function injectedLabels(p) {
  return p.hits.map((hit) => p.faults.proxy.find((f) => f.rule.fault.type === hit.fault)?.label ?? hit.fault);
}

/** @param {Record<string, number>} tally @param {string} label */
export function count(tally, label) {
  tally[label] = (tally[label] ?? 0) + 1;
}
