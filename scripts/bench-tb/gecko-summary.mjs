// @ts-check
// Summarizes a Gecko profile of a bench:tb run (how the 2026-11-26 speed-ups were found):
// JS time per function, inclusive, for Thunderbird's main thread ("parent") or a child process's
// main thread (the WebExtensions process runs our background page), optionally within a time window.
//
//   MOZ_PROFILER_STARTUP=1 MOZ_PROFILER_SHUTDOWN=/tmp/tb.json MOZ_PROFILER_STARTUP_FILTERS=GeckoMain \
//   MOZ_PROFILER_STARTUP_ENTRIES=80000000 MOZ_PROFILER_STARTUP_INTERVAL=2 \
//     node scripts/bench-tb/run.mjs --sizes 5000 --clients addon --no-doc
//   node scripts/bench-tb/gecko-summary.mjs /tmp/tb.json [--process parent|N] [--from S --to S] [--top 40]
//
// "PollWrapper" is the thread waiting (idle). Async stacks are cut at promise callbacks.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const option = (/** @type {string} */ name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const file = args[0];
if (!file || file.startsWith("--")) {
  console.error("usage: gecko-summary.mjs PROFILE.json [--process parent|N] [--from S --to S] [--top 40]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const which = option("--process") ?? "parent";
const children = (profile.processes ?? []).map((/** @type {any} */ p) => p.threads.find((/** @type {any} */ t) => t.name === "GeckoMain")).filter(Boolean);
const thread = which === "parent" ? profile.threads.find((/** @type {any} */ t) => t.name === "GeckoMain") : children[Number(which)];
if (!thread) throw new Error(`no main thread for process ${which} (children: ${children.length})`);
const top = Number(option("--top") ?? 40);
const from = Number(option("--from") ?? 0) * 1000;
const to = Number(option("--to") ?? Infinity) * 1000;

const S = thread.stringTable;
const frame = thread.frameTable.schema.location;
const prefix = thread.stackTable.schema.prefix;
const frameOf = thread.stackTable.schema.frame;
const { stack: stackCol, time: timeCol } = thread.samples.schema;
const t0 = profile.threads[0].samples.data[0][profile.threads[0].samples.schema.time];
/** Function name and file, without paths, positions and hex addresses. */
const nameOf = (/** @type {number} */ f) => String(S[thread.frameTable.data[f][frame]]).replace(/\([^)]*\/([^/)]+)\)(\[\d+\])?$/, "($1)").replace(/:\d+:\d+\)$/, ")");

const inclusive = new Map();
let samples = 0;
for (const s of thread.samples.data) {
  const at = s[timeCol] - t0;
  if (at < from || at > to || s[stackCol] == null) continue;
  samples += 1;
  const seen = new Set();
  for (let st = s[stackCol]; st != null; st = thread.stackTable.data[st][prefix]) seen.add(nameOf(thread.stackTable.data[st][frameOf]));
  for (const n of seen) inclusive.set(n, (inclusive.get(n) ?? 0) + 1);
}
const interval = profile.meta?.interval ?? 1;
console.log(`process ${which}: ${samples} samples × ${interval} ms`);
for (const [n, count] of [...inclusive].filter(([n]) => !/^0x|self-hosted|RunScript|XPCWrapped|\(root\)|XRE_main/.test(n)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((count * interval) / 1000).toFixed(2).padStart(8)} s  ${n.slice(0, 120)}`);
}
