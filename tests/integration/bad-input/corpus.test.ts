// The bad-input corpus (tests/fixtures/bad-input/, README there) synced by `davsync sync` against a
// real Radicale: every case ends as its expected.json says — synced as is, reported per item, refused
// by the server per item, or the run stops with a message saying what is wrong — nothing crashes,
// and except where the whole answer is unusable the good items next to the bad one still sync.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCorpus, type CorpusRow } from "../../../scripts/soak/corpus.mjs";

const DIR = resolve(import.meta.dirname, "../../fixtures/bad-input");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, { outcome: string; othersSynced: boolean; why: string }>;

describe("bad input, served by Radicale or placed in the folder", () => {
  let rows: CorpusRow[];
  beforeAll(async () => {
    rows = await runCorpus({ fixturesDir: DIR });
  }, 280_000);

  it("covers every fixture file and every expected case", () => {
    const files = readdirSync(DIR).filter((n) => /\.(ics|vcf|html)$/.test(n));
    expect(files.length).toBeGreaterThanOrEqual(40);
    const readme = readFileSync(join(DIR, "README.md"), "utf8");
    for (const f of files) expect(readme, `README lists ${f}`).toContain(f);
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(expected).sort());
  });

  it("never crashes", () => {
    expect(rows.filter((r) => r.outcome === "crash")).toEqual([]);
  });

  it("ends every case as expected, the good items included", () => {
    const actual = Object.fromEntries(rows.map((r) => [r.id, { outcome: r.outcome, othersSynced: r.othersSynced }]));
    const wanted = Object.fromEntries(Object.entries(expected).map(([id, e]) => [id, { outcome: e.outcome, othersSynced: e.othersSynced }]));
    expect(actual).toEqual(wanted);
  });

  it("names the item and the problem whenever it does not sync one", () => {
    for (const r of rows.filter((x) => x.outcome === "reported" || x.outcome === "refused by the server")) {
      const name = r.id.split(" @ ")[0]?.split(" + ")[0] ?? "";
      const uid = /UID[: ]+([\w.-]+)/.exec(r.message)?.[1];
      expect(r.message.includes(name) || (uid !== undefined && r.message.includes(uid)) || /of [\w.-]+: /.test(r.message), `${r.id}: ${r.message}`).toBe(true);
    }
  });

  it("stops with a message saying what is wrong when the server's answer is unusable", () => {
    for (const r of rows.filter((x) => x.outcome === "run failed")) expect(r.message, r.id).toMatch(/could not be read|internal error|Could not connect/);
  });
});
