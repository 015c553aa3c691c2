#!/usr/bin/env node
// @ts-check
// `npm run soak -- --steps N --seed S`: the reliability runs. Builds the CLI into a temp folder (so
// SIGKILL runs use today's code), runs the soak in two-way and in local→server replicate mode against
// a real Radicale behind the fault proxy, then the bad-input corpus, prints the figures and writes
// them into docs/reliability.md (generated sections only). Exit 1 when anything was lost, duplicated
// or unequal, or a corpus case crashed or differed from tests/fixtures/bad-input/expected.json.
//   node scripts/soak/run.mjs [--steps 1000] [--seed 1] [--modes two-way,local-to-remote-replicate]
//     [--modes none] [--no-corpus] [--doc docs/reliability.md | --no-doc] [--cli dist-cli/davsync.mjs] [--quiet]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runnerImport } from "vite";
import { corpusMarkdown, soakMarkdown, soakVerdict, spliceSection } from "./report.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const option = (/** @type {string} */ name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const steps = Number(option("--steps") ?? 1000);
const seed = Number(option("--seed") ?? 1);
// "--modes none" runs only the corpus and leaves the soak section of the document as it is.
const modes = /** @type {import("../../src/core").SyncMode[]} */ ((option("--modes") ?? "two-way,local-to-remote-replicate").split(",").filter((m) => m && m !== "none"));
const doc = args.includes("--no-doc") ? undefined : resolve(ROOT, option("--doc") ?? "docs/reliability.md");
const quiet = args.includes("--quiet");
const log = (/** @type {string} */ line) => {
  if (!quiet) process.stderr.write(`soak: ${line}\n`);
};

/** Source modules (TypeScript underneath) through Vite's module runner: no build step for the engine. */
async function load(/** @type {string} */ path) {
  return (await runnerImport(join(ROOT, path), { configFile: false, logLevel: "warn", root: ROOT })).module;
}

const buildDir = mkdtempSync(join(tmpdir(), "davsync-soak-cli-"));
let failed = false;
try {
  let cliBin = option("--cli");
  if (!cliBin) {
    execFileSync("npx", ["vite", "build", "--config", "vite.cli.config.ts", "--outDir", buildDir, "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
    cliBin = join(buildDir, "davsync.mjs");
  }
  const { runSoak } = /** @type {typeof import("./soak.mjs")} */ (await load("scripts/soak/soak.mjs"));
  /** @type {import("./soak.mjs").SoakResult[]} */
  const results = [];
  for (const mode of modes) {
    log(`${mode}: ${steps} steps, seed ${seed}`);
    const r = await runSoak({ steps, seed, mode, cliBin, log: (l) => log(`${mode}: ${l}`) });
    results.push(r);
    const v = soakVerdict(r);
    console.log(`${mode}: ${r.runs.faulty} runs under ${Object.values(r.faults).reduce((a, b) => a + b, 0)} faults, lost ${v.lost}, duplicates ${v.duplicates}, sides ${r.sides.equal ? "equal" : "DIFFER"}, ${r.stable ? "stable" : "NOT stable"} after ${r.runs.stabilizing} runs → ${v.ok ? "PASS" : "FAIL"}`);
    console.log(`  faults: ${JSON.stringify(r.faults)}`);
    failed ||= !v.ok;
  }
  const command = `npm run soak -- ${args.length ? args.join(" ") : `--steps ${steps} --seed ${seed}`}`;
  let text = doc ? readFileSync(doc, "utf8") : "";
  if (results.length > 0) text = spliceSection({ doc: text, name: "soak", body: soakMarkdown({ results, command }) });

  if (!args.includes("--no-corpus")) {
    const { runCorpus } = /** @type {typeof import("./corpus.mjs")} */ (await load("scripts/soak/corpus.mjs"));
    const fixturesDir = join(ROOT, "tests/fixtures/bad-input");
    const expected = JSON.parse(readFileSync(join(fixturesDir, "expected.json"), "utf8"));
    const rows = await runCorpus({ fixturesDir, log: (l) => log(`corpus: ${l}`) });
    const wrong = rows.filter((r) => expected[r.id]?.outcome !== r.outcome || r.outcome === "crash");
    console.log(`corpus: ${rows.length} cases, ${rows.length - wrong.length} as expected${wrong.length ? `; differing: ${wrong.map((r) => `${r.id} (${r.outcome})`).join(", ")}` : ""}`);
    failed ||= wrong.length > 0;
    text = spliceSection({ doc: text, name: "corpus", body: corpusMarkdown({ rows, expected, command }) });
  }
  if (doc) {
    writeFileSync(doc, text);
    console.log(`wrote ${doc}`);
  }
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
