// The one-shot setup `npm start` hands over (scripts/start.mjs): a server URL and user, or a file
// of exported profiles, plus the password. At start-up main.ts takes it through the
// davsyncBootstrap experiment (which deletes the file), then runBootstrap creates the profiles the
// add-account wizard would (same discovery, same defaults), stores the password in Thunderbird's
// password manager, runs the first sync of every profile and reports each step in a status file
// the start script polls. The password lives only in memory here: never in storage.local, a
// pref, the status file or a log line.
import { collectionKey } from "../core/profile/duplicates";
import { importProfiles } from "../core/profile/import";
import type { Profile } from "../core/profile/schema";
import { defaultChoices, planProfiles } from "../options/wizard-plan";
import type { BackgroundResponses, LastResult, LocalizedMessage } from "./messages";
import { handleRequest, type RequestDeps } from "./requests";
import { loginKey } from "./run-profile";
import { loadSyncState } from "./sync-state";

export const BOOTSTRAP_FORMAT = "caldav-synchronizer-thunderbird/bootstrap";
export const BOOTSTRAP_VERSION = 1;

export type BootstrapSource =
  /** Discover every collection at `url` and make one profile per collection, like the wizard. */
  | { kind: "discover"; url: string; preset: string }
  /** Our profile export file's text (core/profile/export.ts), imported as the transfer page does. */
  | { kind: "profiles"; text: string };

export interface BootstrapRequest {
  username: string;
  password: string;
  source: BootstrapSource;
}

export interface BootstrapMessage {
  key: string;
  /** The message in Thunderbird's language, for the start script to print. */
  text: string;
}

export interface BootstrapProfileReport {
  id: string;
  name: string;
  kind: Profile["kind"];
  mode: Profile["sync"]["mode"];
  /** The first run's result; undefined when it did not run (profile disabled). */
  outcome: LastResult["outcome"] | "not-run";
  needsSignIn: boolean;
  /** Items in the Thunderbird folder and on the server after the run; null when unknown. */
  items: { local: number | null; remote: number | null };
  written: LastResult["written"];
  failed: number;
  conflicts: number;
  message?: BootstrapMessage;
}

/** davsync-bootstrap-status.json: what the start script reads. Never holds a password. */
export type BootstrapStatus =
  | { state: "started"; at: number }
  | { state: "failed"; at: number; error: BootstrapMessage }
  | { state: "syncing"; at: number; profiles: { id: string; name: string }[]; notes: BootstrapMessage[] }
  | { state: "done"; at: number; profiles: BootstrapProfileReport[]; notes: BootstrapMessage[] };

export interface BootstrapDeps {
  requests: RequestDeps;
  writeStatus: (status: BootstrapStatus) => Promise<void>;
  t: (key: string, substitutions?: string[]) => string;
  /** Items of a Thunderbird calendar of one type, or of an address book. */
  countLocal: (params: { folderId: string; kind: Profile["kind"] }) => Promise<number>;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Checks the file's shape; the error names what is wrong, never a value (it may hold the password). */
export function parseBootstrap(raw: unknown): { ok: true; request: BootstrapRequest } | { ok: false; error: string } {
  if (!isRecord(raw) || raw["format"] !== BOOTSTRAP_FORMAT || raw["version"] !== BOOTSTRAP_VERSION) {
    return { ok: false, error: `not a ${BOOTSTRAP_FORMAT} version ${BOOTSTRAP_VERSION} file` };
  }
  const { username, password, source } = raw;
  if (typeof username !== "string" || typeof password !== "string" || password === "") return { ok: false, error: "username or password missing" };
  if (isRecord(source) && source["kind"] === "discover" && typeof source["url"] === "string" && typeof source["preset"] === "string") {
    return { ok: true, request: { username, password, source: { kind: "discover", url: source["url"], preset: source["preset"] } } };
  }
  if (isRecord(source) && source["kind"] === "profiles" && typeof source["text"] === "string") {
    return { ok: true, request: { username, password, source: { kind: "profiles", text: source["text"] } } };
  }
  return { ok: false, error: "source must be { kind: discover, url, preset } or { kind: profiles, text }" };
}

/**
 * Takes the pending setup, if any (the experiment deletes the file). A file that cannot be used
 * is reported in the status file, so the start script stops waiting and says why.
 */
export async function takeBootstrap(params: {
  api: Pick<typeof messenger.davsyncBootstrap, "take" | "writeStatus">;
  t: BootstrapDeps["t"];
}): Promise<BootstrapRequest | undefined> {
  const { api, t } = params;
  const fail = async (detail: string) => {
    console.error(`[davsync] the setup file from npm start is unusable: ${detail}`);
    const error = { key: "bootstrapInvalid", text: t("bootstrapInvalid", [detail]) || detail };
    await api.writeStatus({ state: "failed", at: Date.now(), error } satisfies BootstrapStatus).catch(() => undefined);
    return undefined;
  };
  let raw: unknown;
  try {
    raw = await api.take();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (raw === null || raw === undefined) return undefined;
  const parsed = parseBootstrap(raw);
  return parsed.ok ? parsed.request : fail(parsed.error);
}

/** BootstrapDeps.countLocal over the calendar experiment and the contacts API. */
export function countLocalItems(apis: {
  calendar: Pick<typeof messenger.davsyncCalendar, "listItems">;
  contacts: { list(parentId: string): Promise<unknown[]> };
}): BootstrapDeps["countLocal"] {
  return async ({ folderId, kind }) => {
    if (kind === "contacts") return (await apis.contacts.list(folderId)).length;
    const type = kind === "events" ? "event" : "task";
    return (await apis.calendar.listItems(folderId)).filter((item) => item.type === type).length;
  };
}

class BootstrapFailed extends Error {
  constructor(readonly reason: LocalizedMessage) {
    super(reason.key);
  }
}

/** The profiles the setup covers (new and already present), and notes for the report. */
interface Prepared {
  profiles: Profile[];
  notes: LocalizedMessage[];
}

async function prepareDiscovered(deps: BootstrapDeps, request: BootstrapRequest, source: Extract<BootstrapSource, { kind: "discover" }>): Promise<Prepared> {
  const { requests } = deps;
  const found = (await handleRequest(requests, {
    type: "discoverCollections",
    url: source.url,
    username: request.username,
    password: request.password,
    preset: source.preset,
  })) as BackgroundResponses["discoverCollections"];
  if (!found.ok) throw new BootstrapFailed(found.error);
  if (found.collections.length === 0) throw new BootstrapFailed({ key: "bootstrapNoCollections", substitutions: [source.url] });

  const existing = requests.service.listProfiles();
  // The wizard's own defaults: one profile per collection and kind, read-only ones mirrored;
  // collections a profile already syncs (a second `npm start` on the same URL) are skipped.
  const choices = defaultChoices({ collections: found.collections, existing });
  const planned = planProfiles({ choices, preset: source.preset, username: request.username, makeId: () => crypto.randomUUID() });
  if (planned.length > 0) {
    const saved = (await handleRequest(requests, { type: "saveProfiles", profiles: planned })) as BackgroundResponses["saveProfiles"];
    if (!saved.ok) throw new BootstrapFailed(saved.duplicates[0]?.message ?? { key: "bootstrapRefused", substitutions: [] });
  }
  const keys = new Set(found.collections.map((c) => collectionKey({ url: c.url })));
  const covered = requests.service.listProfiles().filter((p) => keys.has(collectionKey({ url: p.server.url })) && p.server.username === request.username);
  return { profiles: covered, notes: [] };
}

async function prepareImported(deps: BootstrapDeps, source: Extract<BootstrapSource, { kind: "profiles" }>): Promise<Prepared> {
  const { requests } = deps;
  const imported = importProfiles({ existing: requests.service.listProfiles(), text: source.text });
  if (!imported.ok) throw new BootstrapFailed({ key: imported.error.messageKey, substitutions: imported.error.substitutions });
  const { added, updated, rejected } = imported.report;
  const ids = new Set([...added, ...updated]);
  const taken = imported.profiles.filter((p) => ids.has(p.id));
  const notes = rejected.map((r) => ({ key: r.messageKey, substitutions: r.substitutions }));
  if (taken.length === 0) throw new BootstrapFailed(notes[0] ?? { key: "bootstrapNoProfiles", substitutions: [] });
  const saved = (await handleRequest(requests, { type: "saveProfiles", profiles: taken })) as BackgroundResponses["saveProfiles"];
  if (!saved.ok) throw new BootstrapFailed(saved.duplicates[0]?.message ?? { key: "bootstrapRefused", substitutions: [] });
  return { profiles: requests.service.listProfiles().filter((p) => ids.has(p.id)), notes };
}

async function countRemote(deps: BootstrapDeps, profileId: string): Promise<number | null> {
  // The DAV cache is opaque to the background; its item map is what the server listed last.
  const { davCache } = await loadSyncState({ storage: deps.requests.storage, profileId });
  const items = isRecord(davCache) ? davCache["items"] : undefined;
  return isRecord(items) ? Object.keys(items).length : null;
}

async function reportOf(deps: BootstrapDeps, profile: Profile): Promise<BootstrapProfileReport> {
  const { service } = deps.requests;
  const result = service.resultOf(profile.id);
  const folderId = service.folderOf(profile.id);
  const local = folderId ? await deps.countLocal({ folderId, kind: profile.kind }).catch(() => null) : null;
  return {
    id: profile.id,
    name: profile.name,
    kind: profile.kind,
    mode: profile.sync.mode,
    outcome: result?.outcome ?? "not-run",
    needsSignIn: result?.needsSignIn ?? false,
    items: { local, remote: await countRemote(deps, profile.id) },
    written: result?.written ?? { local: 0, remote: 0 },
    failed: result?.failed ?? 0,
    conflicts: result?.conflicts ?? 0,
    ...(result?.message ? { message: text(deps, result.message) } : {}),
  };
}

function text(deps: BootstrapDeps, message: LocalizedMessage): BootstrapMessage {
  return { key: message.key, text: deps.t(message.key, message.substitutions) || message.key };
}

/**
 * Runs the setup and the first sync; also starts the start-up sync of every other profile, which
 * main.ts leaves to this function while a setup is pending (so no profile syncs twice at once).
 * Never throws: a failure ends in a "failed" status.
 */
export async function runBootstrap(params: { request: BootstrapRequest; deps: BootstrapDeps }): Promise<void> {
  const { request, deps } = params;
  const { service, credentials } = deps.requests;
  const at = () => Date.now();
  let startupRequested = false;
  try {
    await deps.writeStatus({ state: "started", at: at() });
    const { source } = request;
    const prepared = source.kind === "discover" ? await prepareDiscovered(deps, request, source) : await prepareImported(deps, source);
    // Also for profiles that existed already: this password was just proven (discovery) or given.
    const logins = new Map(prepared.profiles.map((p) => [`${loginKey(p).origin}\n${p.server.username}`, loginKey(p)]));
    for (const login of logins.values()) await credentials.setPassword({ ...login, password: request.password });
    const ids = prepared.profiles.map((p) => p.id);
    const notes = prepared.notes.map((n) => text(deps, n));
    await deps.writeStatus({ state: "syncing", at: at(), profiles: prepared.profiles.map(({ id, name }) => ({ id, name })), notes });

    const outcomes = service.requestAll({ trigger: "startup" });
    startupRequested = true;
    // "manual" also runs profiles that wait for a sign-in or do not sync at start-up.
    for (const id of ids) if (outcomes[id] === "skipped") service.request({ profileId: id, trigger: "manual" });
    await service.whenIdle(ids);
    const reports: BootstrapProfileReport[] = [];
    for (const profile of service.listProfiles().filter((p) => ids.includes(p.id))) reports.push(await reportOf(deps, profile));
    await deps.writeStatus({ state: "done", at: at(), profiles: reports, notes });
  } catch (error) {
    const reason: LocalizedMessage =
      error instanceof BootstrapFailed ? error.reason : { key: "syncErrorUnexpected", substitutions: [error instanceof Error ? error.message : String(error)] };
    console.error(`[davsync] the setup from npm start failed: ${reason.key}`);
    await deps.writeStatus({ state: "failed", at: at(), error: text(deps, reason) }).catch(() => undefined);
    if (!startupRequested) service.requestAll({ trigger: "startup" });
  }
}
