// @ts-check
// A loopback reverse proxy in front of a real DAV server that rewrites whole answers: the bad-input
// corpus uses it to serve what real servers (or captive portals) do send and Radicale never would —
// a login page instead of XML, a redirect loop, a 207 without hrefs, a bad item body inside an
// otherwise real multiget. `answer` may replace the request's answer before it reaches the server
// (no upstream call); `rewrite` may change the upstream's answer. Both return undefined to pass.
import http from "node:http";

/** @typedef {{ status: number, headers: Record<string, string>, body: string }} Answer */
/** @typedef {{ method: string, path: string, headers: http.IncomingHttpHeaders }} Request */

/**
 * @typedef {object} RewriteProxy
 * @property {(upstreamUrl: string) => string} proxied
 * @property {(rules: { answer?: (req: Request) => Answer | undefined, rewrite?: (req: Request, res: Answer) => Answer | undefined }) => void} setRules
 * @property {() => Promise<void>} stop
 */

/** @param {{ upstream: string }} p @returns {Promise<RewriteProxy>} */
export async function startRewriteProxy(p) {
  const up = new URL(p.upstream);
  /** @type {{ answer?: (req: Request) => Answer | undefined, rewrite?: (req: Request, res: Answer) => Answer | undefined }} */
  let rules = {};
  /** @type {Set<import("node:net").Socket>} */
  const sockets = new Set();
  const agent = new http.Agent({ keepAlive: false });

  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const info = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] ?? "/", headers: req.headers };
      const canned = rules.answer?.(info);
      if (canned) return send(res, canned);
      const preq = http.request(
        { host: up.hostname, port: Number(up.port || 80), method: req.method, path: req.url, headers: { ...req.headers, host: up.host, "accept-encoding": "identity" }, agent },
        (pres) => {
          /** @type {Buffer[]} */
          const parts = [];
          pres.on("data", (c) => parts.push(c));
          pres.on("end", () => {
            /** @type {Record<string, string>} */
            const headers = {};
            for (const [k, v] of Object.entries(pres.headers)) if (typeof v === "string" && !["content-length", "transfer-encoding", "connection"].includes(k)) headers[k] = v;
            const real = { status: pres.statusCode ?? 502, headers, body: Buffer.concat(parts).toString("utf8") };
            send(res, rules.rewrite?.(info, real) ?? real);
          });
        },
      );
      preq.on("error", () => res.destroy());
      preq.end(Buffer.concat(chunks));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("rewrite proxy: no address");
  const origin = `http://127.0.0.1:${address.port}`;

  return {
    proxied: (url) => (url.startsWith(up.origin) ? origin + url.slice(up.origin.length) : url),
    setRules: (next) => {
      rules = next;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** @param {http.ServerResponse} res @param {Answer} a */
function send(res, a) {
  const body = Buffer.from(a.body, "utf8");
  res.writeHead(a.status, { ...a.headers, "content-length": String(body.length) });
  res.end(body);
}

/** XML text escaping for an item body placed inside calendar-data / address-data. @param {string} text */
export function xmlEscape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The 207 with the data of the <response> whose href ends in `name` replaced by `text`.
 * @param {{ body: string, name: string, text: string }} p
 */
export function substituteItemData(p) {
  return p.body.replace(/<(?:[\w-]+:)?response\b[\s\S]*?<\/(?:[\w-]+:)?response>/g, (response) => {
    if (!new RegExp(`<(?:[\\w-]+:)?href>[^<]*/${p.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</`).test(response)) return response;
    return response.replace(/(<((?:[\w-]+:)?(?:calendar|address)-data)\b[^>]*>)[\s\S]*?(<\/\2>)/, (_m, open, _tag, close) => `${open}${xmlEscape(p.text)}${close}`);
  });
}
