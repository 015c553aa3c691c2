// @ts-check
// The harness end of the e2e driver's RPC: a loopback HTTP server (127.0.0.1, random port) that
// the driver inside Thunderbird (tests/e2e/addon/driver.ts) long-polls for commands.
// Wire protocol (JSON bodies; the typedefs below are imported by driver.ts, one source of truth):
//   POST /ready    DriverReady            once, when the driver has started
//   GET  /commands → DriverCommand[]      long poll; [] after ~20 s without work
//   POST /reply    DriverReply            the outcome of one command
//   POST /event    DriverEvent            a WebExtension event the driver observed, in order
//   POST /log      { message }            driver-side problems, kept for error messages
// A command is `{ id, api: "namespace.function", args }`; the driver runs messenger[ns][fn](...args).
import { createServer } from "node:http";

/**
 * @typedef {object} DriverReady
 * @property {string} runId echoed from the pref davsync.e2e.runId
 * @property {string} appName
 * @property {string} appVersion
 * @property {string} addonVersion
 * @property {boolean} headless
 * @property {string} profileDir
 */
/** @typedef {{ id: number, api: string, args: unknown[] }} DriverCommand */
/** @typedef {{ message: string, name?: string }} DriverError */
/** @typedef {{ id: number, ok: true, result?: unknown } | { id: number, ok: false, error: DriverError }} DriverReply */
/** @typedef {{ seq: number, name: string, args: unknown[], at: number }} DriverEvent */

/**
 * @typedef {object} DriverServer
 * @property {number} port
 * @property {string} runId
 * @property {Promise<DriverReady>} ready resolves on the driver's first POST /ready
 * @property {(api: string, args: unknown[], timeoutMs?: number) => Promise<unknown>} call
 * @property {() => DriverEvent[]} events every event received so far, in order
 * @property {(predicate: (e: DriverEvent) => boolean, timeoutMs?: number, what?: string) => Promise<DriverEvent>} waitForEvent
 * @property {() => string[]} logs driver-side log lines
 * @property {(error: Error) => void} fail rejects everything pending (e.g. Thunderbird died)
 * @property {() => Promise<void>} close
 */

const LONG_POLL_MS = 20_000;
const MAX_BODY = 50 * 1024 * 1024;

/**
 * @param {{ runId: string, describe?: () => string }} options describe() adds context (e.g. the
 *   Thunderbird log path) to timeout messages
 * @returns {Promise<DriverServer>}
 */
export async function startDriverServer({ runId, describe = () => "" }) {
  /** @type {DriverCommand[]} */
  const queue = [];
  /** @type {Map<number, { api: string, resolve: (v: unknown) => void, reject: (e: Error) => void, timer: NodeJS.Timeout }>} */
  const pending = new Map();
  /** @type {DriverEvent[]} */
  const events = [];
  /** @type {Set<() => void>} */
  const eventWaiters = new Set();
  /** @type {string[]} */
  const logs = [];
  /** @type {Set<() => void>} woken when a command is queued */
  const pollers = new Set();
  /** @type {Error | null} */
  let failed = null;
  let nextId = 1;
  let seq = 0;

  /** @type {(r: DriverReady) => void} */
  let resolveReady = () => {};
  /** @type {(e: Error) => void} */
  let rejectReady = () => {};
  /** @type {Promise<DriverReady>} */
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined); // observed by the caller; avoid an unhandled rejection meanwhile

  const context = () => {
    const extra = describe();
    return extra ? `; ${extra}` : "";
  };

  const server = createServer((req, res) => {
    // Extension pages send a CORS preflight for JSON POSTs.
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "Content-Type");
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();

    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET" && url.pathname === "/commands") return void serveCommands(res);
    if (req.method !== "POST") return void res.writeHead(405).end();

    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return void res.writeHead(400).end("invalid JSON");
      }
      switch (url.pathname) {
        case "/ready":
          resolveReady(body);
          break;
        case "/reply":
          settle(body);
          break;
        case "/event":
          events.push({ ...body, seq: ++seq });
          for (const wake of eventWaiters) wake();
          break;
        case "/log":
          logs.push(String(body.message));
          break;
        default:
          return void res.writeHead(404).end();
      }
      res.writeHead(204).end();
    });
  });

  /** @param {import("node:http").ServerResponse} res */
  function serveCommands(res) {
    const send = () => {
      pollers.delete(send);
      clearTimeout(timer);
      const batch = queue.splice(0);
      // no-store: commands carry test secrets (passwords); Thunderbird's HTTP cache must not
      // keep them in the profile, where the e2e test looks for leaked plain text.
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify(batch));
    };
    const timer = setTimeout(send, LONG_POLL_MS);
    if (queue.length > 0) return send();
    pollers.add(send);
    res.on("close", () => {
      pollers.delete(send);
      clearTimeout(timer);
    });
  }

  /** @param {DriverReply} reply */
  function settle(reply) {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    clearTimeout(call.timer);
    if (reply.ok) call.resolve(reply.result);
    else call.reject(new Error(`${call.api} failed in Thunderbird: ${reply.error.message}`));
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("driver server: no TCP address");

  return {
    port: address.port,
    runId,
    ready,
    call(api, args, timeoutMs = 60_000) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`No answer from Thunderbird to ${api} within ${timeoutMs / 1000} s${context()}`));
        }, timeoutMs);
        pending.set(id, { api, resolve, reject, timer });
        queue.push({ id, api, args });
        for (const wake of [...pollers]) wake();
      });
    },
    events: () => [...events],
    async waitForEvent(predicate, timeoutMs = 15_000, what = "event") {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find(predicate);
        if (hit) return hit;
        if (failed) throw failed;
        const left = deadline - Date.now();
        if (left <= 0) {
          const seen = events.map((e) => e.name).join(", ") || "none";
          throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what} (events seen: ${seen})${context()}`);
        }
        await new Promise((resolve) => {
          const wake = () => {
            eventWaiters.delete(wake);
            clearTimeout(timer);
            resolve(undefined);
          };
          const timer = setTimeout(wake, Math.min(left, 1_000));
          eventWaiters.add(wake);
        });
      }
    },
    logs: () => [...logs],
    fail(error) {
      failed = error;
      rejectReady(error);
      for (const [id, call] of pending) {
        pending.delete(id);
        clearTimeout(call.timer);
        call.reject(new Error(`${call.api}: ${error.message}`));
      }
      for (const wake of eventWaiters) wake();
    },
    async close() {
      for (const wake of [...pollers]) wake();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
