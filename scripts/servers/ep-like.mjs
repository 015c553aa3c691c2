// @ts-check
// startEpLike(options) → DavServer: an Easy-Project-like server — real Radicale (rights from_file)
// behind our front proxy that serves it under http://127.0.0.1:P/caldav/, the one root for CalDAV
// and CardDAV discovery (/.well-known/caldav|carddav → 301 /caldav/). The seven collections of
// ep-like-layout.mjs are seeded from generateDataset({ events, seed }); `seeded` gives the counts.
import { join } from "node:path";
import { choosePort, freePort } from "./free-port.mjs";
import { requireBinary, spawnLogged, waitUntilReady, answersHttp, FRONT_PROXY } from "./processes.mjs";
import { prepareDataDir, makeServerHandle, abortStart } from "./server-handle.mjs";
import { writeRadicaleConfig, placeCollection } from "./radicale-files.mjs";
import { runRadicale, RADICALE_BIN } from "./radicale.mjs";
import { EP_COLLECTIONS, epRightsFile, splitDataset } from "./ep-like-layout.mjs";
import { generateDataset } from "../dataset/generate.mjs";

/** @typedef {import("./types.mjs").DavServer} DavServer */
/**
 * @typedef {import("./types.mjs").StartOptions & {
 *   events?: number, todos?: number, cards?: number, seed?: number, anchor?: string
 * }} EpLikeOptions  dataset size and seed (defaults: 100 events, todos = cards = events / 5, seed 1)
 */

export const EP_PREFIX = "/caldav";

/** @param {EpLikeOptions} [options] @returns {Promise<DavServer>} */
export async function startEpLike({
  port, username = "alice", password = "secret", dataDir: givenDir, detached = false, readyTimeoutMs = 20_000,
  events = 100, todos, cards, seed = 1, anchor,
} = {}) {
  requireBinary({ path: RADICALE_BIN, debianPackage: "radicale" });
  const listenPort = await choosePort(port);
  const radicalePort = await freePort();
  const { dataDir, owned } = prepareDataDir({ kind: "ep-like", dataDir: givenDir });
  const { configFile, storageDir } = writeRadicaleConfig({ dataDir, port: radicalePort, username, password, rights: epRightsFile() });
  const split = splitDataset(generateDataset({ events, todos, cards, seed, anchor }));
  for (const spec of EP_COLLECTIONS) placeCollection({ storageDir, username, spec, items: split[spec.name] ?? [] });

  const what = `ep-like server on 127.0.0.1:${listenPort} (Radicale on 127.0.0.1:${radicalePort})`;
  const radicale = await runRadicale({ dataDir, configFile, port: radicalePort, detached, readyTimeoutMs, what });
  const pids = [radicale.pid];
  const proxyLog = join(dataDir, "proxy.log");
  const rootUrl = `http://127.0.0.1:${listenPort}${EP_PREFIX}/`;
  const collections = Object.fromEntries(EP_COLLECTIONS.map((c) => [c.name, `${rootUrl}${username}/${c.name}/`]));
  try {
    const proxy = spawnLogged({
      command: process.execPath,
      args: [FRONT_PROXY, "--listen", `127.0.0.1:${listenPort}`, "--upstream", `http://127.0.0.1:${radicalePort}`, "--prefix", EP_PREFIX, "--pidfile", join(dataDir, "proxy.pid")],
      logFile: proxyLog, detached,
    });
    pids.push(proxy.pid);
    await waitUntilReady({
      what, probe: () => answersHttp(`http://127.0.0.1:${listenPort}/__proxy/stats`),
      watch: [{ pid: radicale.pid, logFile: radicale.logFile }, { pid: proxy.pid, logFile: proxyLog }], timeoutMs: readyTimeoutMs,
    });
    await warmItemCaches({ collections, username, password, what });
  } catch (error) {
    await abortStart({ pids, dataDir, error });
  }
  return makeServerHandle({
    kind: "ep-like", rootUrl, username, password, collections,
    seeded: Object.fromEntries(EP_COLLECTIONS.map((c) => [c.name, split[c.name]?.length ?? 0])),
    dataDir, pids, logFiles: [radicale.logFile, proxyLog], ownsDataDir: owned, detached,
  });
}

/**
 * Radicale builds its per-collection item cache on the first listing of pre-placed files (seconds
 * for thousands of items); do it now so no test or benchmark pays for it. Also proves the layout works.
 * @param {{ collections: Record<string, string>, username: string, password: string, what: string }} params
 */
async function warmItemCaches({ collections, username, password, what }) {
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  await Promise.all(Object.entries(collections).map(async ([name, url]) => {
    const response = await fetch(url, {
      method: "PROPFIND",
      headers: { authorization, depth: "1", "content-type": "application/xml; charset=utf-8" },
      body: '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>',
      signal: AbortSignal.timeout(120_000),
    });
    await response.arrayBuffer();
    if (response.status !== 207) throw new Error(`${what}: listing collection "${name}" (${url}) gave HTTP ${response.status}, expected 207`);
  }));
}
