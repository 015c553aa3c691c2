// @ts-check
// The hand-over to the add-on (src/background/bootstrap.ts, experiments/bootstrap/): the setup
// file written into the Thunderbird profile with mode 0600 — taken and deleted by the add-on at
// start-up — and the status file the add-on writes next to it, polled here with a deadline.
// The password is in the setup file only, never in the status, the report or a printed line.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SETUP_FILE = "davsync-bootstrap.json";
export const STATUS_FILE = "davsync-bootstrap-status.json";
const FORMAT = "caldav-synchronizer-thunderbird/bootstrap";

/**
 * @typedef {{ key: string, text: string }} StatusMessage
 * @typedef {{ id: string, name: string, kind: string, mode: string, outcome: "ok" | "warning" | "error" | "not-run",
 *   needsSignIn: boolean, items: { local: number | null, remote: number | null }, written: { local: number, remote: number },
 *   failed: number, conflicts: number, message?: StatusMessage }} ProfileReport
 * @typedef {{ state: "started", at: number }
 *   | { state: "failed", at: number, error: StatusMessage }
 *   | { state: "syncing", at: number, profiles: { id: string, name: string }[], notes: StatusMessage[] }
 *   | { state: "done", at: number, profiles: ProfileReport[], notes: StatusMessage[] }} SetupStatus
 * @typedef {{ kind: "discover", url: string, preset: string } | { kind: "profiles", text: string }} SetupSource
 */

/**
 * Writes the setup file (owner-only) and removes a status left by an earlier run.
 * @param {{ profileDir: string, username: string, password: string, source: SetupSource }} p
 * @returns {string} the setup file's path
 */
export function writeSetupFile({ profileDir, username, password, source }) {
  const file = join(profileDir, SETUP_FILE);
  rmSync(join(profileDir, STATUS_FILE), { force: true });
  // Removed first: an existing file would keep its old, maybe wider, permissions.
  rmSync(file, { force: true });
  writeFileSync(file, JSON.stringify({ format: FORMAT, version: 1, username, password, source }), { mode: 0o600, flag: "wx" });
  return file;
}

/** @param {string} profileDir @returns {SetupStatus | undefined} */
export function readStatus(profileDir) {
  try {
    return JSON.parse(readFileSync(join(profileDir, STATUS_FILE), "utf8"));
  } catch {
    return undefined; // not written yet (the add-on renames a complete file into place)
  }
}

/**
 * Polls the status until `until(status)` holds, the setup fails, Thunderbird exits or the deadline
 * passes; every way out but the first throws an error that says what happened.
 * @param {{ profileDir: string, deadline: number, until: (s: SetupStatus) => boolean, exited: () => boolean,
 *   onChange?: (s: SetupStatus) => void, notPickedUpMs?: number, logFile: string }} p
 * @returns {Promise<SetupStatus>}
 */
export async function waitForStatus({ profileDir, deadline, until, exited, onChange = () => {}, notPickedUpMs = 60_000, logFile }) {
  const since = Date.now();
  /** @type {string | undefined} */
  let last;
  for (;;) {
    const status = readStatus(profileDir);
    if (status && status.state !== last) {
      last = status.state;
      onChange(status);
    }
    if (status?.state === "failed") throw new SetupFailed(status.error.text);
    if (status && until(status)) return status;
    if (exited()) throw new Error(`Thunderbird exited before the setup finished; log: ${logFile}`);
    if (!status && Date.now() - since > notPickedUpMs) {
      throw new Error(`The add-on did not pick up its setup within ${notPickedUpMs / 1000} s (${join(profileDir, SETUP_FILE)}); log: ${logFile}`);
    }
    if (Date.now() > deadline) {
      const what = status?.state === "syncing" ? "first sync" : "setup";
      throw new StillWaiting(`Gave up after waiting ${Math.round((Date.now() - since) / 1000)} s for the ${what} (--timeout); log: ${logFile}`, status?.state);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The setup itself failed (wrong password, nothing at the URL…): the add-on's own message. */
export class SetupFailed extends Error {}

/** The deadline passed; `state` is how far the add-on got ("syncing": profiles exist, a big first sync runs). */
export class StillWaiting extends Error {
  /** @param {string} message @param {SetupStatus["state"] | undefined} state */
  constructor(message, state) {
    super(message);
    this.state = state;
  }
}

/** Removes the setup file if the add-on never took it (Thunderbird failed to start, Ctrl-C). */
export function removeSetupFile(/** @type {string} */ profileDir) {
  const file = join(profileDir, SETUP_FILE);
  if (existsSync(file)) rmSync(file, { force: true });
}

const LABEL = { ok: "OK", warning: "WARNING", error: "ERROR", "not-run": "NOT RUN" };

/** A profile failed when its first run ended in an error or did not run at all. */
export const profileFailed = (/** @type {ProfileReport} */ p) => p.outcome === "error" || p.outcome === "not-run";

/**
 * The first sync's report, one line per profile (the e2e test reads these lines).
 * @param {{ profiles: ProfileReport[], notes: StatusMessage[] }} status
 * @returns {string}
 */
export function formatReport({ profiles, notes }) {
  const width = Math.max(4, ...profiles.map((p) => p.name.length));
  const count = (/** @type {number | null} */ n) => (n === null ? "?" : String(n));
  const lines = profiles.map((p) => {
    const label = p.needsSignIn ? "SIGN-IN" : LABEL[p.outcome];
    const line = `  ${label.padEnd(7)}  ${p.name.padEnd(width)}  ${p.kind.padEnd(8)}  ${p.mode.padEnd(25)}  ` +
      `Thunderbird ${count(p.items.local)} · server ${count(p.items.remote)}  ` +
      `(this run: ${p.written.local} written to Thunderbird, ${p.written.remote} to the server${p.conflicts ? `, ${p.conflicts} conflicts` : ""})`;
    return p.message ? `${line}\n  ${" ".repeat(7)}  ${p.message.text}` : line;
  });
  const failed = profiles.filter(profileFailed).length;
  lines.push(`  ${profiles.length} profile${profiles.length === 1 ? "" : "s"}: ${profiles.length - failed} synced, ${failed} failed.`);
  for (const note of notes) lines.push(`  Note: ${note.text}`);
  return lines.join("\n");
}
