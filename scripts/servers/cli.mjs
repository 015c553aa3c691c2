#!/usr/bin/env node
// @ts-check
// Start a test DAV server in the background, or stop one, from the shell (used by `npm start`):
//   node scripts/servers/cli.mjs start <radicale|xandikos|ep-like> [--port N] [--events N] [--seed N] [--anchor YYYY-MM-DD] [--state FILE]
//   node scripts/servers/cli.mjs stop [--state FILE]
// start writes a JSON state file (kind, URLs, credentials, pids, dataDir) and prints the root URL,
// user and password; stop reads it, kills exactly those PIDs and removes the temp data dir.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startRadicale, startXandikos, startEpLike } from "./index.mjs";
import { isAlive, isOurProcess, stopProcesses } from "./processes.mjs";

/** @typedef {import("./types.mjs").ServerKind} ServerKind */
/** @typedef {Omit<import("./types.mjs").DavServer, "stop"> & { ownsDataDir: boolean, startedAt: string }} StateFile */

const KINDS = /** @type {const} */ (["radicale", "xandikos", "ep-like"]);
const USAGE = `usage:
  node scripts/servers/cli.mjs start <${KINDS.join("|")}> [--port N] [--events N] [--seed N] [--anchor YYYY-MM-DD] [--state FILE]
      (--events, --seed, --anchor: ep-like only; --anchor = the Monday the seeded dates spread around)
  node scripts/servers/cli.mjs stop [--kind K] [--state FILE]`;

/** @param {string[]} argv */
function parse(argv) {
  /** @param {string} name */
  const option = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  /** @param {string} name */
  const number = (name) => {
    const value = option(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer, got "${value}"`);
    return n;
  };
  return { command: argv[0], kind: argv[1], option, number };
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** Default state file: one per kind in the temp dir, so `stop` alone finds what `start` started. */
const defaultState = (/** @type {string} */ kind) => join(tmpdir(), `caldav-sync-${kind}.state.json`);

/** @param {ReturnType<typeof parse>} args */
async function start({ kind, option, number }) {
  if (!KINDS.includes(/** @type {any} */ (kind))) fail(`unknown server kind "${kind ?? ""}"`);
  const stateFile = resolve(option("--state") ?? defaultState(/** @type {string} */ (kind)));
  if (existsSync(stateFile)) {
    const old = /** @type {StateFile} */ (JSON.parse(readFileSync(stateFile, "utf8")));
    if (old.pids.some((pid) => isAlive(pid) && isOurProcess(pid, old.dataDir))) {
      fail(`${stateFile} belongs to a running ${old.kind} server at ${old.rootUrl}; stop it first: node scripts/servers/cli.mjs stop --state ${stateFile}`);
    }
  }
  const common = { port: number("--port"), detached: true };
  const server = kind === "radicale" ? await startRadicale(common)
    : kind === "xandikos" ? await startXandikos(common)
    : await startEpLike({ ...common, events: number("--events"), seed: number("--seed"), anchor: option("--anchor") });
  const { stop: _stop, ...info } = server;
  // The CLI never passes a dataDir, so the data dir is always our own temp dir, ours to delete.
  /** @type {StateFile} */
  const state = { ...info, ownsDataDir: true, startedAt: new Date().toISOString() };
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  console.log([
    `${server.kind} server running`,
    `  root URL  : ${server.rootUrl}`,
    `  user      : ${server.username}`,
    `  password  : ${server.password}`,
    ...Object.entries(server.collections).map(([name, url]) => `  ${name.padEnd(10)}: ${url}  (${server.seeded[name] ?? 0} items)`),
    `  logs      : ${server.logFiles.join(", ")}`,
    `  stop      : node scripts/servers/cli.mjs stop --state ${stateFile}`,
  ].join("\n"));
}

/** @param {ReturnType<typeof parse>} args */
async function stop({ option }) {
  const kind = option("--kind");
  const stateFile = resolve(option("--state") ?? (kind ? defaultState(kind) : fail("stop needs --state FILE (or --kind K for the default state file)")));
  if (!existsSync(stateFile)) fail(`no state file ${stateFile}`);
  const state = /** @type {StateFile} */ (JSON.parse(readFileSync(stateFile, "utf8")));
  await stopProcesses({ pids: state.pids, marker: state.dataDir });
  // Delete only our own temp dirs (guards against a hand-edited state file pointing elsewhere).
  if (state.ownsDataDir && state.dataDir.startsWith(join(tmpdir(), "caldav-sync-"))) rmSync(state.dataDir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  console.log(`stopped ${state.kind} server ${state.rootUrl} (pids ${state.pids.join(", ")})`);
}

const args = parse(process.argv.slice(2));
try {
  switch (args.command) {
    case "start":
      await start(args);
      break;
    case "stop":
      await stop(args);
      break;
    default:
      fail(`unknown command "${args.command ?? ""}"`);
  }
} catch (error) {
  // Start failures already name the server, the port and the log; a stack trace adds nothing.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
