// Profiles an administrator presets through Thunderbird's policies.json
// ("3rdparty" → "Extensions" → our add-on id → { profiles: [...] }), which Thunderbird hands the
// add-on as storage.managed. On every start applyPolicy makes storage.local follow the policy:
// a policy profile is created (managed: true, so the options page shows it locked), replaced when
// the policy changed it, and removed when the policy no longer names it. A policy never holds a
// password: a managed profile without one in the password manager waits for the user to sign
// in (needsSignIn) and one notification says where. Policy entries are partial profiles: what they
// leave out comes from the wizard's defaults for their preset (easyProjectProfile / newProfile).
import { easyProjectProfile, newProfile } from "../core/profile/defaults";
import { PROFILE_KINDS, type Profile, type ProfileKind } from "../core/profile/schema";
import { validateProfile, type ProfileIssue } from "../core/profile/validate";
import type { BackgroundRequest, BackgroundResponses } from "./messages";
import { deleteProfile, loadProfiles, saveProfile } from "./profiles";
import type { RequestDeps } from "./requests";
import { MissingPassword, resultOfError } from "./result";
import { loginKey } from "./run-profile";
import { profilePassword, type PasswordSource } from "./account-password";
import { forgetProfile, loadResult, saveResult } from "./sync-state";
import { loadGeneralOptions, saveGeneralOptions } from "./general-options";
import { parseGeneralOptions } from "../core/general-options";

type StorageArea = Pick<typeof messenger.storage.local, "get" | "set" | "remove">;

export interface PolicyDeps {
  storage: StorageArea;
  managed: Pick<typeof messenger.storage.managed, "get">;
  credentials: PasswordSource;
  notify: (message: string) => Promise<void>;
  t: (key: string, substitutions?: string[]) => string;
  now?: () => number;
}

export interface PolicyOutcome {
  added: string[];
  updated: string[];
  removed: string[];
  /** Policy entries that are not valid profiles: skipped and logged (for the administrator). */
  invalid: { index: number; id: string | undefined; issues: ProfileIssue[] }[];
  /** Managed profiles that wait for the user's password. */
  needPassword: string[];
  /** General options the policy set (its values replace the user's at every start). */
  generalOptions: string[];
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** `patch` over `base`: objects merge key by key, everything else (arrays too) replaces. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = deepMerge(base[key], value);
  return out;
}

/**
 * A policy entry → a managed profile. Required: id, kind, name and server.url; the rest defaults
 * to the wizard's choice for server.preset ("easyproject" → Easy Project's defaults). Tagged
 * variants may be given whole ({ "kind": "off" }); leftover fields of the default variant are
 * dropped by the schema.
 */
export function profileFromPolicy(entry: unknown): { ok: true; profile: Profile } | { ok: false; issues: ProfileIssue[] } {
  const server = isRecord(entry) && isRecord(entry["server"]) ? entry["server"] : {};
  const url = typeof server["url"] === "string" ? server["url"] : "";
  const kind = isRecord(entry) && PROFILE_KINDS.includes(entry["kind"] as ProfileKind) ? (entry["kind"] as ProfileKind) : undefined;
  const id = isRecord(entry) && typeof entry["id"] === "string" ? entry["id"] : "";
  const name = isRecord(entry) && typeof entry["name"] === "string" ? entry["name"] : "";
  if (!isRecord(entry) || !kind) return { ok: false, issues: [{ path: "kind", messageKey: "profileErrorKind", substitutions: [] }] };
  let origin = "";
  try {
    origin = new URL(url).origin;
  } catch {
    // validateProfile below names the bad URL.
  }
  const common = { id, kind, name, url, username: typeof server["username"] === "string" ? server["username"] : "", credentialRef: origin };
  const base = server["preset"] === "easyproject" ? easyProjectProfile(common) : newProfile({ ...common, preset: typeof server["preset"] === "string" ? server["preset"] : "generic" });
  const checked = validateProfile({ input: { ...(deepMerge(base, entry) as object), managed: true } });
  return checked.ok ? checked : { ok: false, issues: checked.issues };
}

/** The policy's profile entries; undefined when storage.managed could not be read for another reason than "no policy". */
async function readPolicy(managed: PolicyDeps["managed"]): Promise<{ profiles: unknown[]; generalOptions?: Record<string, unknown> } | undefined> {
  try {
    const policy = await managed.get(undefined);
    const profiles = Array.isArray(policy["profiles"]) ? (policy["profiles"] as unknown[]) : [];
    const general = policy["generalOptions"];
    return isRecord(general) ? { profiles, generalOptions: general } : { profiles };
  } catch (error) {
    // Thunderbird's words when policies.json names nothing for this add-on: no managed profiles.
    if (/not found/i.test(error instanceof Error ? error.message : String(error))) return { profiles: [] };
    console.warn("[davsync] could not read the administrator policy; managed profiles stay as they are", error);
    return undefined;
  }
}

/**
 * The policy's `generalOptions` win over the user's at every start; keys the policy leaves out stay
 * the user's. Returns the keys the policy set (unknown keys and bad values are dropped by the schema).
 */
async function applyGeneralOptions(params: { storage: PolicyDeps["storage"]; given: Record<string, unknown> }): Promise<string[]> {
  const { storage, given } = params;
  const current = await loadGeneralOptions({ storage });
  const known = Object.keys(given).filter((k) => k in current);
  const merged = parseGeneralOptions({ ...current, ...Object.fromEntries(known.map((k) => [k, given[k]])) });
  if (JSON.stringify(merged) !== JSON.stringify(current)) await saveGeneralOptions({ storage, options: merged });
  return known;
}

/** Makes the stored profiles follow the policy, then flags managed profiles without a password. */
export async function applyPolicy(deps: PolicyDeps): Promise<PolicyOutcome> {
  const { storage } = deps;
  const outcome: PolicyOutcome = { added: [], updated: [], removed: [], invalid: [], needPassword: [], generalOptions: [] };
  const policy = await readPolicy(deps.managed);
  if (policy === undefined) return outcome;
  const entries = policy.profiles;
  if (policy.generalOptions) outcome.generalOptions = await applyGeneralOptions({ storage, given: policy.generalOptions });

  const existing = await loadProfiles({ storage });
  const wanted = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const built = profileFromPolicy(entry);
    const id = isRecord(entry) && typeof entry["id"] === "string" ? entry["id"] : undefined;
    if (!built.ok || wanted.has(built.profile.id)) {
      // A second entry with an id already used: the first one wins.
      const issues: ProfileIssue[] = built.ok ? [{ path: "id", messageKey: "profileErrorId", substitutions: [built.profile.id] }] : built.issues;
      outcome.invalid.push({ index, id, issues });
      continue;
    }
    const { profile } = built;
    wanted.add(profile.id);
    const current = existing.find((p) => p.id === profile.id);
    if (current && JSON.stringify(current) === JSON.stringify(profile)) continue;
    // Same id as a user's own profile: the administrator's wins (and locks it).
    await saveProfile({ storage, input: profile });
    if (current) {
      // Like a user's save: a changed server or login must not keep an old "sign in again".
      await saveResult({ storage, profileId: profile.id, result: undefined });
      outcome.updated.push(profile.id);
    } else {
      outcome.added.push(profile.id);
    }
  }
  for (const gone of existing.filter((p) => p.managed && !wanted.has(p.id))) {
    // Its Thunderbird calendar / book stays: the user's data is not the policy's to delete.
    await deleteProfile({ storage, id: gone.id });
    await forgetProfile({ storage, profileId: gone.id });
    outcome.removed.push(gone.id);
  }
  if (outcome.invalid.length > 0) console.warn("[davsync] policy profiles skipped as invalid:", JSON.stringify(outcome.invalid));

  await flagMissingPasswords({ deps, outcome });
  return outcome;
}

async function flagMissingPasswords(params: { deps: PolicyDeps; outcome: PolicyOutcome }): Promise<void> {
  const { deps, outcome } = params;
  const now = (deps.now ?? Date.now)();
  const names: string[] = [];
  for (const profile of await loadProfiles({ storage: deps.storage })) {
    if (!profile.managed || !profile.enabled) continue;
    // The same lookup a run makes (own password, or the mail account's with useMailAccountLogin).
    if (await profilePassword({ profile, credentials: deps.credentials }).catch(() => null)) continue;
    outcome.needPassword.push(profile.id);
    names.push(profile.name);
    const last = await loadResult({ storage: deps.storage, profileId: profile.id });
    if (last?.needsSignIn) continue;
    // The same result a run would give, without a run: automatic triggers now wait for the user.
    const result = resultOfError({ trigger: "startup", startedAt: now, endedAt: now, error: new MissingPassword(`no password for ${profile.id}`) });
    await saveResult({ storage: deps.storage, profileId: profile.id, result });
  }
  if (names.length > 0) await deps.notify(deps.t("managedSignInNotify", [names.join(", ")])).catch(() => undefined);
}

/**
 * The options page's "Sign in" for a profile whose settings the user cannot edit (managed):
 * stores the password, clears "sign in again" and starts a sync at once.
 */
export async function signIn(deps: RequestDeps, request: Extract<BackgroundRequest, { type: "signIn" }>): Promise<BackgroundResponses["signIn"]> {
  const profile = deps.service.listProfiles().find((p) => p.id === request.profileId);
  if (!profile) return { ok: false, reason: "not-found" };
  if (request.password === "") return { ok: false, reason: "empty" };
  await deps.credentials.setPassword({ ...loginKey(profile), password: request.password });
  await saveResult({ storage: deps.storage, profileId: profile.id, result: undefined });
  deps.service.forget(profile.id);
  await deps.service.reload();
  deps.service.request({ profileId: profile.id, trigger: "manual" });
  return { ok: true };
}
