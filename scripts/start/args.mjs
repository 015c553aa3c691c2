// @ts-check
// `npm start` command line: parses and checks the options (a usage error exits 2 before anything
// starts) and decides what follows from them — which server, which preset, which run folder.
import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";

export const USAGE = `usage: npm start -- [options]

Builds the add-on and starts Thunderbird with it, already set up and syncing.
  (no --url, no --profiles)  the bundled Easy-Project-like demo server, seeded anew each run
  --url URL          your own CalDAV/CardDAV server: its root, principal or one collection
  --user NAME        your user name on it (with --url)
  --profiles FILE    profiles exported from the options page (our JSON format) instead of --url
                     the password: env DAV_PASSWORD, else asked on the terminal (not shown)
  --headless         no window: wait for the first sync, print its report, stop; exit 1 if a profile failed
  --once             stop after the first sync's report (default when CI=true)
  --timeout S        give up waiting for the setup and first sync after S seconds (default 300)
  --events N         demo server: number of events (default 200)
  --run-dir DIR      where the Thunderbird profile, log and report go (default .run/demo or .run/try/…)
  --fresh            start from a new Thunderbird profile`;

export class UsageError extends Error {}

/**
 * @typedef {object} StartOptions
 * @property {"demo" | "url" | "profiles"} source
 * @property {string | undefined} url
 * @property {string | undefined} user
 * @property {string | undefined} profilesFile
 * @property {boolean} headless
 * @property {boolean} once
 * @property {number} timeoutMs
 * @property {number} events
 * @property {string} runDir
 * @property {boolean} fresh
 */

/**
 * @param {{ argv: string[], root: string, env: NodeJS.ProcessEnv }} params
 * @returns {StartOptions}
 */
export function parseStartArgs({ argv, root, env }) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: "string" },
        user: { type: "string" },
        profiles: { type: "string" },
        headless: { type: "boolean", default: false },
        once: { type: "boolean", default: false },
        timeout: { type: "string" },
        events: { type: "string" },
        "run-dir": { type: "string" },
        fresh: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(/** @type {Error} */ (error).message);
  }
  if (values.help) throw new UsageError("");
  if (values.url !== undefined && values.profiles !== undefined) throw new UsageError("give --url or --profiles, not both");
  if (values.url !== undefined && !values.user) throw new UsageError("--url needs --user NAME");
  const url = values.url === undefined ? undefined : checkUrl(values.url);
  const source = url ? "url" : values.profiles !== undefined ? "profiles" : "demo";
  const timeoutS = positive({ name: "--timeout", value: values.timeout, fallback: 300 });
  const events = positive({ name: "--events", value: values.events, fallback: 200 });
  const profilesFile = values.profiles === undefined ? undefined : resolve(values.profiles);
  const runDir = values["run-dir"] ? resolve(values["run-dir"]) : defaultRunDir({ root, source, url, user: values.user, profilesFile });
  return {
    source,
    url,
    user: values.user,
    profilesFile,
    headless: values.headless,
    once: values.once || values.headless || env.CI === "true",
    timeoutMs: timeoutS * 1000,
    events,
    runDir,
    fresh: values.fresh,
  };
}

/** @param {{ name: string, value: string | undefined, fallback: number }} p */
function positive({ name, value, fallback }) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

/** "acme.example.com/dav" is taken as https://; anything that is not an http(s) URL is refused. */
function checkUrl(/** @type {string} */ input) {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `https://${input.trim()}`;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url "${input}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`--url must be an http or https URL, got "${input}"`);
  if (url.password || url.username) throw new UsageError("--url must not contain a user name or password; use --user and DAV_PASSWORD");
  return url.href;
}

/**
 * Easy Project wizard defaults for an Easy Project URL: its hosted domains, or /caldav/ on this
 * machine (the bundled Easy-Project-like server, which serves exactly that path).
 */
export function presetFor(/** @type {string} */ url) {
  const { hostname, pathname } = new URL(url);
  const loopback = hostname === "localhost" || /^127\./.test(hostname) || hostname === "[::1]";
  return /(^|\.)easyproject\.(cz|com)$/i.test(hostname) || (loopback && pathname.startsWith("/caldav/")) ? "easyproject" : "generic";
}

/** One Thunderbird profile per server and user (or file), so trying two servers never mixes them. */
function defaultRunDir(/** @type {{ root: string, source: string, url?: string, user?: string, profilesFile?: string }} */ p) {
  if (p.source === "demo") return join(p.root, ".run", "demo");
  const what = p.source === "url" ? `${p.url}\n${p.user}` : String(p.profilesFile);
  const label = p.source === "url" ? `${new URL(String(p.url)).host}-${p.user}` : basename(String(p.profilesFile), ".json");
  const slug = label.toLowerCase().replace(/[^a-z0-9.-]+/g, "_").slice(0, 40);
  return join(p.root, ".run", "try", `${slug}-${createHash("sha256").update(what).digest("hex").slice(0, 8)}`);
}
