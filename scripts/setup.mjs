#!/usr/bin/env node
// @ts-check
// `npm run setup`: installs what the project needs that npm does not (Debian packages).
import { ensureSystemPackages } from "./lib/system-packages.mjs";

try {
  ensureSystemPackages();
  console.log("System packages: all present.");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
