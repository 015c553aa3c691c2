#!/usr/bin/env node
// @ts-check
// Packs a built add-on folder into an installable .xpi with `web-ext build`.
// Usage: node scripts/pack.mjs [distDir] [artifactsDir]  → prints the .xpi path
// The file is named after the gecko id so it can be dropped into a profile's extensions/ folder as is.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const artifacts = resolve(process.argv[3] ?? "artifacts");
const manifest = JSON.parse(readFileSync(resolve(dist, "manifest.json"), "utf8"));
const filename = `${manifest.browser_specific_settings.gecko.id}.xpi`;
mkdirSync(artifacts, { recursive: true });
// web-ext rewrites "@" in file names, so build into a scratch folder and name the file ourselves.
const scratch = mkdtempSync(resolve(artifacts, ".web-ext-"));
try {
  execFileSync("npx", ["web-ext", "build", "--source-dir", dist, "--artifacts-dir", scratch, "--filename", "addon.xpi"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const built = readdirSync(scratch).filter((f) => f.endsWith(".xpi"));
  if (built.length !== 1) throw new Error(`web-ext build produced ${built.length} .xpi files in ${scratch}`);
  renameSync(resolve(scratch, /** @type {string} */ (built[0])), resolve(artifacts, filename));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(resolve(artifacts, filename));
