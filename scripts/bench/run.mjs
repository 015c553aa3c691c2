#!/usr/bin/env node
// @ts-check
// `npm run bench`: our CLI vs vdirsyncer vs one raw REPORT on Radicale and Xandikos with generated
// collections (fixed seed) — initial sync, no-change sync, sync after 10 server + 10 local changes —
// with wall time, HTTP requests, bytes and client peak RSS, checked for convergence. A table, not a
// timed test: compare the ratios within one run (2 cores shared by server, proxy and client).
//   node scripts/bench/run.mjs [--sizes 1000,5000] [--servers radicale,xandikos] [--json FILE]
//     [--doc docs/benchmark-cli.md | --no-doc] [--cli-out DIR (where the CLI is built; default dist-cli)]
//     [--initial-rounds 3 (first syncs per client, each into a fresh folder; the table shows the median)]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateDataset } from "../dataset/generate.mjs";
import { benchRadicale, benchXandikos } from "./servers.mjs";
import { davsyncStep, hasVdirsyncer, rawStep, vdirsyncerSetup, vdirsyncerStep } from "./clients.mjs";
import { changeBothSides, converged } from "./changes.mjs";
import { markdownTable, ratioLines } from "./table.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const SEED = 42;
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(`usage: node scripts/bench/run.mjs [--sizes 1000,5000] [--servers radicale,xandikos] [--json FILE]
                                [--doc docs/benchmark-cli.md | --no-doc] [--cli-out DIR] [--initial-rounds 3]
Builds the CLI (into --cli-out, default dist-cli), then per server and size: seeds a collection, times
one raw REPORT, and davsync and vdirsyncer (when installed) through initial / no-change / after-changes
steps; the first sync (and the raw REPORT) runs --initial-rounds times, each time into a fresh folder, and the
table shows the median and the range. Prints the table and writes it to --doc (default docs/benchmark-cli.md; its hand-written
"What changed and why" section is kept).`);
  process.exit(0);
}
const option = (/** @type {string} */ name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (option("--sizes") ?? "1000,5000").split(",").map(Number);
const servers = (option("--servers") ?? "radicale,xandikos").split(",");
const doc = args.includes("--no-doc") ? undefined : resolve(ROOT, option("--doc") ?? "docs/benchmark-cli.md");
const jsonOut = option("--json");
const cliOut = resolve(option("--cli-out") ?? join(ROOT, "dist-cli"));
const bin = join(cliOut, "davsync.mjs");
const initialRounds = Math.max(1, Number(option("--initial-rounds") ?? 3));
const NOTES = `How to read it:
- davsync's requests: initial = PROPFIND (capabilities, which also reads the sync-token, not the ctag: Radicale
  computes each over all items) + one calendar-query returning every item with its data
  (ServerStrategy.initialQuery, both servers: Radicale's sync-collection alone costs more than the whole query);
  no-change = the PROPFIND alone (sync-token unchanged); after = PROPFIND +
  sync-collection delta + one multiget of the 10 changed items + 10 conditional PUTs. vdirsyncer lists with
  PROPFIND Depth 1 every run (Radicale's is superlinear: its no-change cost grows with N) and downloads with one
  multiget of every href (O(N²) on Xandikos).
- davsync's local work per item: one parse (identity + normalized hash, in worker threads for a big download,
  memoized for the folder side), one atomic file (temp + link), made durable with the others by one syncfs
  (Linux; else an fsync per file) and one folder fsync before the status names it. The first download is parsed
  as it arrives, one response at a time. The status
  file (~6 MB at 5 000 events: status entries and both sides' cached facts) is written paced (at most ~20 % of
  the run) and not at all when a run changed nothing; the bases (both sides' content at the last sync, for
  patch updates) live in an append-only log next to it, read only for the pairs a run touches.
- Everything is checked: "correct" compares both sides item by item after every step.`;
const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);

/** @typedef {import("./table.mjs").Row} Row */
/** @type {Row[]} */
const rows = [];

/**
 * The median of a step's repetitions, with every wall time (the table shows the range) and the
 * highest peak RSS among them.
 * @param {import("./clients.mjs").Step[]} runs
 */
function medianStep(runs) {
  const sorted = [...runs].sort((a, b) => a.wall - b.wall);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? runs[0];
  if (!median) throw new Error("no runs");
  return { ...median, walls: runs.map((r) => r.wall), rssMb: Math.max(...runs.map((r) => r.rssMb)), code: runs.find((r) => r.code !== 0)?.code ?? 0 };
}

/**
 * Runs initial (`initialRounds` times, each from nothing: a fresh folder and client state) / nochange /
 * change round / after for one client. `fresh(i)` prepares round i and returns its folder and step;
 * the last round's folder goes on to the later steps.
 * @param {{ server: string, n: number, client: string, url: string, round: number, fresh: (i: number) => { dir: string, step: () => Promise<import("./clients.mjs").Step> } }} p
 */
async function clientRounds(p) {
  /** @type {import("./clients.mjs").Step[]} */
  const initial = [];
  let current = p.fresh(0);
  for (let i = 0; i < initialRounds; i++) {
    if (i > 0) current = p.fresh(i);
    initial.push(await current.step());
  }
  for (const step of ["initial", "nochange", "after"]) {
    if (step === "after") await changeBothSides({ url: p.url, dir: current.dir, round: p.round });
    const res = step === "initial" ? medianStep(initial) : await current.step();
    const check = await converged({ url: p.url, dir: current.dir, ...(step === "after" ? { round: p.round } : {}) });
    rows.push({ ...res, server: p.server, n: p.n, client: p.client, step, ok: check.ok });
    log(`${p.server} N=${p.n} ${p.client} ${step}: ${res.wall.toFixed(2)} s, ${res.requests} req, ${res.rssMb} MB, exit ${res.code}, converged ${check.ok} (${check.serverCount}/${check.localCount})`);
    if (res.code !== 0) log(res.tail);
  }
}

async function benchServer(/** @type {string} */ kind) {
  const bench = kind === "radicale" ? await benchRadicale() : await benchXandikos();
  const work = mkdtempSync(join(tmpdir(), `davsync-bench-${kind}-`));
  try {
    for (const n of sizes) {
      const items = generateDataset({ events: n, todos: 0, cards: 0, seed: SEED }).events.map((e) => ({ name: e.name, text: e.text }));
      const url = await bench.seed({ n, items });
      log(`${kind}: seeded ${n} events at ${url}`);
      // Xandikos indexes a query's filter after its fifth use (store/index.py INDEXING_THRESHOLD),
      // which would speed up every later query: raw and the first syncs stay within five.
      const rawRounds = kind === "xandikos" ? Math.min(initialRounds, Math.max(1, 5 - initialRounds)) : initialRounds;
      const raws = [];
      for (let i = 0; i < rawRounds; i++) raws.push(await rawStep({ url, proxyUrl: bench.proxyUrl }));
      rows.push({ ...medianStep(raws), server: kind, n, client: "raw", step: "initial" });

      await clientRounds({
        server: kind,
        n,
        client: "davsync",
        url,
        round: 0,
        fresh: (i) => {
          const dir = join(work, `davsync-${n}-${i}`);
          return { dir, step: () => davsyncStep({ url, dir, proxyUrl: bench.proxyUrl, bin }) };
        },
      });

      if (!hasVdirsyncer()) {
        rows.push({ server: kind, n, client: "vdirsyncer", step: "all", note: "not installed (Debian package vdirsyncer)", wall: 0, rssMb: 0, requests: 0, byMethod: {}, mbOut: 0, code: 0, tail: "" });
      } else if (kind === "xandikos" && n > 1000) {
        // One multiget of N hrefs costs O(N²) on Xandikos (REPORT.md §7): ≈ 9.5 min at 5 000.
        rows.push({ server: kind, n, client: "vdirsyncer", step: "all", note: "not run: its one multiget of all hrefs is O(N²) on Xandikos (~9.5 min)", wall: 0, rssMb: 0, requests: 0, byMethod: {}, mbOut: 0, code: 0, tail: "" });
      } else {
        await clientRounds({
          server: kind,
          n,
          client: "vdirsyncer",
          url,
          round: 1,
          fresh: (i) => {
            const { dir, config } = vdirsyncerSetup({ url, work: join(work, `vds-${n}-${i}`) });
            return { dir, step: () => vdirsyncerStep({ config, proxyUrl: bench.proxyUrl }) };
          },
        });
      }
    }
  } finally {
    await bench.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

log("building the CLI (vite build --config vite.cli.config.ts)");
const build = spawnSync("npx", ["vite", "build", "--config", "vite.cli.config.ts", "--outDir", cliOut, "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(1);

for (const kind of servers) await benchServer(kind);

const table = markdownTable(rows);
const ratios = ratioLines(rows);
console.log(`${table}\n\n${ratios}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
if (doc) {
  // The hand-written part (from "## What changed and why" on) survives a regeneration.
  const previous = existsSync(doc) ? readFileSync(doc, "utf8") : "";
  const handWritten = previous.includes("\n## What changed and why") ? previous.slice(previous.indexOf("\n## What changed and why")) : "";
  const machine = `${process.platform}, ${(await import("node:os")).cpus().length} cores, Node ${process.version}`;
  writeFileSync(doc, `# CLI benchmark: davsync vs vdirsyncer vs raw transfer

_Generated by \`${process.env["TMPDIR"] ? `TMPDIR=${process.env["TMPDIR"]} ` : ""}npm run bench -- --sizes ${sizes.join(",")} --servers ${servers.join(",")}\` on ${new Date().toISOString().slice(0, 10)} (${machine})._
Dataset: \`generateDataset({ events: N, todos: 0, cards: 0, seed: ${SEED} })\`, placed directly in the server's
storage. Every step is one client process under \`/usr/bin/time -v\` (wall time and its peak RSS); requests and
bytes are counted by the front proxy. "after" = 10 items edited on the server + 10 other items edited in that
client's folder; "correct" = both sides hold the same UIDs with the same summaries (and all 20 edits arrived).
raw = one calendar-query REPORT returning all calendar-data (the least any client must transfer).
Each client's initial sync runs ${initialRounds} times, each into a fresh folder, and so does raw (on Xandikos at most
${Math.max(1, 5 - initialRounds)}: it indexes a query after its fifth use): the median, the range in parentheses,
the highest peak RSS. The file system is synced before every step (a client that uses syncfs would otherwise
wait for the harness's writes). Server, proxy and client share the machine: compare ratios within this run, not
absolute times.

${table}

Ratios in this run:

${ratios}

${NOTES}
${handWritten}`);
  log(`wrote ${doc}`);
}
process.exit(rows.every((r) => r.note || (r.code === 0 && r.ok !== false)) ? 0 : 1);
