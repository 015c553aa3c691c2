#!/usr/bin/env node
// @ts-check
// Front proxy for the test DAV servers (a runnable script, loopback only). Two jobs, by option:
//   env FRONT_PROXY_AUTH=user:pass: enforce HTTP Basic auth for a daemon that has none (Xandikos);
//   --prefix /caldav: serve the upstream's tree under /caldav/ the way Radicale supports it (strip the prefix,
//     send X-Script-Name), answer /.well-known/caldav|carddav with 301 → /caldav/, 404 for anything else.
// GET /__proxy/stats and POST /__proxy/reset count requests (for benchmarks); they need no auth.
// --delay-ms N holds every request N ms before forwarding it: a server across the internet, for
// measurements (loopback answers in well under a millisecond).
//   node front-proxy.mjs --listen 127.0.0.1:PORT --upstream http://127.0.0.1:P|unix:/path.sock [--prefix /caldav] [--realm R] [--pidfile F] [--delay-ms N]
import http from "node:http";
import { writeFileSync } from "node:fs";

const args = process.argv.slice(2);
/** @param {string} name */
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const listen = option("--listen") ?? "";
const upstream = option("--upstream") ?? "";
const prefix = (option("--prefix") ?? "").replace(/\/$/, "");
const realm = option("--realm") ?? "CalDAV test server";
const pidfile = option("--pidfile");
const delayMs = Number(option("--delay-ms") ?? 0);
// The password comes from the environment so it does not show in `ps`.
const credentials = process.env.FRONT_PROXY_AUTH;
const expectedAuthorization = credentials ? `Basic ${Buffer.from(credentials).toString("base64")}` : undefined;

const colon = listen.lastIndexOf(":");
const listenHost = listen.slice(0, colon);
const listenPort = Number(listen.slice(colon + 1));
if (!/^127\./.test(listenHost) || !listenPort || !upstream) {
  console.error("usage: front-proxy.mjs --listen 127.0.0.1:PORT --upstream http://127.0.0.1:P|unix:/path [--prefix /caldav] (loopback only)");
  process.exit(2);
}
/** @type {http.RequestOptions} */
const target = upstream.startsWith("unix:")
  ? { socketPath: upstream.slice("unix:".length) }
  : { host: new URL(upstream).hostname, port: Number(new URL(upstream).port || 80) };
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** @type {{ total: number, byMethod: Record<string, number>, byStatus: Record<string, number>, bytesIn: number, bytesOut: number }} */
let stats = { total: 0, byMethod: {}, byStatus: {}, bytesIn: 0, bytesOut: 0 };
const countStatus = (/** @type {number} */ status) => {
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
};

/** @param {http.ServerResponse} res @param {number} status @param {Record<string, string>} headers @param {string} [body] */
function answer(res, status, headers, body = "") {
  countStatus(status);
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  const path = url.split("?")[0] ?? "/";
  if (path === "/__proxy/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(stats));
    return;
  }
  if (path === "/__proxy/reset") {
    stats = { total: 0, byMethod: {}, byStatus: {}, bytesIn: 0, bytesOut: 0 };
    res.end("ok");
    return;
  }
  stats.total++;
  stats.byMethod[req.method ?? "?"] = (stats.byMethod[req.method ?? "?"] ?? 0) + 1;
  let upstreamPath = url;
  /** @type {http.OutgoingHttpHeaders} */
  const headers = { ...req.headers };
  if (prefix) {
    // RFC 6764 bootstrap at the host root; Radicale alone would redirect to its own root instead.
    if (/^\/\.well-known\/(caldav|carddav)\/?$/.test(path)) {
      req.resume();
      answer(res, 301, { location: `${prefix}/` });
      return;
    }
    if (path !== prefix && !path.startsWith(`${prefix}/`)) {
      req.resume();
      answer(res, 404, {}, "Not Found");
      return;
    }
    upstreamPath = url.slice(prefix.length) || "/";
    // Radicale 3.1.8 has no base-path setting; it prefixes every href it emits with X-Script-Name.
    headers["x-script-name"] = prefix;
  }
  if (expectedAuthorization) {
    if (req.headers.authorization !== expectedAuthorization) {
      req.resume();
      answer(res, 401, { "www-authenticate": `Basic realm="${realm}"` }, "Unauthorized");
      return;
    }
    delete headers.authorization;
  }
  if (delayMs > 0) req.pause();
  const forward = http.request({ ...target, agent, method: req.method, path: upstreamPath, headers }, (upstreamRes) => {
    countStatus(upstreamRes.statusCode ?? 0);
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.headers);
    upstreamRes.on("data", (chunk) => {
      stats.bytesOut += chunk.length;
    });
    upstreamRes.pipe(res);
  });
  forward.on("error", (error) => {
    if (res.headersSent) res.destroy(error);
    else answer(res, 502, {}, `front-proxy: upstream ${upstream}: ${error.message}`);
  });
  req.on("data", (chunk) => {
    stats.bytesIn += chunk.length;
  });
  if (delayMs > 0) setTimeout(() => req.pipe(forward), delayMs);
  else req.pipe(forward);
});
server.keepAliveTimeout = 30_000;
server.on("error", (error) => {
  console.error(`front-proxy: cannot listen on ${listen}: ${error.message}`);
  process.exit(1);
});
server.listen(listenPort, listenHost, () => {
  if (pidfile) writeFileSync(pidfile, `${process.pid}\n`);
  console.error(`front-proxy ${listen}${prefix}/ -> ${upstream}${expectedAuthorization ? " (basic auth)" : ""}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
