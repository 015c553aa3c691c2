// @ts-check
// Makes sure the Debian packages the project runs on are installed (idempotent: installs only what is
// missing). Used by `npm start`, `npm test` and .ci/run. Without root (or passwordless sudo) it says
// exactly which command to run instead of failing later with a confusing error.
import { execFileSync, spawnSync } from "node:child_process";

/** Debian packages and why we need each. */
export const SYSTEM_PACKAGES = {
  thunderbird: "the real Thunderbird the add-on runs in (e2e tests, npm start)",
  xvfb: "a virtual display for Thunderbird and screenshots when there is no screen",
  imagemagick: "`import` takes the screenshots",
  sqlite3: "tests check Thunderbird's own sqlite files",
  zip: "packing test add-ons",
  curl: "readiness checks of the test servers",
  radicale: "real CalDAV/CardDAV test server and the Easy-Project-like demo server",
  xandikos: "second real CalDAV/CardDAV test server",
  chromium: "renders the options page for UI tests and screenshots",
  vdirsyncer: "the baseline the CLI is benchmarked and interop-tested against",
};

/** @param {string} name */
function isInstalled(name) {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

/** @param {string[]} names @returns {string[]} the missing ones */
export function missingPackages(names = Object.keys(SYSTEM_PACKAGES)) {
  return names.filter((n) => !isInstalled(n));
}

/**
 * Installs the missing packages with apt-get (as root, or through passwordless sudo).
 * @param {{ names?: string[], log?: (line: string) => void }} [params]
 */
export function ensureSystemPackages({ names = Object.keys(SYSTEM_PACKAGES), log = console.log } = {}) {
  const missing = missingPackages(names);
  if (missing.length === 0) return;
  log(`Installing Debian packages: ${missing.join(" ")}`);
  const asRoot = process.getuid?.() === 0;
  const sudoOk = !asRoot && spawnSync("sudo", ["-n", "true"]).status === 0;
  if (!asRoot && !sudoOk) {
    throw new Error(
      `These Debian packages are missing: ${missing.join(", ")}.\n` +
        `Install them once as root, then run the command again:\n` +
        `  sudo apt-get install -y ${missing.join(" ")}`,
    );
  }
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (/** @type {string[]} */ args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(/** @type {string} */ (cmd), rest, { stdio: "inherit", env });
  };
  run(["apt-get", "update", "-qq"]);
  run(["apt-get", "install", "-y", "-qq", ...missing]);
  const still = missingPackages(missing);
  if (still.length > 0) throw new Error(`apt-get did not install: ${still.join(", ")}`);
}
