// What one profile keeps in storage.local between runs, under keys of its own so profiles never
// overwrite each other: the sync status, both sides' caches, the local folder it resolved, the
// trash (content a sync destroyed, newest last, capped), the last result, and the bases (each
// pair's content at its last sync, what makes updates patches). Written as chunks complete (at most
// about once a second, run-profile.ts) and when nothing changed not at all, so a Thunderbird killed
// mid-sync resumes near where it stopped; items written after the last save are paired by UID. Never holds a password.
//
// Bases are the big part (whole items), so they get one key per pair (`sync.<id>.base.<uid>`) and a
// chunk writes only the pairs it changed. Only the sides the mode reads are kept (basesNeeded):
// one-way modes store one copy per item, two-way two (Thunderbird's, read back after every write
// into it, and the server's). A first sync of 5 000 ~1.5 kB events thus adds ~7.5 MB (one-way) or
// ~15 MB (two-way) to storage.local.
import {
  emptyStatus,
  MemoryBaseStore,
  migrateStatus,
  type Side,
  type SyncStatus,
  type Trash,
  type TrashEntry,
} from "../core";
import type { ItemCache } from "../thunderbird/item-cache";
import type { LastResult } from "./messages";

export interface LocalFolderRef {
  id: string;
  /** The add-on created it: it may write into it even when it is read-only (a server mirror). */
  createdByUs: boolean;
}

export interface ProfileSyncState {
  status: SyncStatus;
  localCache: ItemCache;
  /** Address books: local contact id → server UID (AddressBookStore). */
  uidMap: Record<string, string>;
  /** DavStore.exportCache(); opaque here. */
  davCache: unknown;
  folder?: LocalFolderRef;
  /** The mapping options the caches were computed under (profile-mapping.ts resetCachesOnMappingChange). */
  mappingKey?: string;
}

const TRASH_LIMIT = 500;

const keys = (profileId: string) => ({
  state: `sync.${profileId}.state`,
  trash: `sync.${profileId}.trash`,
  result: `sync.${profileId}.result`,
});

const basePrefix = (profileId: string): string => `sync.${profileId}.base.`;

type StorageArea = Pick<typeof messenger.storage.local, "get" | "set" | "remove">;

export function emptySyncState(): ProfileSyncState {
  return { status: emptyStatus(), localCache: {}, uidMap: {}, davCache: undefined };
}

export async function loadSyncState(params: { storage: StorageArea; profileId: string }): Promise<ProfileSyncState> {
  const key = keys(params.profileId).state;
  const stored = (await params.storage.get(key))[key] as Partial<ProfileSyncState> | undefined;
  if (!stored || typeof stored !== "object") return emptySyncState();
  // A status from before bases (schema 1) keeps its pairs; they simply have no bases yet.
  const status = migrateStatus(stored.status) ?? emptyStatus();
  return {
    status,
    localCache: stored.localCache ?? {},
    uidMap: stored.uidMap ?? {},
    davCache: stored.davCache,
    ...(stored.folder ? { folder: stored.folder } : {}),
    ...(typeof stored.mappingKey === "string" ? { mappingKey: stored.mappingKey } : {}),
  };
}

export async function saveSyncState(params: { storage: StorageArea; profileId: string; state: ProfileSyncState }): Promise<void> {
  await params.storage.set({ [keys(params.profileId).state]: params.state });
}

export async function loadResult(params: { storage: StorageArea; profileId: string }): Promise<LastResult | undefined> {
  const key = keys(params.profileId).result;
  return (await params.storage.get(key))[key] as LastResult | undefined;
}

export async function saveResult(params: { storage: StorageArea; profileId: string; result: LastResult | undefined }): Promise<void> {
  const key = keys(params.profileId).result;
  if (params.result) await params.storage.set({ [key]: params.result });
  else await params.storage.remove(key);
}

export async function forgetProfile(params: { storage: StorageArea; profileId: string }): Promise<void> {
  await params.storage.remove(Object.values(keys(params.profileId)));
  await removeAllBases(params);
}

/** The bases of the pairs in `status`, keeping only `sides` (a side the mode no longer reads is dropped). */
export async function loadBases(params: { storage: StorageArea; profileId: string; status: SyncStatus; sides: readonly Side[] }): Promise<MemoryBaseStore> {
  const { storage, profileId, status, sides } = params;
  if (sides.length === 0 || status.entries.length === 0) return new MemoryBaseStore({ sides });
  const prefix = basePrefix(profileId);
  const stored = await storage.get(status.entries.map((e) => prefix + e.uid));
  const items: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) items[key.slice(prefix.length)] = value;
  return new MemoryBaseStore({ sides, items });
}

/**
 * The bases of the pairs in `status`, read only when the executor asks for them (BaseStore.load:
 * the pairs of the run's actions): a no-change run reads none. Same content as loadBases.
 */
export function lazyBases(params: { storage: StorageArea; profileId: string; status: SyncStatus; sides: readonly Side[] }): MemoryBaseStore {
  const { storage, profileId, status, sides } = params;
  if (sides.length === 0 || status.entries.length === 0) return new MemoryBaseStore({ sides });
  const prefix = basePrefix(profileId);
  const known = new Set(status.entries.map((e) => e.uid));
  return new MemoryBaseStore({
    sides,
    loader: async (uids) => {
      const wanted = uids.filter((uid) => known.has(uid));
      if (wanted.length === 0) return {};
      const stored = await storage.get(wanted.map((uid) => prefix + uid));
      const items: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(stored)) items[key.slice(prefix.length)] = value;
      return items;
    },
  });
}

/** Writes the pairs whose bases changed since the last save, removes the ones dropped. */
export async function saveBases(params: { storage: StorageArea; profileId: string; bases: MemoryBaseStore }): Promise<void> {
  const prefix = basePrefix(params.profileId);
  const { changed, deleted } = params.bases.drainChanges();
  const entries = Object.entries(changed);
  if (entries.length > 0) await params.storage.set(Object.fromEntries(entries.map(([uid, base]) => [prefix + uid, base])));
  if (deleted.length > 0) await params.storage.remove(deleted.map((uid) => prefix + uid));
}

/**
 * Removes every base of a profile: when it is deleted, and before a run that starts without status
 * ("clear cache", a first run), whose old bases no status names any more. Lists all keys once.
 */
export async function removeAllBases(params: { storage: StorageArea; profileId: string }): Promise<void> {
  const prefix = basePrefix(params.profileId);
  const all = await params.storage.get();
  const stale = Object.keys(all).filter((key) => key.startsWith(prefix));
  if (stale.length > 0) await params.storage.remove(stale);
}

/** The profile's trash in storage.local: every entry is written before the sync destroys the item. */
export function storageTrash(params: { storage: StorageArea; profileId: string; now?: () => number }): Trash {
  const key = keys(params.profileId).trash;
  const now = params.now ?? Date.now;
  // Each put reads the list and writes it back: two at once (server writes run side by side) would
  // both read the same list, and the later write would drop the other's entry. One at a time.
  let queue: Promise<void> = Promise.resolve();
  return {
    put(entry: TrashEntry): Promise<void> {
      const run = queue.then(async () => {
        const current = ((await params.storage.get(key))[key] as (TrashEntry & { at: number })[] | undefined) ?? [];
        const next = [...current, { ...entry, at: now() }].slice(-TRASH_LIMIT);
        await params.storage.set({ [key]: next });
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
