// The CLI's inspect pool when a worker dies: the batch it held is refused (DavStore then inspects it
// on the main thread), and every later batch is inspected on the main thread at once — a batch sent to
// a dead worker would wait forever. The workers here are tiny scripts that crash or exit on their
// first message.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInspector } from "../../../src/cli/inspect";
import { inspectPool } from "../../../src/cli/inspect-workers";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workerScript(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "davsync-pool-"));
  dirs.push(dir);
  const path = join(dir, "worker.mjs");
  writeFileSync(path, `import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => { ${body} });\n`);
  return path;
}

const item = (i: number) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", `UID:pool-${i}`, "DTSTART:20260105T100000Z", `SUMMARY:Porada ${i}`, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
const batch = Array.from({ length: 120 }, (_, i) => item(i)); // enough to be worth the workers

describe.each([
  ["throws", 'throw new Error("boom");'],
  ["exits", "process.exit(3);"],
])("inspect pool whose worker %s", (_name, body) => {
  it("refuses the batch it held, then inspects every later batch on the main thread", async () => {
    const inspector = createInspector({ withSpan: false });
    const pool = inspectPool({ source: { script: workerScript(body) }, withSpan: false, inspector, size: 1 })!;
    try {
      await expect(pool.inspectMany(batch)).rejects.toThrow(/inspect worker (failed|exited)/);
      const facts = await pool.inspectMany(batch);
      expect(facts.map((f) => f.uid)).toEqual(batch.map((_, i) => `pool-${i}`));
      expect(facts[7]).toEqual(inspector.outcome(batch[7]!).facts);
      expect(pool.stats.inWorkers).toBe(0);
    } finally {
      await pool.close();
    }
  }, 20_000);
});
