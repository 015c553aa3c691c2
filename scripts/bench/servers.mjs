// @ts-check
// Benchmark servers: Radicale behind our counting front proxy (Xandikos already has one), and a
// collection `bench-N` seeded with N generated events straight into the storage — Radicale: files in
// its collection folder; Xandikos: one git commit — because HTTP upload runs at 12–15 PUT/s.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { startRadicale, startXandikos } from "../servers/index.mjs";
import { placeCollection } from "../servers/radicale-files.mjs";
import { freePort } from "../servers/free-port.mjs";
import { FRONT_PROXY, spawnLogged, waitUntilReady, answersHttp, stopProcesses } from "../servers/processes.mjs";

/** @typedef {{ name: string, text: string }} SeedItem */
/** @typedef {{ kind: string, proxyUrl: string, server: import("../servers/types.mjs").DavServer, stop: () => Promise<void>, seed: (p: { n: number, items: SeedItem[] }) => Promise<string> }} BenchServer */

export const AUTH = `Basic ${Buffer.from("alice:secret").toString("base64")}`;

/** @param {string} url @param {string} method @param {string} [body] */
export async function dav(url, method, body, headers = {}) {
  const res = await fetch(url, { method, body, headers: { authorization: AUTH, ...headers } });
  return { status: res.status, etag: res.headers.get("etag"), text: await res.text() };
}

/** @returns {Promise<BenchServer>} */
export async function benchRadicale() {
  const server = await startRadicale();
  const port = await freePort();
  const proxy = spawnLogged({
    command: process.execPath,
    args: [FRONT_PROXY, "--listen", `127.0.0.1:${port}`, "--upstream", server.rootUrl.replace(/\/$/, "")],
    logFile: join(server.dataDir, "bench-proxy.log"),
    detached: false,
  });
  const proxyUrl = `http://127.0.0.1:${port}/`;
  await waitUntilReady({ what: "bench proxy", probe: () => answersHttp(`${proxyUrl}__proxy/stats`), watch: [{ pid: proxy.pid, logFile: join(server.dataDir, "bench-proxy.log") }], timeoutMs: 10_000 });
  return {
    kind: "radicale",
    proxyUrl,
    server,
    stop: async () => {
      await stopProcesses({ pids: [proxy.pid], marker: "front-proxy" });
      await server.stop();
    },
    seed: async ({ n, items }) => {
      const name = `bench-${n}`;
      placeCollection({
        storageDir: join(server.dataDir, "collections"),
        username: "alice",
        spec: { name, type: "calendar", displayName: `Bench ${n}`, color: "#3A87ADFF", components: "VEVENT,VTODO" },
        items,
      });
      const url = `${proxyUrl}alice/${name}/`;
      // Radicale builds its item cache on the first listing of placed files: pay it here, not in a step.
      await dav(url, "PROPFIND", undefined, { depth: "1" });
      return url;
    },
  };
}

/** @returns {Promise<BenchServer>} */
export async function benchXandikos() {
  const server = await startXandikos();
  return {
    kind: "xandikos",
    proxyUrl: server.rootUrl,
    server,
    stop: () => server.stop(),
    seed: async ({ n, items }) => {
      const name = `bench-${n}`;
      const url = `${server.rootUrl}alice/calendars/${name}/`;
      const made = await dav(url, "MKCALENDAR");
      if (made.status !== 201) throw new Error(`MKCALENDAR ${url}: ${made.status} ${made.text}`);
      const repo = join(server.dataDir, "data", "alice", "calendars", name);
      for (const item of items) writeFileSync(join(repo, item.name), item.text);
      execFileSync("git", ["-C", repo, "add", "-A"]);
      execFileSync("git", ["-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", `seed ${n}`]);
      await dav(url, "PROPFIND", undefined, { depth: "1" });
      return url;
    },
  };
}

/** @param {string} proxyUrl */
export async function resetStats(proxyUrl) {
  await fetch(`${proxyUrl}__proxy/reset`, { method: "POST" });
}

/** @param {string} proxyUrl @returns {Promise<{ total: number, byMethod: Record<string, number>, bytesOut: number }>} */
export async function readStats(proxyUrl) {
  return /** @type {any} */ (await (await fetch(`${proxyUrl}__proxy/stats`)).json());
}
