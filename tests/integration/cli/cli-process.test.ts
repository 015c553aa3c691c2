// The built `davsync` executable (dist-cli/davsync.mjs, built here by `vite build --config
// vite.cli.config.ts`) as a user runs it: exit codes and messages, the collection list for a root
// URL, English DavError text, dry runs that write nothing, and one request for a no-change run,
// counted by Xandikos' front proxy (/__proxy/stats).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startXandikos, type DavServer } from "../../helpers/servers";
import { generateDataset } from "../../../scripts/dataset/generate.mjs";
import { event, folderFiles, freshCalendar, PASSWORD_ENV, putOnServer, removeDir, runDavsync, serverSummaries, tempDir } from "./support";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../../..");
const BIN = join(ROOT, "dist-cli/davsync.mjs");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function davsync(params: { args: string[]; password?: string; env?: Record<string, string> }): Promise<Result> {
  try {
    const env = { ...process.env, DAV_PW: params.password ?? "secret", ...params.env };
    const { stdout, stderr } = await run(process.execPath, [BIN, ...params.args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("the davsync executable", () => {
  let server: DavServer;
  let folder: string;
  const stats = async () => (await (await fetch(new URL("/__proxy/stats", server.rootUrl))).json()) as { total: number; byMethod: Record<string, number> };
  const resetStats = () => fetch(new URL("/__proxy/reset", server.rootUrl), { method: "POST" });

  beforeAll(async () => {
    await run("npx", ["vite", "build", "--config", "vite.cli.config.ts", "--logLevel", "warn"], { cwd: ROOT });
    server = await startXandikos();
    folder = tempDir();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (folder) removeDir(folder);
  });

  const base = (url: string, dir = folder) => ["sync", "--url", url, "--user", "alice", "--password-env", "DAV_PW", "--dir", dir];

  it("prints usage and exits 2 when an option is missing", async () => {
    const res = await davsync({ args: ["sync", "--url", server.rootUrl] });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--user is required");
  });

  it("lists the collections of a root URL and exits 2", async () => {
    const res = await davsync({ args: base(server.rootUrl) });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("holds 2 collections");
    expect(res.stderr).toContain(server.collections["calendar"]);
    expect(res.stderr).toContain(server.collections["addressbook"]);
  });

  it("says in English that the password was refused, exit 1", async () => {
    const res = await davsync({ args: base(server.collections["calendar"]!), password: "wrong" });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/did not accept the user name or password \(HTTP 401\)/);
  });

  it("dry run writes nothing; the real run downloads; a run without changes makes one request", async () => {
    const url = await freshCalendar(server);
    for (let i = 0; i < 5; i++) await putOnServer({ server, url, uid: `p-${i}`, text: event({ uid: `p-${i}`, summary: `Process ${i}` }) });

    const dry = await davsync({ args: [...base(url), "--dry-run"] });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("dry run, would do");
    expect(dry.stdout).toContain("folder: 5 created");
    expect(folderFiles(folder)).toHaveLength(0);
    expect(existsSync(join(folder, ".davsync-status.json"))).toBe(false);

    const real = await davsync({ args: base(url) });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).toContain("davsync: applied 5/5");
    expect(folderFiles(folder)).toHaveLength(5);

    await resetStats();
    const idle = await davsync({ args: base(url) });
    expect(idle.code).toBe(0);
    expect(await stats()).toMatchObject({ total: 1, byMethod: { PROPFIND: 1 } });

    writeFileSync(join(folder, "local.ics"), event({ uid: "local", summary: "From the folder" }));
    const up = await davsync({ args: base(url) });
    expect(up.stdout).toContain("server: 1 created");
    expect(await serverSummaries({ server, url })).toContain("From the folder");
  });

  it("inspects a big first download in worker threads and finds what the main thread finds", async () => {
    const url = await freshCalendar(server);
    // 250 varied events (zones, series, all-day): one batch of 200 goes to the workers, the last
    // 50 are inspected on the main thread (below the workers' minimum).
    const items = generateDataset({ events: 250, todos: 0, cards: 0, seed: 11 }).events;
    for (let i = 0; i < items.length; i += 10) {
      await Promise.all(items.slice(i, i + 10).map((e) => putOnServer({ server, url, uid: e.name.replace(/\.ics$/, ""), text: e.text })));
    }
    const inWorkers = tempDir();
    const onMain = tempDir();
    try {
      const res = await davsync({ args: base(url, inWorkers) });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toMatch(/inspected 200 downloaded items in \d+ workers/);
      // In-process (no workers): the same facts for every item on both sides.
      const here = await runDavsync({ server, argv: [...base(url, onMain).map((a) => (a === "DAV_PW" ? PASSWORD_ENV : a))] });
      expect(here.code, here.stderr).toBe(0);
      const facts = (dir: string) => {
        const status = JSON.parse(readFileSync(join(dir, ".davsync-status.json"), "utf8")) as {
          remoteCache: { items: Record<string, Record<string, unknown>> };
          localCache: { items: Record<string, Record<string, unknown>> };
        };
        const strip = (items: Record<string, Record<string, unknown>>) =>
          Object.fromEntries(Object.entries(items).map(([k, { version: _v, ...rest }]) => [k, rest]));
        return { remote: strip(status.remoteCache.items), local: strip(status.localCache.items) };
      };
      const a = facts(inWorkers);
      expect(Object.keys(a.remote)).toHaveLength(250);
      expect(a).toEqual(facts(onMain));
    } finally {
      removeDir(inWorkers);
      removeDir(onMain);
    }
  }, 120_000);

  it("runs a command that outgrows its first heap limit again without it, to the end", async () => {
    const url = await freshCalendar(server);
    for (let i = 0; i < 5; i++) await putOnServer({ server, url, uid: `m-${i}`, text: event({ uid: `m-${i}`, summary: `Memory ${i}` }) });
    const dir = tempDir();
    try {
      // 4 MB cannot even hold the command's code: the first thread always dies of it.
      const res = await davsync({ args: base(url, dir), env: { DAVSYNC_HEAP_MB: "4" } });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain("the command needed more than 4 MB of memory; running it again without that limit");
      expect(res.stdout).toContain("folder: 5 created");
      expect(folderFiles(dir)).toHaveLength(5);
      const again = await davsync({ args: base(url, dir) });
      expect(again.stdout).toContain("folder: 0 created, 0 updated, 0 deleted");
    } finally {
      removeDir(dir);
    }
  });
});
