// Shared bits of the CLI integration tests: a Radicale per describe block with temp folders per
// test (radicaleSuite), run `davsync` in-process through main() with a fetch that counts requests,
// make a fresh calendar per test on a real server, and change items on the server or in the folder
// the way another client or a person would.
import { afterAll, afterEach, beforeAll } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../src/cli/main";
import { create, makeCollection, multiget, remove, update, type DavContext, type FetchLike } from "../../../src/dav";
import { listByPropfind } from "../../../src/dav/listing";
import { startRadicale, type DavServer } from "../../helpers/servers";

export const PASSWORD_ENV = "DAVSYNC_TEST_PASSWORD";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** HTTP requests this run made, as "METHOD path". */
  requests: string[];
}

export interface RunCliParams {
  server: DavServer;
  url: string;
  dir: string;
  args?: string[];
  /** Wraps the counting fetch (e.g. to change the server between two requests). */
  intercept?: (p: { url: string; init: RequestInit; next: FetchLike }) => Promise<Response>;
  signal?: AbortSignal;
  onStatusSaved?: (count: number) => void;
}

export async function runCli(p: RunCliParams): Promise<CliRun> {
  const requests: string[] = [];
  const base: FetchLike = (url, init) => globalThis.fetch(url, init);
  const fetch: FetchLike = (url, init) => {
    requests.push(`${init.method ?? "GET"} ${new URL(url).pathname}`);
    return p.intercept ? p.intercept({ url, init, next: base }) : base(url, init);
  };
  const out: string[] = [];
  const err: string[] = [];
  const code = await main({
    argv: ["sync", "--url", p.url, "--user", p.server.username, "--password-env", PASSWORD_ENV, "--dir", p.dir, "--quiet", ...(p.args ?? [])],
    env: { [PASSWORD_ENV]: p.server.password },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    fetch,
    signal: p.signal,
    onStatusSaved: p.onStatusSaved,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), requests };
}

export function ctxFor(server: DavServer): DavContext {
  return { credentials: { username: server.username, password: server.password }, timeoutMs: 30_000 };
}

let made = 0;
/** A new empty calendar next to the server's default one, so tests never share items. */
export async function freshCalendar(server: DavServer): Promise<string> {
  const def = server.collections["calendar"];
  if (!def) throw new Error("server has no default calendar");
  made += 1;
  const caps = await makeCollection({
    ctx: ctxFor(server),
    homeUrl: new URL("..", def).href,
    kind: "calendar",
    displayName: `cli-${Date.now().toString(36)}-${made}`,
    components: ["VEVENT", "VTODO"],
  });
  return caps.url;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "davsync-test-"));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function event(p: { uid: string; summary: string; day?: number; modified?: string }): string {
  const day = String(p.day ?? 5).padStart(2, "0");
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//davsync tests//EN",
    "BEGIN:VEVENT",
    `UID:${p.uid}`,
    "DTSTAMP:20260101T000000Z",
    `LAST-MODIFIED:${p.modified ?? "20260101T000000Z"}`,
    `DTSTART:202601${day}T100000Z`,
    `DTEND:202601${day}T110000Z`,
    `SUMMARY:${p.summary}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** Items on the server: href → content. */
export async function serverItems(p: { server: DavServer; url: string }): Promise<Map<string, string>> {
  const ctx = ctxFor(p.server);
  const refs = await listByPropfind({ ctx, url: p.url });
  const got = await multiget({ ctx, collection: { url: p.url, kind: "calendar" }, hrefs: refs.map((r) => r.href) });
  return new Map(got.items.map((i) => [i.href, i.data]));
}

export async function serverSummaries(p: { server: DavServer; url: string }): Promise<string[]> {
  return [...(await serverItems(p)).values()].map(summaryOf).sort();
}

export function summaryOf(text: string): string {
  return /^SUMMARY:(.*)$/m.exec(text)?.[1]?.trim() ?? "";
}

export function uidOf(text: string): string {
  return /^UID:(.*)$/m.exec(text)?.[1]?.trim() ?? "";
}

export function folderFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith(".ics") && !n.startsWith("."));
}

export function folderSummaries(dir: string): string[] {
  return folderFiles(dir)
    .map((n) => summaryOf(readFileSync(join(dir, n), "utf8")))
    .sort();
}

export async function putOnServer(p: { server: DavServer; url: string; uid: string; text: string }): Promise<void> {
  await create({ ctx: ctxFor(p.server), collection: { url: p.url, kind: "calendar" }, name: `${p.uid}.ics`, data: p.text });
}

/** Finds the server item with this UID and replaces / removes it with its current ETag. */
export async function editOnServer(p: { server: DavServer; url: string; uid: string; text: string | undefined }): Promise<void> {
  const ctx = ctxFor(p.server);
  const refs = await listByPropfind({ ctx, url: p.url });
  const got = await multiget({ ctx, collection: { url: p.url, kind: "calendar" }, hrefs: refs.map((r) => r.href) });
  const item = got.items.find((i) => uidOf(i.data) === p.uid);
  if (!item?.etag) throw new Error(`no server item with UID ${p.uid}`);
  if (p.text === undefined) await remove({ ctx, href: item.href, etag: item.etag });
  else await update({ ctx, href: item.href, etag: item.etag, kind: "calendar", data: p.text });
}

/** Any `davsync` command line in-process (the password in PASSWORD_ENV), e.g. trash list / restore. */
export async function runDavsync(p: { server: DavServer; argv: string[] }): Promise<Omit<CliRun, "requests">> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main({ argv: p.argv, env: { [PASSWORD_ENV]: p.server.password }, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/**
 * Radicale for the tests of the describe block this is called in (started before them, stopped
 * after), and temp folders made with tempFolder() removed after each test. `server` may be named
 * anywhere in the block; it is only read inside the tests, once Radicale runs.
 */
export function radicaleSuite(): { server: DavServer; tempFolder: () => string } {
  let started: DavServer | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    started = await startRadicale();
  });
  afterAll(async () => {
    await started?.stop();
  });
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });
  const server = new Proxy({} as DavServer, {
    get: (_target, key) => {
      if (!started) throw new Error("Radicale is not started yet: read the server inside a test");
      return Reflect.get(started, key) as unknown;
    },
  });
  const tempFolder = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
  return { server, tempFolder };
}
