#!/usr/bin/env node
// @ts-check
// `npm start`: the demo a new user runs first, and "try it against your own server in one
// command". Sets up what is missing (Debian packages, npm packages), builds the add-on, and starts
// Thunderbird on a dedicated profile with the add-on already set up: one profile per calendar and
// address book found at the bundled Easy-Project-like demo server (default), at `--url` (with
// `--user`, password from DAV_PASSWORD or the terminal), or the profiles of an exported file
// (`--profiles`). The setup reaches the add-on as a one-shot file in the Thunderbird profile
// (scripts/start/setup-file.mjs; docs/decisions.md "npm start hands its setup to the add-on").
// On a screen Thunderbird opens there; without one it runs under Xvfb (screenshot + report), or
// with --headless without any window: the first sync's report is printed and the exit code says
// whether every profile synced. Ctrl-C (or closing Thunderbird) stops everything started here.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureSystemPackages } from "./lib/system-packages.mjs";
import { parseStartArgs, presetFor, USAGE, UsageError } from "./start/args.mjs";
import { readPassword } from "./start/password.mjs";
import { formatReport, profileFailed, removeSetupFile, SetupFailed, StillWaiting, waitForStatus, writeSetupFile } from "./start/setup-file.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const say = (/** @type {string} */ line) => console.log(`[start] ${line}`);

/** The Monday of the current week, so the demo's meetings sit around today. */
function thisMonday() {
  const now = new Date();
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day)).toISOString().slice(0, 10);
}

/** Waits until Thunderbird lists the add-on as active in the profile's extensions.json. */
async function addonActive(/** @type {{ profileDir: string, id: string, exited: () => boolean, timeoutMs?: number }} */ p) {
  const file = join(p.profileDir, "extensions.json");
  const until = Date.now() + (p.timeoutMs ?? 90_000);
  while (Date.now() < until && !p.exited()) {
    try {
      const addon = JSON.parse(readFileSync(file, "utf8")).addons?.find((/** @type {{id: string}} */ a) => a.id === p.id);
      if (addon?.active) return true;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** What the add-on is asked to set up, and how to describe it. */
async function chooseSetup(/** @type {ReturnType<typeof parseStartArgs>} */ options) {
  if (options.source === "url") {
    const url = /** @type {string} */ (options.url);
    const user = /** @type {string} */ (options.user);
    const password = await readPassword({ env: process.env, prompt: `Password of ${user} at ${new URL(url).host}: ` });
    return { username: user, password, source: /** @type {const} */ ({ kind: "discover", url, preset: presetFor(url) }), what: `${url} as ${user}` };
  }
  if (options.source === "profiles") {
    const file = /** @type {string} */ (options.profilesFile);
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read --profiles ${file}: ${/** @type {Error} */ (error).message}`);
    }
    const password = await readPassword({ env: process.env, prompt: `Password for the profiles in ${file}: ` });
    return { username: options.user ?? "", password, source: /** @type {const} */ ({ kind: "profiles", text }), what: `the profiles in ${file}` };
  }
  return undefined;
}

async function main() {
  const options = parseStartArgs({ argv: process.argv.slice(2), root: ROOT, env: process.env });
  // Asked before the build, so a missing password fails at once.
  const given = await chooseSetup(options);

  ensureSystemPackages({ log: say });
  if (!existsSync(join(ROOT, "node_modules", ".package-lock.json"))) {
    say("Installing npm packages (npm ci)…");
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: ROOT, stdio: "inherit" });
  }
  say("Building the add-on…");
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  const xpi = execFileSync("node", ["scripts/pack.mjs", "dist", "artifacts"], { cwd: ROOT, encoding: "utf8" }).trim();
  const addonId = JSON.parse(readFileSync(join(ROOT, "dist", "manifest.json"), "utf8")).browser_specific_settings.gecko.id;

  // Imported after setup: these modules need the packages installed above.
  const { startEpLike } = await import("./servers/index.mjs");
  const { createProfile } = await import("./thunderbird/profile.mjs");
  const { launchThunderbird } = await import("./thunderbird/launch.mjs");

  const { runDir } = options;
  const profileDir = join(runDir, "profile");
  // The demo server is seeded anew on a new port each run: an old demo profile would only hold
  // calendars of a server that is gone.
  if (options.fresh || options.source === "demo") rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });

  /** @type {Awaited<ReturnType<typeof startEpLike>> | null} */
  let server = null;
  /** @type {Awaited<ReturnType<typeof launchThunderbird>> | null} */
  let thunderbird = null;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    removeSetupFile(profileDir);
    if (thunderbird || server) say(`Stopping Thunderbird${server ? " and the demo server" : ""}…`);
    await thunderbird?.stop();
    await server?.stop();
  };
  process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));
  process.on("SIGTERM", () => void stopAll().then(() => process.exit(143)));

  try {
    let setup = given;
    if (!setup) {
      say(`Starting the Easy-Project-like demo server (${options.events} events)…`);
      server = await startEpLike({ events: options.events, anchor: thisMonday() });
      const source = /** @type {const} */ ({ kind: "discover", url: server.rootUrl, preset: "easyproject" });
      setup = { username: server.username, password: server.password, source, what: `the demo server ${server.rootUrl} as ${server.username}` };
    }
    createProfile({ dir: profileDir, xpi, addonId, prefs: { "calendar.timezone.useSystemTimezone": true } });
    writeSetupFile({ profileDir, username: setup.username, password: setup.password, source: setup.source });

    const mode = options.headless ? "headless" : process.env.DISPLAY ? "display" : "xvfb";
    say(`Starting Thunderbird (${mode === "display" ? `on ${process.env.DISPLAY}` : mode}) with profile ${profileDir}…`);
    const deadline = Date.now() + options.timeoutMs;
    const tb = await launchThunderbird({ profileDir, mode, logFile: join(runDir, "thunderbird.log") });
    thunderbird = tb;
    const exited = () => !tb.isRunning();
    if (!(await addonActive({ profileDir, id: addonId, exited }))) {
      throw new Error(`Thunderbird did not load the add-on within 90 s; see ${tb.logFile}`);
    }

    say(`Setting up the add-on for ${setup.what}…`);
    /** @type {import("./start/setup-file.mjs").SetupStatus | undefined} */
    let status;
    try {
      status = await waitForStatus({
        profileDir,
        deadline,
        exited,
        logFile: tb.logFile,
        until: (s) => s.state === "done",
        onChange: (s) => {
          if (s.state === "syncing") say(`${s.profiles.length} profile${s.profiles.length === 1 ? "" : "s"} set up (${s.profiles.map((p) => p.name).join(", ")}); first sync running…`);
        },
      });
    } catch (error) {
      // On a screen a long first sync is no failure: the profiles exist and Thunderbird goes on.
      if (!(error instanceof StillWaiting && error.state === "syncing" && !options.once)) throw error;
      say(`${error.message}. Thunderbird keeps syncing; the toolbar button shows the results.`);
    }
    const done = status?.state === "done" ? status : { profiles: [], notes: [] };
    const failed = done.profiles.filter(profileFailed);
    if (status) {
      say(`First sync finished${failed.length ? `; ${failed.length} of ${done.profiles.length} profiles failed` : ""}:`);
      console.log(formatReport(done));
    }

    /** @type {string | null} */
    let screenshot = null;
    if (mode === "xvfb") {
      // Give the main window time to paint the synced calendars before the picture.
      await new Promise((r) => setTimeout(r, 3000));
      screenshot = await tb.screenshot(join(runDir, "thunderbird.png"));
    }
    // No password here: the report is a file anyone may be asked to share.
    const report = {
      addon: { id: addonId, xpi },
      setup: { what: setup.what, source: setup.source.kind, username: setup.username, ...(setup.source.kind === "discover" ? { url: setup.source.url, preset: setup.source.preset } : {}) },
      server: server ? { rootUrl: server.rootUrl, collections: server.collections, seeded: server.seeded } : null,
      thunderbird: { pid: tb.pid, mode, display: tb.display, profileDir, log: tb.logFile },
      firstSync: done.profiles,
      screenshot,
    };
    writeFileSync(join(runDir, "report.json"), JSON.stringify(report, null, 2) + "\n");
    say(`Report: ${join(runDir, "report.json")}${screenshot ? `; screenshot: ${screenshot}` : ""}`);

    if (options.once) {
      await stopAll();
      return failed.length > 0 ? 1 : 0;
    }
    if (server) say(`Demo server: ${server.rootUrl} (user ${server.username}).`);
    say("Thunderbird keeps running and syncing. Press Ctrl-C to stop it.");
    await tb.exited;
    await stopAll();
    return 0;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      console.error(error.message ? `[start] ${error.message}\n\n${USAGE}` : USAGE);
      process.exit(error.message ? 2 : 0);
    }
    const prefix = error instanceof SetupFailed ? "Setup failed: " : "";
    console.error(`[start] ${prefix}${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
