// One davsync run per folder, with real processes (the built executable): while one run waits on
// its server, a second run on the same folder exits 1 naming the first one's pid and start; the
// lock goes away when the first is stopped by SIGINT or SIGTERM; a lock left by a process that is
// gone is taken over with a note. The server here is a stub that holds requests until told to answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, execFile, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { AddressInfo } from "node:net";

const ROOT = resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the folder lock between davsync processes", () => {
  let out: string;
  let bin: string;
  let server: Server;
  let url: string;
  /** Requests the stub holds; answered (401) on release. */
  const held: ServerResponse[] = [];
  let answerAtOnce = false;
  const work: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "davsync-lock-bin-"));
    work.push(out);
    // Its own build: the other CLI tests build dist-cli at the same time.
    await run("npx", ["vite", "build", "--config", "vite.cli.config.ts", "--outDir", out, "--logLevel", "warn"], { cwd: ROOT });
    bin = join(out, "davsync.mjs");
    server = createServer((req, res) => {
      req.resume();
      if (answerAtOnce) res.writeHead(401, { "www-authenticate": 'Basic realm="stub"' }).end();
      else held.push(res);
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cal/`;
  }, 120_000);
  afterAll(async () => {
    for (const res of held.splice(0)) res.destroy();
    await new Promise((ok) => server?.close(ok));
    for (const d of work) rmSync(d, { recursive: true, force: true });
  });

  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), "davsync-lock-"));
    work.push(d);
    return d;
  };
  const args = (dir: string) => [bin, "sync", "--url", url, "--user", "alice", "--password-env", "PW", "--dir", dir];
  const start = (dir: string): { child: ChildProcess; done: Promise<Exit> } => {
    const child = spawn(process.execPath, args(dir), { env: { ...process.env, PW: "secret" } });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<Exit>((ok) => child.on("close", (code) => ok({ code, stdout, stderr })));
    return { child, done };
  };
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((ok) => setTimeout(ok, 50));
    expect(what()).toBe(true);
  };

  it.each(["SIGINT", "SIGTERM"] as const)("refuses a second run while the first syncs; %s on the first releases the lock", async (signal) => {
    const dir = folder();
    const lock = join(dir, ".davsync-status.lock");
    const waiting = held.length;
    const first = start(dir);
    await until(() => held.length > waiting && existsSync(lock)); // the first run holds the lock and waits on the server
    const holder = JSON.parse(readFileSync(lock, "utf8")) as { pid: number; started: string; host: string };
    expect(holder).toMatchObject({ pid: first.child.pid, host: hostname() });

    const second = await start(dir).done;
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(`davsync: another davsync run (pid ${first.child.pid}) is syncing this folder since ${holder.started}; wait for it to finish`);
    expect(held.length).toBe(waiting + 1); // the second one sent nothing

    first.child.kill(signal);
    const ended = await first.done;
    expect(ended.code).toBe(1);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it("a second signal exits at once (130 / 143 by the signal) and still removes the lock", async () => {
    const dir = folder();
    const lock = join(dir, ".davsync-status.lock");
    const waiting = held.length;
    const run = start(dir);
    await until(() => held.length > waiting && existsSync(lock));
    // Two different signals are both delivered (two SIGINTs could merge into one), in either order:
    // the main thread handles the second before the command thread has wound down.
    run.child.kill("SIGTERM");
    run.child.kill("SIGINT");
    const ended = await run.done;
    expect([130, 143]).toContain(ended.code);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it("takes over a lock whose process is gone, says so, and releases it when the run fails", async () => {
    const dir = folder();
    const lock = join(dir, ".davsync-status.lock");
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
    writeFileSync(lock, JSON.stringify({ pid: gone, started: "2026-01-01T00:00:00.000Z", host: hostname() }));
    answerAtOnce = true;
    try {
      const res = await start(dir).done;
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`davsync: took over a stale lock of pid ${gone} (started 2026-01-01T00:00:00.000Z, no longer running)`);
      expect(res.stderr).toMatch(/HTTP 401/);
      expect(existsSync(lock)).toBe(false);
    } finally {
      answerAtOnce = false;
    }
  }, 60_000);

  it("lets a dry run look while another run holds the lock", async () => {
    const dir = folder();
    writeFileSync(join(dir, ".davsync-status.lock"), JSON.stringify({ pid: process.pid, started: new Date().toISOString(), host: hostname() }));
    answerAtOnce = true;
    try {
      const child = spawn(process.execPath, [...args(dir), "--dry-run"], { env: { ...process.env, PW: "secret" } });
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise((ok) => child.on("close", ok));
      expect(stderr).not.toContain("another davsync run");
      expect(stderr).toMatch(/HTTP 401/);
    } finally {
      answerAtOnce = false;
    }
  }, 60_000);
});
