// @ts-check
// startXandikos(options) → DavServer: Xandikos 0.2.8 (`--defaults`, principal /<user>/) on a unix
// socket, behind our front proxy on 127.0.0.1:port that enforces Basic auth — Xandikos has none.
// Collections are its defaults: /<user>/calendars/calendar/ and /<user>/contacts/addressbook/.
import { join } from "node:path";
import { rmSync } from "node:fs";
import { choosePort } from "./free-port.mjs";
import { requireBinary, spawnLogged, waitUntilReady, answersHttp, FRONT_PROXY } from "./processes.mjs";
import { prepareDataDir, makeServerHandle, abortStart } from "./server-handle.mjs";

/** @typedef {import("./types.mjs").DavServer} DavServer */
/** @typedef {import("./types.mjs").StartOptions} StartOptions */

export const XANDIKOS_BIN = "/usr/bin/xandikos";

/** @param {StartOptions} [options] @returns {Promise<DavServer>} */
export async function startXandikos({ port, username = "alice", password = "secret", dataDir: givenDir, detached = false, readyTimeoutMs = 20_000 } = {}) {
  requireBinary({ path: XANDIKOS_BIN, debianPackage: "xandikos" });
  const listenPort = await choosePort(port);
  const { dataDir, owned } = prepareDataDir({ kind: "xandikos", dataDir: givenDir });
  const socket = join(dataDir, "xandikos.sock");
  // A stale socket from a reused data dir would let the proxy connect to nothing and answer 502 forever.
  rmSync(socket, { force: true });
  const serverLog = join(dataDir, "xandikos.log");
  const proxyLog = join(dataDir, "proxy.log");
  const xandikos = spawnLogged({
    command: XANDIKOS_BIN,
    args: ["--defaults", "-d", join(dataDir, "data"), "--current-user-principal", `/${username}/`, "-l", socket],
    logFile: serverLog, detached,
  });
  const pids = [xandikos.pid];
  const what = `Xandikos behind auth proxy on 127.0.0.1:${listenPort}`;
  try {
    const proxy = spawnLogged({
      command: process.execPath,
      args: [FRONT_PROXY, "--listen", `127.0.0.1:${listenPort}`, "--upstream", `unix:${socket}`, "--realm", "Xandikos", "--pidfile", join(dataDir, "proxy.pid")],
      logFile: proxyLog, detached, env: { ...process.env, FRONT_PROXY_AUTH: `${username}:${password}` },
    });
    pids.push(proxy.pid);
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    await waitUntilReady({
      what,
      // Through the proxy with credentials: < 500 means both the proxy and Xandikos answer.
      probe: () => answersHttp(`http://127.0.0.1:${listenPort}/${username}/`, { authorization }),
      watch: [{ pid: xandikos.pid, logFile: serverLog }, { pid: proxy.pid, logFile: proxyLog }],
      timeoutMs: readyTimeoutMs,
    });
  } catch (error) {
    await abortStart({ pids, dataDir, error });
  }
  const rootUrl = `http://127.0.0.1:${listenPort}/`;
  return makeServerHandle({
    kind: "xandikos", rootUrl, username, password,
    collections: { calendar: `${rootUrl}${username}/calendars/calendar/`, addressbook: `${rootUrl}${username}/contacts/addressbook/` },
    seeded: { calendar: 0, addressbook: 0 },
    dataDir, pids, logFiles: [serverLog, proxyLog], ownsDataDir: owned, detached,
  });
}
