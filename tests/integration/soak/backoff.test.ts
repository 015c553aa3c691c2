// Back-off against a real Radicale behind the fault proxy, through `davsync sync` (main() in-process):
// a short Retry-After (429 / 503) is waited out and the run completes; a long one stops the run and
// says when it will try again, without sending the remaining writes; reset connections are retried
// with growing pauses, then stop the run; a 401 in the middle of a run stops it with the sign-in
// error after one refused request (a timer retrying a wrong password locks accounts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startRadicale, type DavServer } from "../../helpers/servers";
import { startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.mjs";
import { event, folderFiles, freshCalendar, removeDir, runCli, serverSummaries, tempDir } from "../cli/support";

describe("back-off and stop conditions of a sync run", () => {
  let server: DavServer;
  let proxy: FaultProxy;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startRadicale();
    proxy = await startFaultProxy({ upstream: server.rootUrl });
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
    for (const d of dirs) removeDir(d);
  });
  beforeEach(() => proxy.setRules([]));

  /** A fresh calendar (through the proxy) and a folder holding `n` new events. */
  async function setup(n: number): Promise<{ url: string; direct: string; dir: string }> {
    const direct = await freshCalendar(server);
    const dir = tempDir();
    dirs.push(dir);
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `b-${i}.ics`), event({ uid: `b-${i}`, summary: `Back-off ${i}`, day: 10 + i }));
    return { url: proxy.proxied(direct), direct, dir };
  }
  const puts = (path: string) => proxy.hits.filter((h) => h.method === "PUT" && h.path.startsWith(path)).length;
  const putRequests = (requests: string[]) => requests.filter((r) => r.startsWith("PUT ")).length;

  it("waits out a 429 with a short Retry-After and completes the run", async () => {
    const { url, direct, dir } = await setup(3);
    proxy.setRules([{ method: "PUT", fault: { type: "status", status: 429, retryAfter: "1" } }]);
    const started = Date.now();
    const run = await runCli({ server, url, dir });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(proxy.hits.filter((h) => h.fault === "status")).toHaveLength(1);
    expect(await serverSummaries({ server, url: direct })).toEqual(["Back-off 0", "Back-off 1", "Back-off 2"]);
  });

  it("waits out a 503 with Retry-After on the listing", async () => {
    const { url, direct, dir } = await setup(2);
    proxy.setRules([{ method: "PROPFIND", fault: { type: "status", status: 503, retryAfter: "1" } }]);
    const run = await runCli({ server, url, dir });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await serverSummaries({ server, url: direct })).toHaveLength(2);
  });

  it("stops at a long Retry-After, says when it will try again and sends no further writes", async () => {
    const { url, dir } = await setup(5);
    const path = new URL(url).pathname;
    proxy.setRules([{ method: "PUT", times: "always", fault: { type: "status", status: 429, retryAfter: "120" } }]);
    const run = await runCli({ server, url, dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is busy or limiting requests. Sync will try again in 120 s");
    expect(puts(path)).toBe(1);
    // The next run, once the server accepts again, uploads everything.
    proxy.setRules([]);
    const again = await runCli({ server, url, dir });
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain("server: 5 created");
  });

  it("retries reset connections with growing pauses, then completes", async () => {
    const { url, dir } = await setup(1);
    const times: number[] = [];
    proxy.setRules([{ method: "PUT", times: 2, fault: { type: "reset" } }]);
    const run = await runCli({
      server,
      url,
      dir,
      intercept: ({ url: u, init, next }) => {
        if (init.method === "PUT") times.push(Date.now());
        return next(u, init);
      },
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(times).toHaveLength(3);
    const [a = 0, b = 0, c = 0] = times;
    expect(c - b).toBeGreaterThan(b - a); // exponential, not a fixed interval
  });

  it("stops the run when the connection keeps failing, after a bounded number of tries", async () => {
    const { url, dir } = await setup(4);
    let sent = 0;
    proxy.setRules([{ method: "PUT", times: "always", fault: { type: "reset" } }]);
    const run = await runCli({
      server,
      url,
      dir,
      intercept: ({ url: u, init, next }) => {
        if (init.method === "PUT") sent += 1;
        return next(u, init);
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Could not connect to/);
    expect(sent).toBe(3); // one item's tries, not 4 items × 3
  });

  it("stops at a 401 in the middle of a run with the sign-in error, after one refused request", async () => {
    const { url, dir } = await setup(5);
    proxy.setRules([{ method: "PUT", times: "always", fault: { type: "status", status: 401 } }]);
    const run = await runCli({ server, url, dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("did not accept the user name or password (HTTP 401)");
    expect(putRequests(run.requests)).toBe(1);
    proxy.setRules([]);
    const again = await runCli({ server, url, dir });
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain("server: 5 created");
    expect(folderFiles(dir)).toHaveLength(5);
  });
});
