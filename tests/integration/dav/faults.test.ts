// Every fault the proxy can inject in front of a real Radicale ends as the DavError kind of the
// taxonomy (or is absorbed: invalid XML characters, a missing ETag), never as a crash or a tsdav-style
// `{ ok: false }`. Plus a real self-signed TLS server for the certificate case.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { create, discover, getEtag, listChanges, queryCapabilities, type DavContext } from "../../../src/dav";
import { startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.mjs";
import type { DavServer } from "../../helpers/servers";
import { ctxFor, start, uniqueUid, vevent } from "./support";

describe("faults injected in front of Radicale", () => {
  let server: DavServer;
  let proxy: FaultProxy;
  let ctx: DavContext;
  let calendar: string;
  beforeAll(async () => {
    server = await start("radicale");
    proxy = await startFaultProxy({ upstream: server.rootUrl });
    ctx = ctxFor(server, { timeoutMs: 5_000 });
    calendar = proxy.proxied(server.collections["calendar"]!);
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });
  beforeEach(() => proxy.setRules([]));

  const capabilities = () => queryCapabilities({ ctx, url: calendar });
  const newEvent = () => {
    const uid = uniqueUid("f");
    return create({ ctx, collection: { url: calendar, kind: "calendar" }, name: `${uid}.ics`, data: vevent({ uid, summary: "f", start: "20260201T100000Z" }) });
  };

  it("passes everything through without rules", async () => {
    const result = await discover({ ctx, url: proxy.url });
    expect(result.collections.map((c) => c.url)).toContain(calendar);
  });

  it("a server without sync-token: capabilities read its ctag in a second PROPFIND, and an unchanged ctag lists nothing", async () => {
    const before = proxy.hits.length;
    proxy.setRules([{ method: "PROPFIND", fault: { type: "no-sync-token" } }]);
    const caps = await capabilities();
    expect(caps.syncToken).toBeUndefined();
    expect(caps.ctag).toBeTruthy();
    expect(proxy.hits.length - before).toBe(1);
    const again = await listChanges({ ctx, collection: caps, since: { ctag: caps.ctag } });
    expect(again.kind).toBe("unchanged");
  });

  it("401 → auth", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "status", status: 401 } }]);
    await expect(capabilities()).rejects.toMatchObject({ name: "DavError", kind: "auth", status: 401, url: calendar, messageKey: "davErrorAuth" });
  });

  it("412 → precondition, naming the item", async () => {
    proxy.setRules([{ method: "PUT", fault: { type: "status", status: 412 } }]);
    const err = await newEvent().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "precondition", status: 412 });
    expect((err as { item: string }).item).toMatch(/\.ics$/);
  });

  it("429 with Retry-After → rate-limit with retryAfterMs", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "status", status: 429, retryAfter: "7" } }]);
    await expect(capabilities()).rejects.toMatchObject({ kind: "rate-limit", status: 429, retryAfterMs: 7000, substitutions: [calendar, "7"] });
  });

  it("503 with Retry-After → rate-limit; 503 without → server", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "status", status: 503, retryAfter: "120" } }]);
    await expect(capabilities()).rejects.toMatchObject({ kind: "rate-limit", status: 503, retryAfterMs: 120_000 });
    proxy.setRules([{ method: "PROPFIND", fault: { type: "status", status: 503 } }]);
    await expect(capabilities()).rejects.toMatchObject({ kind: "server", status: 503 });
  });

  it("500 → server", async () => {
    proxy.setRules([{ method: "REPORT", fault: { type: "status", status: 500 } }]);
    await expect(listChanges({ ctx, collection: await capabilities() })).rejects.toMatchObject({ kind: "server", status: 500 });
  });

  it("423 → locked", async () => {
    proxy.setRules([{ method: "PUT", fault: { type: "status", status: 423 } }]);
    await expect(newEvent()).rejects.toMatchObject({ kind: "locked", status: 423 });
  });

  it("connection reset → network", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "reset" } }]);
    await expect(capabilities()).rejects.toMatchObject({ kind: "network", messageKey: "davErrorNetwork" });
  });

  it("delay beyond the timeout → timeout", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "delay", ms: 3_000 } }]);
    const started = Date.now();
    await expect(queryCapabilities({ ctx: { ...ctx, timeoutMs: 300 }, url: calendar })).rejects.toMatchObject({ kind: "timeout", messageKey: "davErrorTimeout" });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("a short delay within the timeout is just slow", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "delay", ms: 200 } }]);
    await expect(capabilities()).resolves.toMatchObject({ kind: "calendar" });
  });

  it("body cut off with the connection → network; cut off cleanly → malformed", async () => {
    proxy.setRules([{ method: "PROPFIND", fault: { type: "truncate", mode: "abort" } }]);
    await expect(capabilities()).rejects.toMatchObject({ kind: "network" });
    proxy.setRules([{ method: "PROPFIND", fault: { type: "truncate", mode: "clean" } }]);
    await expect(capabilities()).rejects.toMatchObject({ kind: "malformed", messageKey: "davErrorMalformed" });
  });

  it("invalid XML characters (0x0C) in a 207 are stripped by default, malformed when not accepted", async () => {
    proxy.setRules([{ method: "PROPFIND", times: "always", fault: { type: "invalid-chars" } }]);
    const result = await discover({ ctx, url: proxy.url });
    const cal = result.collections.find((c) => c.url === calendar);
    expect(cal?.displayName).toBe("Calendar");
    expect(cal?.color).toBe("#3a87ad");
    await expect(queryCapabilities({ ctx: { ...ctx, acceptInvalidChars: false }, url: calendar })).rejects.toMatchObject({ kind: "malformed" });
  });

  it("a PUT answer without ETag → the ETag is fetched with PROPFIND", async () => {
    proxy.setRules([{ method: "PUT", fault: { type: "drop-etag" } }]);
    const created = await newEvent();
    expect(proxy.hits.at(-1)).toMatchObject({ method: "PUT", fault: "drop-etag" });
    expect(created.etag).toBeTruthy();
    expect(created.etag).toBe(await getEtag({ ctx, href: created.href }));
  });

  it("a sync-collection failing once with 500 after a valid token → full listing, not an error", async () => {
    const caps = await capabilities();
    const first = await listChanges({ ctx, collection: caps });
    await newEvent();
    proxy.setRules([{ method: "REPORT", fault: { type: "status", status: 500 } }]);
    const result = await listChanges({ ctx, collection: await capabilities(), since: first.state });
    expect(result).toMatchObject({ kind: "full", reason: "token-rejected" });
  });

  it("a wrong URL → not-found", async () => {
    await expect(queryCapabilities({ ctx, url: `${proxy.url}alice/nope/` })).rejects.toMatchObject({ kind: "not-found", status: 404 });
  });

  it("nobody listening → network", async () => {
    await expect(queryCapabilities({ ctx, url: "http://127.0.0.1:9/x/" })).rejects.toMatchObject({ kind: "network" });
  });
});

describe("a server with a self-signed certificate", () => {
  let dir: string;
  let tls: https.Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dav-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    tls = https.createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) => res.end("hi"));
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    const address = tls.address();
    url = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => tls?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails as tls, pointing to the certificate settings", async () => {
    await expect(discover({ ctx: { credentials: { username: "a", password: "b" }, timeoutMs: 5_000 }, url })).rejects.toMatchObject({
      kind: "tls",
      messageKey: "davErrorTls",
    });
  });
});
