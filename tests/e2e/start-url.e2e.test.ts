// `npm start -- --headless --url <root> --user alice` end to end: the real start script builds the
// product add-on (no e2e driver inside), hands it the setup through the profile folder and prints
// the first sync's report. Checked from the outside only, as a user sees it: exit code, the
// printed lines against the Easy-Project-like server's own counts, and that the password is on
// disk nowhere but in Thunderbird's encrypted logins. Wrong password and bad URL end quickly.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/servers/free-port.mjs";
import { EP_COLLECTIONS, startEpLike, type DavServer } from "../helpers/servers";
import { generateDataset } from "../../scripts/dataset/generate.mjs";
import { splitDataset } from "../../scripts/servers/ep-like-layout.mjs";
import { inWindow } from "../../src/dav";
import { itemSpan } from "../../src/ical/item-span";
import { REPO_ROOT } from "./build-addon";

const EVENTS = 30;
const DAY_MS = 86_400_000;
/** The seeded dates spread around this Monday, so the Easy Project window holds some of them. */
const ANCHOR = (() => {
  const d = new Date();
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
})();

interface StartRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the start script like a user would, with the password in DAV_PASSWORD and no terminal. */
function npmStart(params: { args: string[]; password: string; timeoutMs: number }): Promise<StartRun> {
  const t0 = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DAV_PASSWORD: params.password };
  delete env.DISPLAY;
  const child = spawn(process.execPath, [join(REPO_ROOT, "scripts/start.mjs"), ...params.args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  // SIGTERM lets the script stop its own Thunderbird; the test then fails on the exit code.
  const timer = setTimeout(() => child.kill("SIGTERM"), params.timeoutMs);
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Every file under dir whose bytes contain text (the profile is small; sqlite files included). */
function filesContaining(dir: string, text: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    if (readFileSync(path).includes(text)) hits.push(entry);
  }
  return hits;
}

describe("npm start --headless --url: try it against your own server in one command", () => {
  const password = `heslo-${Date.now().toString(36)}-tajne`;
  let server: DavServer;
  let runs: string;

  beforeAll(async () => {
    server = await startEpLike({ events: EVENTS, anchor: ANCHOR, password });
    runs = mkdtempSync(join(tmpdir(), "davsync-start-url-"));
  });

  afterAll(async () => {
    await server?.stop();
    if (runs && process.env.E2E_KEEP !== "1") rmSync(runs, { recursive: true, force: true });
  });

  it("sets up one profile per collection, syncs them all and prints the server's counts", async () => {
    const runDir = join(runs, "ok");
    const run = await npmStart({ args: ["--headless", "--url", server.rootUrl, "--user", server.username, "--run-dir", runDir], password, timeoutMs: 120_000 });
    console.log(`[e2e] npm start --url: exit ${run.code} after ${run.ms} ms\n${run.stdout}`);
    expect(run.code, run.stderr).toBe(0);

    // Easy Project defaults: calendars and task lists sync 7 days back and 180 ahead, address books
    // everything; nothing outside the window is copied (and the server keeps all of it).
    const seeded = splitDataset(generateDataset({ events: EVENTS, anchor: ANCHOR }));
    const now = Date.now();
    const window = { start: now - 7 * DAY_MS, end: now + 180 * DAY_MS };
    for (const collection of EP_COLLECTIONS) {
      const items = seeded[collection.name] ?? [];
      const inside = collection.type === "addressbook" ? items.length : items.filter((i) => inWindow({ span: itemSpan({ text: i.text }), window })).length;
      const line = new RegExp(`^  OK +${collection.displayName} .*Thunderbird (\\d+) · server (\\d+)`, "m").exec(run.stdout);
      expect(line, `report line of ${collection.displayName}`).not.toBeNull();
      expect([Number(line![1]), Number(line![2])], collection.name).toEqual([inside, items.length]);
      // Read-only collections are mirrored, the writable ones sync both ways.
      expect(line![0]).toContain(collection.readOnly ? "remote-to-local-replicate" : "two-way");
    }
    expect(run.stdout).toContain(`${EP_COLLECTIONS.length} profiles: ${EP_COLLECTIONS.length} synced, 0 failed.`);

    // The one-shot setup file is gone; the password is nowhere in plain text (logins.json holds it encrypted).
    const profileDir = join(runDir, "profile");
    expect(existsSync(join(profileDir, "davsync-bootstrap.json"))).toBe(false);
    expect(filesContaining(runDir, password)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(password);
  });

  it("a wrong password ends with the sign-in message and exit code 1, without waiting for the timeout", async () => {
    const run = await npmStart({
      args: ["--headless", "--url", server.rootUrl, "--user", server.username, "--run-dir", join(runs, "wrong"), "--timeout", "60"],
      password: "spatne-heslo",
      timeoutMs: 90_000,
    });
    console.log(`[e2e] wrong password: exit ${run.code} after ${run.ms} ms: ${run.stderr.trim()}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Setup failed: Easy Project at .* did not accept the user name or password \(HTTP 401\)/);
    expect(run.ms).toBeLessThan(50_000);
  });

  it("a URL where nothing answers ends with the connection message and exit code 1", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/caldav/`;
    const run = await npmStart({
      args: ["--headless", "--url", closed, "--user", "alice", "--run-dir", join(runs, "bad-url"), "--timeout", "60"],
      password: "heslo",
      timeoutMs: 90_000,
    });
    console.log(`[e2e] bad URL: exit ${run.code} after ${run.ms} ms: ${run.stderr.trim()}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Setup failed: Could not connect to ${closed}`);
    expect(run.ms).toBeLessThan(50_000);
  });
});
