// @ts-check
// Creates a fresh, unattended Thunderbird profile with one sideloaded add-on.
// Proven in recipes/thunderbird-e2e: the xpi must be named <gecko id>.xpi and
// extensions.autoDisableScopes must be 0, else Thunderbird skips or disables it; the other prefs
// keep first-run wizards, updates, telemetry and default-client prompts out of the way.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @typedef {string | number | boolean} PrefValue */

/** @type {Readonly<Record<string, PrefValue>>} */
export const UNATTENDED_PREFS = Object.freeze({
  // unsigned, sideloaded add-on with experiments
  "xpinstall.signatures.required": false,
  "extensions.autoDisableScopes": 0,
  "extensions.enabledScopes": 15,
  "extensions.startupScanScopes": 15,
  "extensions.experiments.enabled": true,
  "extensions.getAddons.cache.enabled": false,
  "extensions.update.enabled": false,
  "extensions.update.autoUpdateDefault": false,
  // no first-run wizard, start page, donation or default-client prompts
  "mail.provider.suppress_dialog_on_startup": true,
  "mail.shell.checkDefaultClient": false,
  "mailnews.start_page.enabled": false,
  "mailnews.start_page_override.mstone": "ignore",
  "mail.spotlight.firstRunDone": true,
  "mail.rights.version": 1,
  "app.donation.eoy.version.viewed": 999,
  "mail.inappnotifications.enabled": false,
  "browser.aboutConfig.showWarning": false,
  "browser.shell.checkDefaultBrowser": false,
  // nothing phones home; results do not depend on the network
  "app.update.disabledForTesting": true,
  "app.update.auto": false,
  "app.update.enabled": false,
  "app.update.checkInstallTime": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.policy.dataSubmissionPolicyBypassNotification": true,
  "datareporting.healthreport.uploadEnabled": false,
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  // a crash in one run must not put the next start into safe mode
  "toolkit.startup.max_resumed_crashes": -1,
  "mail.biff.play_sound": false,
  // calendar times do not depend on the machine's zone
  "calendar.timezone.useSystemTimezone": false,
  "calendar.timezone.local": "UTC",
  // dump() and console.* of the add-on end up in the log file
  "browser.dom.window.dump.enabled": true,
  "devtools.console.stdout.chrome": true,
  "devtools.console.stdout.content": true,
});

/**
 * One user.js line. Strings are JSON-quoted, which is valid pref syntax and escapes quotes.
 * @param {string} name
 * @param {PrefValue} value
 */
function prefLine(name, value) {
  if (typeof value === "number" && !Number.isInteger(value)) {
    throw new Error(`Pref ${name}: ${value} is not an integer (prefs hold integers, booleans or strings)`);
  }
  return `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
}

/**
 * Writes `dir` as a new profile: user.js with the unattended prefs plus `prefs`, and the add-on
 * at extensions/<addonId>.xpi.
 * @param {{ dir: string, xpi?: string, addonId?: string, prefs?: Record<string, PrefValue> }} options
 * @returns {{ dir: string, userJs: string, installedXpi: string | null }}
 */
export function createProfile({ dir, xpi, addonId, prefs = {} }) {
  mkdirSync(dir, { recursive: true });
  const all = { ...UNATTENDED_PREFS, ...prefs };
  const userJs = join(dir, "user.js");
  writeFileSync(userJs, Object.entries(all).map(([k, v]) => prefLine(k, v)).join("\n") + "\n");
  let installedXpi = null;
  if (xpi) {
    if (!addonId) throw new Error("createProfile: addonId (the gecko id) is required with xpi");
    mkdirSync(join(dir, "extensions"), { recursive: true });
    installedXpi = join(dir, "extensions", `${addonId}.xpi`);
    copyFileSync(xpi, installedXpi);
  }
  return { dir, userJs, installedXpi };
}
