// Builds the e2e add-on (dist-e2e = the product + the driver) and packs it, once per test run.
// Vitest runs each test file in its own worker, so "once" is kept in a stamp file keyed by the
// vitest main process; E2E_XPI=<path> skips the build and uses a given xpi instead.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { geckoIdOf, packXpi } from "../../scripts/thunderbird/xpi.mjs";

const run = promisify(execFile);

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const E2E_DIST = join(REPO_ROOT, "dist-e2e");

export interface BuiltAddon {
  xpi: string;
  addonId: string;
  version: string;
}

/**
 * Identifies this vitest run: the main process's pid (forked workers have it as parent, thread
 * workers share it) plus, on Linux, its start time, so a reused pid never picks up an old build.
 */
function runKey(): string {
  const pid = process.send ? process.ppid : process.pid;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (start time); counted after the ")" that ends the command name.
    const startTime = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return `${pid}-${startTime}`;
  } catch {
    return String(pid);
  }
}

function readManifestVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { version: string }).version;
}

export async function ensureE2EAddon(): Promise<BuiltAddon> {
  const given = process.env.E2E_XPI;
  if (given) {
    if (!existsSync(given)) throw new Error(`E2E_XPI=${given} does not exist`);
    // The given xpi must come from the current dist-e2e for the id and version to match.
    return { xpi: given, addonId: geckoIdOf(E2E_DIST), version: readManifestVersion(E2E_DIST) };
  }
  const stamp = join(tmpdir(), `davsync-e2e-build-${runKey()}.json`);
  if (existsSync(stamp)) {
    const built = JSON.parse(readFileSync(stamp, "utf8")) as BuiltAddon;
    if (existsSync(built.xpi)) return built;
  }
  try {
    await run("npx", ["vite", "build", "--mode", "e2e", "--logLevel", "warn"], {
      cwd: REPO_ROOT,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`Building the e2e add-on failed (npx vite build --mode e2e):\n${e.stderr || e.stdout || e.message}`);
  }
  const addonId = geckoIdOf(E2E_DIST);
  const xpi = join(tmpdir(), `davsync-e2e-${runKey()}`, `${addonId}.xpi`);
  packXpi(E2E_DIST, xpi);
  const built: BuiltAddon = { xpi, addonId, version: readManifestVersion(E2E_DIST) };
  writeFileSync(stamp, JSON.stringify(built));
  return built;
}
