// A short fixed-seed soak (scripts/soak/): random edits on both sides of a real Radicale behind the
// fault proxy, sync runs under resets, 5xx, 429/503 + Retry-After, truncated bodies, timeouts,
// invalid XML characters, dropped ETags, 412 races, runs stopped after k chunks and a SIGKILLed CLI.
// Correctness only (no timing): nothing lost, no duplicates, sides equal and stable at the end, and
// every run ended in one of the engine's own ways (no crash, no "choose a collection" under faults).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSoak, type SoakResult } from "../../../scripts/soak/soak.mjs";

const ROOT = resolve(import.meta.dirname, "../../..");
/** Ends a faulty run may have: the engine's outcomes, a stopped or killed run, a DavError kind, exit 1. */
const ALLOWED = /^(completed|completed-with-errors|cancelled|killed|exit 1|error: (network|timeout|server|rate-limit|malformed|precondition|not-found|conflict|rejected|locked))$/;

function expectSound(r: SoakResult): void {
  expect(r.lost, "edits lost").toEqual([]);
  expect(r.duplicates).toEqual({ server: { byUid: [], byMatchKey: [] }, local: { byUid: [], byMatchKey: [] } });
  expect(r.sides).toMatchObject({ equal: true });
  expect(r.stable).toBe(true);
  for (const outcome of Object.keys(r.outcomes)) expect(outcome).toMatch(ALLOWED);
  expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
}

describe("soak: a fixed seed against Radicale behind the fault proxy", () => {
  let buildDir: string;
  let cliBin: string;
  beforeAll(() => {
    buildDir = mkdtempSync(join(tmpdir(), "davsync-soak-cli-"));
    // Today's sources, not whatever dist-cli/ holds: the SIGKILLed runs must run this code.
    execFileSync("npx", ["vite", "build", "--config", "vite.cli.config.ts", "--outDir", buildDir, "--logLevel", "warn"], { cwd: ROOT });
    cliBin = join(buildDir, "davsync.mjs");
  }, 120_000);
  afterAll(() => {
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it("two-way (automatic conflicts): 150 steps lose nothing and converge", async () => {
    const r = await runSoak({ steps: 150, seed: 7, mode: "two-way", cliBin });
    expectSound(r);
    expect(r.runs.faulty).toBeGreaterThan(15);
  }, 240_000);

  it("local→server replicate: 80 steps make the server equal to the folder, server edits kept in the trash", async () => {
    const r = await runSoak({ steps: 80, seed: 11, mode: "local-to-remote-replicate", cliBin });
    expectSound(r);
  }, 240_000);
});
