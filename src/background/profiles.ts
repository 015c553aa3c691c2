// The profiles in storage.local (key "profiles", an array in the user's order). Each stored entry
// is checked against the profile schema on load; one that fails is skipped and logged, so a bad
// import cannot stop every other profile from syncing. Passwords are never part of a profile.
import type { Profile } from "../core/profile/schema";
import { validateProfile, type ValidationResult } from "../core/profile/validate";

type StorageArea = Pick<typeof messenger.storage.local, "get" | "set">;

const KEY = "profiles";

async function loadRaw(storage: StorageArea): Promise<unknown[]> {
  const stored = (await storage.get(KEY))[KEY];
  return Array.isArray(stored) ? stored : [];
}

export async function loadProfiles(params: { storage: StorageArea }): Promise<Profile[]> {
  const out: Profile[] = [];
  for (const raw of await loadRaw(params.storage)) {
    const checked = validateProfile({ input: raw });
    if (checked.ok) out.push(checked.profile);
    else console.warn("[davsync] skipping an invalid stored profile", checked.issues);
  }
  return out;
}

/** Validates `input`; stores it in place of the profile with the same id, or appends it. */
export async function saveProfile(params: { storage: StorageArea; input: unknown }): Promise<ValidationResult> {
  const checked = validateProfile({ input: params.input, makeId: () => crypto.randomUUID() });
  if (!checked.ok) return checked;
  const raw = await loadRaw(params.storage);
  const index = raw.findIndex((p) => (p as { id?: unknown } | null)?.id === checked.profile.id);
  if (index >= 0) raw[index] = checked.profile;
  else raw.push(checked.profile);
  await params.storage.set({ [KEY]: raw });
  return checked;
}

export async function deleteProfile(params: { storage: StorageArea; id: string }): Promise<boolean> {
  const raw = await loadRaw(params.storage);
  const kept = raw.filter((p) => (p as { id?: unknown } | null)?.id !== params.id);
  if (kept.length === raw.length) return false;
  await params.storage.set({ [KEY]: kept });
  return true;
}
