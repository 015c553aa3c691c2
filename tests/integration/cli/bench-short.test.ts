// The short, fixed-seed benchmark run (`scripts/bench/run.mjs --sizes 100 --servers radicale`) as a
// correctness check only: every client converges in every step and our no-change sync is one
// request. Timings are printed by the script, never asserted.
import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../../..");

interface Row {
  server: string;
  n: number;
  client: string;
  step: string;
  requests: number;
  code: number;
  ok?: boolean;
  note?: string;
}

describe("npm run bench, short CI version", () => {
  const work = mkdtempSync(join(tmpdir(), "davsync-bench-ci-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("converges in every step on Radicale with 100 events", async () => {
    const json = join(work, "rows.json");
    await run(process.execPath, ["scripts/bench/run.mjs", "--sizes", "100", "--servers", "radicale", "--no-doc", "--json", json, "--cli-out", join(work, "cli")], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const rows = JSON.parse(readFileSync(json, "utf8")) as Row[];
    const ours = rows.filter((r) => r.client === "davsync");
    expect(ours.map((r) => r.step)).toEqual(["initial", "nochange", "after"]);
    for (const r of rows.filter((x) => !x.note && x.client !== "raw")) {
      expect(r, `${r.client} ${r.step}`).toMatchObject({ code: 0, ok: true });
    }
    expect(ours.find((r) => r.step === "nochange")?.requests).toBe(1);
  }, 240_000);
});
