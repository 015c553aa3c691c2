#!/usr/bin/env node
// @ts-check
// `web-ext lint` for a Thunderbird add-on. addons-linter knows only Firefox's schemas, so a few of its
// findings are false positives for Thunderbird; each allowed one below is tied to the exact manifest
// key, permission name or library line it concerns. Anything else fails the build.
// Usage: node scripts/lint-ext.mjs [distDir]   (exit 0 = nothing left after the allow-list)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const THUNDERBIRD_ONLY_PERMISSIONS = new Set(["addressBooks", "accountsRead", "messagesRead", "compose"]);

/** @typedef {{ code: string, message: string, file?: string, instancePath?: string, line?: number, _type: string }} LintMessage */

/** @param {LintMessage} m @returns {string | null} why it is allowed, or null */
function allowedBecause(m) {
  switch (m.code) {
    case "MANIFEST_FIELD_PRIVILEGED":
      // Thunderbird loads experiment_apis in ordinary (non-privileged) add-ons; Firefox does not.
      return m.instancePath === "/experiment_apis" ? "experiments are a Thunderbird feature" : null;
    case "MANIFEST_PERMISSIONS": {
      const names = [...m.message.matchAll(/"([^"]+)"/g)].map((x) => x[1] ?? "");
      return names.length > 0 && names.every((n) => THUNDERBIRD_ONLY_PERMISSIONS.has(n))
        ? `Thunderbird-only permission ${names.join(", ")}`
        : null;
    }
    case "MISSING_DATA_COLLECTION_PERMISSIONS":
      // The key is Firefox 140+ only; with strict_min_version 128 adding it trades this warning for
      // KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION. The add-on collects no data (see README).
      return "Firefox-only data consent key (not valid for Thunderbird 128)";
    case "UNSAFE_VAR_ASSIGNMENT": {
      // Svelte's template cloning assigns its own compiled, static template to innerHTML.
      if (!m.file || !m.line) return null;
      const line = readFileSync(resolve(dist, m.file), "utf8").split("\n")[m.line - 1] ?? "";
      if (/^\s*elem\.innerHTML = create_trusted_html\(html\.replaceAll\("<!>", "<!---->"\)\);\s*$/.test(line)) {
        return "Svelte runtime template cloning (static compiled markup)";
      }
      // DOMPurify parses the dirty HTML into an inert template document; this is how it sanitizes.
      if (/^\s*doc\.documentElement\.innerHTML = IS_EMPTY_INPUT \? emptyHTML : dirtyPayload;\s*$/.test(line)) {
        return "DOMPurify's own parsing into an inert document (the sanitizer itself)";
      }
      return null;
    }
    default:
      return null;
  }
}

let raw;
try {
  raw = execFileSync("npx", ["web-ext", "lint", "--source-dir", dist, "--output", "json"], { encoding: "utf8" });
} catch (e) {
  raw = /** @type {{ stdout?: string }} */ (e).stdout ?? "";
}
const report = JSON.parse(raw);
/** @type {LintMessage[]} */
const all = [...report.errors, ...report.warnings, ...report.notices];
const remaining = [];
for (const m of all) {
  const why = allowedBecause(m);
  if (why) console.log(`allowed  ${m._type} ${m.code}: ${why}`);
  else remaining.push(m);
}
for (const m of remaining) console.error(`FAIL     ${m._type} ${m.code} ${m.file ?? ""}${m.line ? ":" + m.line : ""} ${m.message}`);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices; ${remaining.length} not allowed`);
process.exit(remaining.length === 0 ? 0 : 1);
