// @ts-check
// A reverse proxy on 127.0.0.1 in front of a real DAV server that injects faults by rule: error
// statuses (401, 412, 429/503 with Retry-After, 500), connection resets, delays, truncated bodies,
// invalid XML characters in 207 bodies and dropped ETag headers. Everything else passes through.
// Usage: const proxy = await startFaultProxy({ upstream: server.rootUrl });
//        proxy.setRules([{ method: "PROPFIND", fault: { type: "status", status: 503, retryAfter: "7" } }]);
//        proxy.proxied(server.collections.meetings)  // same URL through the proxy;  await proxy.stop();
import http from "node:http";

/**
 * @typedef {{ type: "status", status: number, retryAfter?: string, body?: string }
 *   | { type: "reset" }
 *   | { type: "delay", ms: number }
 *   | { type: "truncate", mode?: "abort" | "clean" }
 *   | { type: "invalid-chars", chars?: string }
 *   | { type: "drop-etag" }
 *   | { type: "no-sync-token" }} Fault  no-sync-token: the answer as from a server without RFC 6578 (its
 *     sync-token properties reported 404 Not Found)
 */

/**
 * @typedef {object} FaultRule
 * @property {string | string[]} [method]   HTTP method(s); default any
 * @property {string | RegExp} [path]      string = path prefix, RegExp = tested on the path; default any
 * @property {number | "once" | "always"} [times]  how many matching requests get the fault; default "once"
 * @property {Fault} fault
 */

/**
 * @typedef {object} FaultProxy
 * @property {string} url                      proxy origin + upstream path, e.g. http://127.0.0.1:P/caldav/
 * @property {(rules: FaultRule[]) => void} setRules  replaces all rules
 * @property {(upstreamUrl: string) => string} proxied  the same URL, through the proxy
 * @property {{ method: string, path: string, fault: string }[]} hits  faults injected so far
 * @property {() => Promise<void>} stop
 */

/**
 * @param {{ upstream: string }} options
 * @returns {Promise<FaultProxy>}
 */
export async function startFaultProxy({ upstream }) {
  const up = new URL(upstream);
  if (!/^(127\.|localhost$|\[::1\]$)/.test(up.hostname)) throw new Error("fault proxy: upstream must be on loopback");
  /** @type {(FaultRule & { left: number })[]} */
  let rules = [];
  /** @type {FaultProxy["hits"]} */
  const hits = [];
  /** @type {Set<import("node:net").Socket>} */
  const sockets = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  const agent = new http.Agent({ keepAlive: false });

  /** @param {http.IncomingMessage} req */
  const takeFault = (req) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    for (const rule of rules) {
      if (rule.left <= 0) continue;
      const methods = rule.method === undefined ? undefined : [rule.method].flat().map((m) => m.toUpperCase());
      if (methods && !methods.includes(req.method ?? "")) continue;
      if (typeof rule.path === "string" && !path.startsWith(rule.path)) continue;
      if (rule.path instanceof RegExp && !rule.path.test(path)) continue;
      rule.left--;
      hits.push({ method: req.method ?? "", path, fault: rule.fault.type });
      return rule.fault;
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const fault = takeFault(req);
      const body = Buffer.concat(chunks);
      switch (fault?.type) {
        case "status": {
          /** @type {Record<string, string>} */
          const headers = { "content-type": "text/plain; charset=utf-8" };
          if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
          if (fault.status === 401) headers["www-authenticate"] = 'Basic realm="fault-proxy"';
          res.writeHead(fault.status, headers);
          res.end(fault.body ?? `injected ${fault.status}`);
          return;
        }
        case "reset":
          req.socket.destroy();
          return;
        case "delay": {
          const t = setTimeout(() => {
            timers.delete(t);
            if (!req.socket.destroyed) forward(req, res, body, undefined);
          }, fault.ms);
          timers.add(t);
          return;
        }
        default:
          forward(req, res, body, fault);
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  /**
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {Buffer} body
   * @param {Fault | undefined} fault
   */
  function forward(req, res, body, fault) {
    const headers = { ...req.headers, host: up.host, "accept-encoding": "identity" };
    const preq = http.request(
      { host: up.hostname, port: Number(up.port || 80), method: req.method, path: req.url, headers, agent },
      (pres) => {
        /** @type {Buffer[]} */
        const parts = [];
        pres.on("data", (c) => parts.push(c));
        pres.on("end", () => respond(res, pres, Buffer.concat(parts), fault));
        pres.on("error", () => res.destroy());
      },
    );
    preq.on("error", (e) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(String(e));
    });
    preq.end(body);
  }

  /**
   * @param {http.ServerResponse} res @param {http.IncomingMessage} pres @param {Buffer} payload
   * @param {Fault | undefined} fault
   */
  function respond(res, pres, payload, fault) {
    /** @type {Record<string, string | string[]>} */
    const headers = {};
    for (const [k, v] of Object.entries(pres.headers)) {
      if (v === undefined || k === "content-length" || k === "transfer-encoding" || k === "connection" || k === "keep-alive") continue;
      headers[k] = k === "location" && typeof v === "string" ? toProxy(v) : v;
    }
    let out = payload;
    if (fault?.type === "drop-etag") delete headers["etag"];
    if (fault?.type === "no-sync-token" && pres.statusCode === 207) {
      // Moved into a propstat of its own that says 404, as a server without the property answers.
      const text = payload.toString("utf8").replace(/<([\w-]*:?)sync-token(?:\s[^>]*)?(?:\/>|>[^<]*<\/\1sync-token>)/g, "");
      out = Buffer.from(text.replace(/<\/([\w-]*:?)response>/g, '<$1propstat><$1prop><$1sync-token/></$1prop><$1status>HTTP/1.1 404 Not Found</$1status></$1propstat></$1response>'), "utf8");
    }
    if (fault?.type === "invalid-chars" && pres.statusCode === 207) {
      const bad = fault.chars ?? "\u000c";
      out = Buffer.from(payload.toString("utf8").replace(/<\//g, `${bad}</`), "utf8");
    }
    const status = pres.statusCode ?? 502;
    if (fault?.type === "truncate") {
      const half = out.subarray(0, Math.floor(out.length / 2));
      if ((fault.mode ?? "abort") === "abort") {
        // Promise the whole body, send half, then drop the connection: the client sees a broken stream.
        res.writeHead(status, { ...headers, "content-length": String(out.length) });
        res.write(half, () => res.socket?.destroy());
      } else {
        // A "complete" answer that simply stops halfway: the client sees cut-off XML.
        res.writeHead(status, { ...headers, "content-length": String(half.length) });
        res.end(half);
      }
      return;
    }
    res.writeHead(status, { ...headers, "content-length": String(out.length) });
    res.end(out);
  }

  const upstreamOrigin = up.origin;
  /** @type {string} */
  let origin = "";
  /** @param {string} url */
  const toProxy = (url) => (url.startsWith(upstreamOrigin) ? origin + url.slice(upstreamOrigin.length) : url);

  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fault proxy: no address");
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: toProxy(up.href),
    hits,
    setRules(next) {
      rules = next.map((r) => ({ ...r, left: r.times === "always" ? Infinity : r.times === "once" || r.times === undefined ? 1 : r.times }));
    },
    proxied: toProxy,
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
