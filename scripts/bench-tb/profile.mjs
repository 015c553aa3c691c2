// @ts-check
// Where the add-on's initial sync spends its time, from the intervals the e2e driver recorded
// around the background's fetch / storage.local / davsyncCalendar calls (driver.profileStart).
// Every moment of the run goes to one bucket: the busiest kind of call outstanding at that moment
// (a Thunderbird calendar call > storage.local > the network); a moment with no call outstanding is
// the background's own JavaScript (parse/inspect, planning, conversion, hashing). The background
// page runs in the WebExtensions process; a davsyncCalendar call is a round trip to the parent's
// main thread (parse there, calendar storage, observers), so its time is Thunderbird's work + IPC.

/** @typedef {{ kind: string, start: number, end: number, size?: number, keys?: number }} Interval */

/** @param {string} kind */
function bucketOf(kind) {
  if (kind === "probe") return { bucket: "probe (the profiler's own JSON.stringify of storage writes)", rank: 0 };
  if (/^calendar\.(addItems?|modifyItem|deleteItem)$/.test(kind)) return { bucket: "Thunderbird writes (davsyncCalendar.addItem…)", rank: 1 };
  if (/^calendar\.(listItems|getItems|getItem)$/.test(kind)) return { bucket: "Thunderbird reads (listItems/getItems)", rank: 2 };
  if (kind.startsWith("calendar.")) return { bucket: "Thunderbird calendar setup (create/getCalendar)", rank: 3 };
  if (kind === "storage.set") return { bucket: "storage.local.set (status, caches, bases)", rank: 4 };
  if (kind.startsWith("storage.")) return { bucket: "storage.local.get/remove", rank: 5 };
  if (kind.startsWith("fetch")) return { bucket: `network wait: ${kind.slice(6)}`, rank: 6 };
  return { bucket: kind, rank: 7 };
}
const IDLE = "background JS, no call outstanding (parse/inspect, plan, convert, hash)";

/**
 * @param {{ intervals: Interval[], overheadMs: number, t0: number, durationMs: number, patched: string[] }} p
 */
export function analyzeProfile(p) {
  const { intervals, t0 } = p;
  const end = Math.max(t0 + p.durationMs, ...intervals.map((i) => i.end));
  /** @type {{ at: number, i: Interval, open: boolean }[]} */
  const points = [];
  for (const i of intervals) {
    points.push({ at: Math.max(i.start, t0), i, open: true }, { at: Math.max(i.end, t0), i, open: false });
  }
  // Opens before closes at the same instant, so a zero-length call (timer resolution) is closed again.
  points.sort((a, b) => a.at - b.at || (a.open ? -1 : 1));
  /** @type {Map<Interval, true>} */
  const active = new Map();
  /** @type {Record<string, number>} */
  const buckets = {};
  let last = t0;
  const add = (/** @type {number} */ until) => {
    if (until <= last) return;
    let best = { bucket: IDLE, rank: 99 };
    for (const i of active.keys()) {
      const b = bucketOf(i.kind);
      if (b.rank < best.rank) best = b;
    }
    buckets[best.bucket] = (buckets[best.bucket] ?? 0) + (until - last);
    last = until;
  };
  for (const pt of points) {
    add(pt.at);
    if (pt.open) active.set(pt.i, true);
    else active.delete(pt.i);
  }
  add(end);
  /** @type {Record<string, { calls: number, sumMs: number, first: number, last: number, size: number, keys: number, maxMs: number }>} */
  const kinds = {};
  for (const i of intervals) {
    if (i.kind === "probe") continue;
    const k = (kinds[i.kind] ??= { calls: 0, sumMs: 0, first: Infinity, last: 0, size: 0, keys: 0, maxMs: 0 });
    k.calls += 1;
    k.sumMs += i.end - i.start;
    k.maxMs = Math.max(k.maxMs, i.end - i.start);
    k.first = Math.min(k.first, i.start - t0);
    k.last = Math.max(k.last, i.end - t0);
    k.size += i.size ?? 0;
    k.keys += i.keys ?? 0;
  }
  const writes = intervals.filter((i) => (i.kind === "calendar.addItem" || i.kind === "calendar.addItems")).map((i) => i.end);
  return {
    totalMs: end - t0,
    durationMs: p.durationMs,
    overheadMs: p.overheadMs,
    patched: p.patched,
    buckets,
    kinds,
    firstWriteMs: writes.length > 0 ? Math.min(...writes) - t0 : null,
  };
}

const f1 = (/** @type {number} */ x) => (x / 1000).toFixed(2);

/** @param {ReturnType<typeof analyzeProfile>} prof */
export function profileTable(prof) {
  const lines = [
    `Run ${f1(prof.durationMs)} s (the result's durationMs); profiled window ${f1(prof.totalMs)} s, of which the probe itself ${f1(prof.overheadMs)} s. Wrapped: ${prof.patched.join(", ")}.`,
    "",
    "| bucket (exclusive, see method) | s | share |",
    "|---|---|---|",
  ];
  for (const [bucket, ms] of Object.entries(prof.buckets).sort((a, b) => b[1] - a[1])) {
    lines.push(`| ${bucket} | ${f1(ms)} | ${((100 * ms) / prof.totalMs).toFixed(0)} % |`);
  }
  lines.push("", "| call | calls | sum of call times s | max ms | first → last (s after start) | JSON / body chars | keys |", "|---|---|---|---|---|---|---|");
  for (const [kind, k] of Object.entries(prof.kinds).sort((a, b) => b[1].sumMs - a[1].sumMs)) {
    lines.push(`| ${kind} | ${k.calls} | ${f1(k.sumMs)} | ${k.maxMs.toFixed(0)} | ${f1(k.first)} → ${f1(k.last)} | ${k.size ? k.size.toLocaleString("en") : ""} | ${k.keys || ""} |`);
  }
  return lines.join("\n");
}
