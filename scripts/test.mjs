#!/usr/bin/env node
// @ts-check
// `npm test`: every suite, in order — type checks, build + lint of the add-on, unit, integration (real
// Radicale / Xandikos), ui (options page in Chromium) and e2e (the add-on in a real Thunderbird).
// Runs every step even after a failure, then prints one summary and exits non-zero if any failed.
// Usage: npm test [-- --only unit,e2e]
import { spawnSync } from "node:child_process";
import { ensureSystemPackages } from "./lib/system-packages.mjs";

/** @type {{ name: string, cmd: string[] }[]} */
const STEPS = [
  { name: "types", cmd: ["npm", "run", "--silent", "check"] },
  { name: "build", cmd: ["npm", "run", "--silent", "build"] },
  { name: "lint", cmd: ["node", "scripts/lint-ext.mjs", "dist"] },
  { name: "unit", cmd: ["npx", "vitest", "run", "--project", "unit", "--project", "dom"] },
  { name: "integration", cmd: ["npx", "vitest", "run", "--project", "integration"] },
  { name: "ui", cmd: ["npx", "vitest", "run", "--project", "ui"] },
  { name: "e2e", cmd: ["npx", "vitest", "run", "--project", "e2e"] },
];

const onlyArg = process.argv.indexOf("--only");
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? "").split(",")) : null;

try {
  ensureSystemPackages();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

/** @type {{ name: string, ok: boolean, seconds: number }[]} */
const results = [];
for (const step of STEPS) {
  if (only && !only.has(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.join(" ")}`);
  const started = Date.now();
  const [cmd, ...args] = step.cmd;
  const r = spawnSync(/** @type {string} */ (cmd), args, { stdio: "inherit" });
  results.push({ name: step.name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 });
}
console.log("\n=== summary");
for (const r of results) console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
