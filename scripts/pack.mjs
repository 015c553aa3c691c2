#!/usr/bin/env node
// @ts-check
// Packs a built add-on folder into an installable .xpi with `web-ext build`.
// Usage: node scripts/pack.mjs [distDir] [artifactsDir]  → prints the .xpi path
// The file is named after the gecko id so it can be dropped into a profile's extensions/ folder as is.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const artifacts = resolve(process.argv[3] ?? "artifacts");
const manifest = JSON.parse(readFileSync(resolve(dist, "manifest.json"), "utf8"));
const filename = `${manifest.browser_specific_settings.gecko.id}.xpi`;
execFileSync(
  "npx",
  ["web-ext", "build", "--source-dir", dist, "--artifacts-dir", artifacts, "--overwrite-dest", "--filename", filename],
  { stdio: ["ignore", "ignore", "inherit"] },
);
console.log(resolve(artifacts, filename));
