// @ts-check
// startRadicale(options) → DavServer: Radicale 3.1.8 on 127.0.0.1 with one htpasswd user
// (alice/secret), owner_only rights and an empty calendar /alice/calendar/ (VEVENT+VTODO) and
// address book /alice/contacts/. Discovery starts at the root; principal and both home sets are /alice/.
import { join } from "node:path";
import { choosePort } from "./free-port.mjs";
import { requireBinary, spawnLogged, waitUntilReady, answersHttp } from "./processes.mjs";
import { prepareDataDir, makeServerHandle, abortStart } from "./server-handle.mjs";
import { writeRadicaleConfig, placeCollection } from "./radicale-files.mjs";

/** @typedef {import("./types.mjs").DavServer} DavServer */
/** @typedef {import("./types.mjs").StartOptions} StartOptions */

export const RADICALE_BIN = "/usr/bin/radicale";

/** @type {import("./radicale-files.mjs").CollectionSpec[]} */
const DEFAULT_COLLECTIONS = [
  { name: "calendar", type: "calendar", displayName: "Calendar", color: "#3A87ADFF", components: "VEVENT,VTODO" },
  { name: "contacts", type: "addressbook", displayName: "Contacts", color: "#337AB7FF" },
];

/**
 * Start the Radicale daemon on a config already written; shared with ep-like.mjs.
 * @param {{ dataDir: string, configFile: string, port: number, detached: boolean, readyTimeoutMs: number, what: string }} params
 * @returns {Promise<{ pid: number, logFile: string }>}
 */
export async function runRadicale({ dataDir, configFile, port, detached, readyTimeoutMs, what }) {
  requireBinary({ path: RADICALE_BIN, debianPackage: "radicale" });
  const logFile = join(dataDir, "radicale.log");
  const child = spawnLogged({ command: RADICALE_BIN, args: ["-C", configFile], logFile, detached });
  try {
    // Any HTTP answer means it listens (GET / is a 302 to the disabled web UI).
    await waitUntilReady({ what, probe: () => answersHttp(`http://127.0.0.1:${port}/`), watch: [{ pid: child.pid, logFile }], timeoutMs: readyTimeoutMs });
  } catch (error) {
    await abortStart({ pids: [child.pid], dataDir, error });
  }
  return { pid: child.pid, logFile };
}

/** @param {StartOptions} [options] @returns {Promise<DavServer>} */
export async function startRadicale({ port, username = "alice", password = "secret", dataDir: givenDir, detached = false, readyTimeoutMs = 20_000 } = {}) {
  requireBinary({ path: RADICALE_BIN, debianPackage: "radicale" });
  const listenPort = await choosePort(port);
  const { dataDir, owned } = prepareDataDir({ kind: "radicale", dataDir: givenDir });
  const { configFile, storageDir } = writeRadicaleConfig({ dataDir, port: listenPort, username, password });
  for (const spec of DEFAULT_COLLECTIONS) placeCollection({ storageDir, username, spec });
  const { pid, logFile } = await runRadicale({ dataDir, configFile, port: listenPort, detached, readyTimeoutMs, what: `Radicale on 127.0.0.1:${listenPort}` });
  const rootUrl = `http://127.0.0.1:${listenPort}/`;
  return makeServerHandle({
    kind: "radicale", rootUrl, username, password,
    collections: Object.fromEntries(DEFAULT_COLLECTIONS.map((c) => [c.name, `${rootUrl}${username}/${c.name}/`])),
    seeded: Object.fromEntries(DEFAULT_COLLECTIONS.map((c) => [c.name, 0])),
    dataDir, pids: [pid], logFiles: [logFile], ownsDataDir: owned, detached,
  });
}
