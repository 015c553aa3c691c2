// The options page's requests beyond the basic four (messages.ts, "Options page requests"):
// full profiles, discovery for the add-account wizard, saving several profiles at once, enable,
// reorder and "clear cache". Contract: never throws for a user's mistake — every refusal is an
// answer with a _locales message; passwords go to Thunderbird's password manager or nowhere.
import { findDuplicateProfiles } from "../core/profile/duplicates";
import type { Profile } from "../core/profile/schema";
import { validateProfile, type ProfileIssue } from "../core/profile/validate";
import { discover, isDavError, makeCollection, normalizeStartUrl, type FetchLike } from "../dav";
import type { BackgroundRequest, BackgroundResponses, DiscoveredCollection } from "./messages";
import { loadGeneralOptions, saveGeneralOptions } from "./general-options";
import { loadProfiles, saveProfile } from "./profiles";
import { clearReports, loadReports } from "./reports";
import { loadTrash, trashViews } from "./trash-restore";
import type { RequestDeps } from "./requests";
import { loginKey } from "./run-profile";
import { emptySyncState, loadSyncState, saveSyncState } from "./sync-state";

type OptionsRequestType =
  | "getProfiles"
  | "discoverCollections"
  | "saveProfiles"
  | "setProfileEnabled"
  | "reorderProfiles"
  | "clearProfileCache"
  | "getReports"
  | "clearReports"
  | "confirmDeletions"
  | "getTrash"
  | "restoreTrash"
  | "getGeneralOptions"
  | "saveGeneralOptions"
  | "getLog"
  | "clearLog"
  | "createCalendar"
  | "createServerCollection";
export type OptionsRequest = Extract<BackgroundRequest, { type: OptionsRequestType }>;

export interface OptionsApiDeps extends RequestDeps {
  /** Tests inject a fetch; the background uses the page's own. */
  fetch?: FetchLike;
}

/** Where profiles.ts keeps the list; reordering works on the raw array so no stored entry is lost. */
const PROFILES_KEY = "profiles";

/** Discovery gets the same limit as a sync: a slow Easy Project answers well within it. */
const DISCOVERY_TIMEOUT_MS = 90_000;

async function discoverCollections(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "discoverCollections" }>): Promise<BackgroundResponses["discoverCollections"]> {
  try {
    const result = await discover({
      ctx: {
        credentials: { username: request.username, password: request.password },
        timeoutMs: DISCOVERY_TIMEOUT_MS,
        preset: request.preset,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      },
      url: request.url,
    });
    const collections: DiscoveredCollection[] = result.collections.map((c) => ({
      url: c.url,
      kind: c.kind,
      // A collection without a display name still needs a label a person can tell apart.
      name: c.displayName.trim() || decodeURIComponent(new URL(c.url).pathname.split("/").filter(Boolean).pop() ?? c.url),
      color: c.color,
      components: c.kind === "calendar" ? [...c.components] : [],
      readOnly: c.readOnly,
    }));
    return { ok: true, collections };
  } catch (error) {
    if (isDavError(error)) return { ok: false, error: { key: error.messageKey, substitutions: [...error.substitutions] } };
    return { ok: false, error: { key: "syncErrorUnexpected", substitutions: [error instanceof Error ? error.message : String(error)] } };
  }
}

/** "Create a new calendar / address book on the server": discover the home set, MKCALENDAR / MKCOL there. */
async function createServerCollection(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "createServerCollection" }>): Promise<BackgroundResponses["createServerCollection"]> {
  const failed = (key: string, substitutions: string[]) => ({ ok: false as const, message: { key, substitutions } });
  try {
    const start = normalizeStartUrl(request.url);
    const password = request.password || (await deps.credentials.getPassword?.({ origin: new URL(start).origin, username: request.username })) || "";
    const ctx = {
      credentials: { username: request.username, password },
      timeoutMs: DISCOVERY_TIMEOUT_MS,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    };
    const found = await discover({ ctx, url: start });
    const contacts = request.kind === "contacts";
    const home = (contacts ? found.addressbookHomes : found.calendarHomes)[0];
    if (!home) return failed("davErrorNothingFound", [start, ""]);
    const created = await makeCollection({
      ctx,
      homeUrl: home,
      kind: contacts ? "addressbook" : "calendar",
      displayName: request.displayName.trim() || request.kind,
      ...(request.color && !contacts ? { color: request.color } : {}),
      ...(contacts ? {} : { components: [request.kind === "tasks" ? "VTODO" : "VEVENT"] as const }),
    });
    return { ok: true, url: created.url };
  } catch (error) {
    if (isDavError(error)) return failed(error.messageKey, [...error.substitutions]);
    return failed("syncErrorUnexpected", [error instanceof Error ? error.message : String(error)]);
  }
}

/** All or none: a wizard that created half of the calendars would leave the user guessing. */
async function saveProfiles(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "saveProfiles" }>): Promise<BackgroundResponses["saveProfiles"]> {
  const existing = await loadProfiles({ storage: deps.storage });
  // Only an administrator policy may lock a profile or change a locked one.
  const locked = new Set(existing.filter((p) => p.managed).map((p) => p.id));
  const valid: Profile[] = [];
  const invalid: { index: number; issues: ProfileIssue[] }[] = [];
  request.profiles.forEach((input, index) => {
    const checked = validateProfile({ input, makeId: () => crypto.randomUUID() });
    if (!checked.ok) invalid.push({ index, issues: checked.issues });
    else if (checked.profile.managed || locked.has(checked.profile.id)) invalid.push({ index, issues: [{ path: "managed", messageKey: "profileErrorInvalidValue", substitutions: [] }] });
    else valid.push(checked.profile);
  });
  const incomingIds = new Set(valid.map((p) => p.id));
  const others = existing.filter((p) => !incomingIds.has(p.id));
  const duplicates = findDuplicateProfiles({ profiles: [...others, ...valid] })
    .filter((group) => group.profileIds.some((id) => incomingIds.has(id)))
    .map((group) => ({ profileIds: group.profileIds, message: { key: group.messageKey, substitutions: group.substitutions } }));
  if (invalid.length > 0 || duplicates.length > 0) return { ok: false, invalid, duplicates };

  for (const profile of valid) await saveProfile({ storage: deps.storage, input: profile });
  if (request.password) {
    const logins = new Map(valid.map((p) => [`${loginKey(p).origin}\n${p.server.username}`, loginKey(p)]));
    for (const login of logins.values()) await deps.credentials.setPassword({ ...login, password: request.password });
  }
  await deps.service.reload();
  await deps.onProfilesChanged();
  return { ok: true, profiles: valid };
}

async function setEnabled(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "setProfileEnabled" }>): Promise<BackgroundResponses["setProfileEnabled"]> {
  const profile = (await loadProfiles({ storage: deps.storage })).find((p) => p.id === request.id);
  if (!profile || profile.managed) return { ok: false };
  // Not through the "saveProfile" request: that one also clears the last result (it means "signed in again").
  const saved = await saveProfile({ storage: deps.storage, input: { ...profile, enabled: request.enabled } });
  await deps.service.reload();
  await deps.onProfilesChanged();
  return { ok: saved.ok };
}

async function reorder(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "reorderProfiles" }>): Promise<BackgroundResponses["reorderProfiles"]> {
  const stored = (await deps.storage.get(PROFILES_KEY))[PROFILES_KEY];
  const raw: unknown[] = Array.isArray(stored) ? stored : [];
  const idOf = (p: unknown) => (p as { id?: unknown } | null)?.id;
  const rank = (p: unknown) => {
    const at = request.ids.indexOf(String(idOf(p)));
    return at < 0 ? request.ids.length : at;
  };
  // Array.prototype.sort is stable: unnamed entries keep their relative order at the end.
  const sorted = [...raw].sort((a, b) => rank(a) - rank(b));
  await deps.storage.set({ [PROFILES_KEY]: sorted });
  await deps.service.reload();
  return { ok: true };
}

async function clearCache(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "clearProfileCache" }>): Promise<BackgroundResponses["clearProfileCache"]> {
  if (!deps.service.listProfiles().some((p) => p.id === request.id)) return { ok: false, reason: "not-found" };
  // A run in progress saves its status after every chunk and would write the old one back.
  if (deps.service.isRunning(request.id)) return { ok: false, reason: "running" };
  const { folder } = await loadSyncState({ storage: deps.storage, profileId: request.id });
  // The folder stays: forgetting it would create a second calendar at the next run.
  await saveSyncState({ storage: deps.storage, profileId: request.id, state: { ...emptySyncState(), ...(folder ? { folder } : {}) } });
  return { ok: true };
}

/**
 * Allows exactly the deletions the profile's last run held back: a confirmation that does not cover
 * every held id would be refused by the planner anyway, and one for a newer state must be asked anew.
 */
async function confirmDeletions(deps: OptionsApiDeps, request: Extract<OptionsRequest, { type: "confirmDeletions" }>): Promise<BackgroundResponses["confirmDeletions"]> {
  if (!deps.service.listProfiles().some((p) => p.id === request.profileId)) return { ok: false, reason: "not-found" };
  const [last] = await loadReports({ storage: deps.storage, profileId: request.profileId });
  if (!last || last.held.length === 0) return { ok: false, reason: "nothing-held" };
  for (const held of last.held) {
    const confirmed = new Set(request.deletions[held.side] ?? []);
    if (!held.ids.every((id) => confirmed.has(id))) return { ok: false, reason: "stale" };
  }
  const outcome = deps.service.requestConfirmed({ profileId: request.profileId, confirmations: { deletions: request.deletions } });
  return { ok: true, outcome };
}

export async function handleOptionsRequest(deps: OptionsApiDeps, request: OptionsRequest): Promise<unknown> {
  switch (request.type) {
    case "getProfiles":
      return { profiles: await loadProfiles({ storage: deps.storage }) } satisfies BackgroundResponses["getProfiles"];
    case "discoverCollections":
      return discoverCollections(deps, request);
    case "saveProfiles":
      return saveProfiles(deps, request);
    case "setProfileEnabled":
      return setEnabled(deps, request);
    case "reorderProfiles":
      return reorder(deps, request);
    case "clearProfileCache":
      return clearCache(deps, request);
    case "getReports":
      return { reports: await loadReports({ storage: deps.storage, profileId: request.profileId }) } satisfies BackgroundResponses["getReports"];
    case "clearReports":
      await clearReports({ storage: deps.storage, profileId: request.profileId });
      return { ok: true } satisfies BackgroundResponses["clearReports"];
    case "confirmDeletions":
      return confirmDeletions(deps, request);
    case "getTrash":
      return { entries: trashViews(await loadTrash({ storage: deps.storage, profileId: request.profileId })) } satisfies BackgroundResponses["getTrash"];
    case "restoreTrash":
      return deps.service.restoreTrash({ profileId: request.profileId, entryId: request.entryId });
    case "getGeneralOptions":
      return { options: await loadGeneralOptions({ storage: deps.storage }) } satisfies BackgroundResponses["getGeneralOptions"];
    case "saveGeneralOptions": {
      const options = await saveGeneralOptions({ storage: deps.storage, options: request.options });
      deps.log?.setLevel(options.logLevel);
      return { options } satisfies BackgroundResponses["saveGeneralOptions"];
    }
    case "getLog":
      return { lines: deps.log?.list() ?? [] } satisfies BackgroundResponses["getLog"];
    case "clearLog":
      deps.log?.clear();
      return { ok: true } satisfies BackgroundResponses["clearLog"];
    case "createServerCollection":
      return createServerCollection(deps, request);
    case "createCalendar":
      try {
        const created = await messenger.davsyncCalendar.createCalendar({ name: request.name, ...(request.color ? { color: request.color } : {}), readOnly: false });
        return { ok: true, id: created.id } satisfies BackgroundResponses["createCalendar"];
      } catch (error) {
        return { ok: false, error: { key: "syncErrorUnexpected", substitutions: [error instanceof Error ? error.message : String(error)] } } satisfies BackgroundResponses["createCalendar"];
      }
  }
}
