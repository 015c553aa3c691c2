// What one profile keeps in storage.local between runs, under keys of its own so profiles never
// overwrite each other: the sync status, both sides' caches, the local folder it resolved, the
// trash (content a sync destroyed, newest last, capped) and the last result. Written after every
// chunk, so a Thunderbird killed mid-sync resumes where it stopped. Never holds a password.
import { emptyStatus, STATUS_SCHEMA_VERSION, type SyncStatus, type Trash, type TrashEntry } from "../core";
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
}

const TRASH_LIMIT = 500;

const keys = (profileId: string) => ({
  state: `sync.${profileId}.state`,
  trash: `sync.${profileId}.trash`,
  result: `sync.${profileId}.result`,
});

type StorageArea = Pick<typeof messenger.storage.local, "get" | "set" | "remove">;

export function emptySyncState(): ProfileSyncState {
  return { status: emptyStatus(), localCache: {}, uidMap: {}, davCache: undefined };
}

export async function loadSyncState(params: { storage: StorageArea; profileId: string }): Promise<ProfileSyncState> {
  const key = keys(params.profileId).state;
  const stored = (await params.storage.get(key))[key] as Partial<ProfileSyncState> | undefined;
  if (!stored || typeof stored !== "object") return emptySyncState();
  const status = stored.status?.schemaVersion === STATUS_SCHEMA_VERSION ? stored.status : emptyStatus();
  return {
    status,
    localCache: stored.localCache ?? {},
    uidMap: stored.uidMap ?? {},
    davCache: stored.davCache,
    ...(stored.folder ? { folder: stored.folder } : {}),
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
}

/** The profile's trash in storage.local: every entry is written before the sync destroys the item. */
export function storageTrash(params: { storage: StorageArea; profileId: string; now?: () => number }): Trash {
  const key = keys(params.profileId).trash;
  const now = params.now ?? Date.now;
  return {
    async put(entry: TrashEntry): Promise<void> {
      const current = ((await params.storage.get(key))[key] as (TrashEntry & { at: number })[] | undefined) ?? [];
      const next = [...current, { ...entry, at: now() }].slice(-TRASH_LIMIT);
      await params.storage.set({ [key]: next });
    },
  };
}
