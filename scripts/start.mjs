#!/usr/bin/env node
// @ts-check
// `npm start`: the demo a new user runs first. Sets up what is missing (Debian packages, npm
// packages), builds the add-on, starts the Easy-Project-like demo server (real Radicale under
// /caldav/) and a Thunderbird with the add-on in a dedicated demo profile (.run/demo/profile).
// On a screen Thunderbird opens there; without one it runs under Xvfb, takes a screenshot and
// writes a report. Ctrl-C (or closing Thunderbird) stops everything this script started.
// Options: --once (stop after the report; the default when CI=true), --headless, --events N, --fresh
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureSystemPackages } from "./lib/system-packages.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const RUN = join(ROOT, ".run", "demo");
const argv = process.argv.slice(2);
const flag = (/** @type {string} */ name) => argv.includes(name);
const option = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? /** @type {string} */ (argv[i + 1]) : fallback;
};
const once = flag("--once") || process.env.CI === "true";
const say = (/** @type {string} */ line) => console.log(`[start] ${line}`);

/** The Monday of the current week, so the demo's meetings sit around today. */
function thisMonday() {
  const now = new Date();
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day)).toISOString().slice(0, 10);
}

/** Waits until Thunderbird lists the add-on as active in the profile's extensions.json. */
async function addonActive(/** @type {string} */ profileDir, /** @type {string} */ id, timeoutMs = 90_000) {
  const file = join(profileDir, "extensions.json");
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const addon = JSON.parse(readFileSync(file, "utf8")).addons?.find((/** @type {{id: string}} */ a) => a.id === id);
      if (addon?.active) return true;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
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

  if (flag("--fresh")) rmSync(RUN, { recursive: true, force: true });
  mkdirSync(RUN, { recursive: true });
  const events = Number(option("--events", "200"));
  say(`Starting the Easy-Project-like demo server (${events} events)…`);
  const server = await startEpLike({ events, anchor: thisMonday() });
  /** @type {Awaited<ReturnType<typeof launchThunderbird>> | null} */
  let thunderbird = null;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    say("Stopping Thunderbird and the demo server…");
    await thunderbird?.stop();
    await server.stop();
  };
  process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));
  process.on("SIGTERM", () => void stopAll().then(() => process.exit(143)));

  try {
    const profileDir = join(RUN, "profile");
    createProfile({ dir: profileDir, xpi, addonId, prefs: { "calendar.timezone.useSystemTimezone": true } });
    const mode = flag("--headless") ? "headless" : process.env.DISPLAY ? "display" : "xvfb";
    say(`Starting Thunderbird (${mode === "display" ? `on ${process.env.DISPLAY}` : mode}) with profile ${profileDir}…`);
    thunderbird = await launchThunderbird({ profileDir, mode, logFile: join(RUN, "thunderbird.log") });
    const active = await addonActive(profileDir, addonId);
    if (!active) throw new Error(`Thunderbird did not load the add-on within 90 s; see ${join(RUN, "thunderbird.log")}`);

    /** @type {string | null} */
    let screenshot = null;
    if (mode === "xvfb") {
      // Give the main window time to paint before the picture.
      await new Promise((r) => setTimeout(r, 8000));
      screenshot = await thunderbird.screenshot(join(RUN, "thunderbird.png"));
    }
    const report = {
      addon: { id: addonId, xpi, active },
      server: { rootUrl: server.rootUrl, username: server.username, password: server.password, collections: server.collections, seeded: server.seeded },
      thunderbird: { pid: thunderbird.pid, mode, display: thunderbird.display, profileDir, log: thunderbird.logFile },
      screenshot,
    };
    writeFileSync(join(RUN, "report.json"), JSON.stringify(report, null, 2) + "\n");

    say("Ready.");
    console.log(`
  Demo server (Easy-Project-like): ${server.rootUrl}
    user: ${server.username}   password: ${server.password}
    collections: ${Object.entries(server.seeded ?? {}).map(([name, n]) => `${name} (${n})`).join(", ")}
  Thunderbird: pid ${thunderbird.pid}, add-on ${addonId} active, log ${thunderbird.logFile}
  Report: ${join(RUN, "report.json")}${screenshot ? `\n  Screenshot: ${screenshot}` : ""}
`);
    if (once) {
      await stopAll();
      return;
    }
    say("Press Ctrl-C to stop Thunderbird and the demo server.");
    await thunderbird.exited;
    await stopAll();
  } catch (e) {
    await stopAll();
    throw e;
  }
}

main().catch((e) => {
  console.error(`[start] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
