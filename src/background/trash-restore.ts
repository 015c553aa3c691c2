// The trash as the options page sees it, and "Restore": what a sync deleted or overwrote is written
// back, at once, to the side it was removed from, through the profile's own stores. No duplicates:
// the side is listed first and an item with the same UID is updated in place (or left alone when
// it already holds that content); only when none exists is one created. The next run then sees the
// restored item as an ordinary edit or new item and carries it as the profile's mode says.
import type { Store, TrashEntry } from "../core";
import { isDavError } from "../dav";
import type { BackgroundResponses, LocalizedMessage, TrashView } from "./messages";
import { summaryOf } from "./reports";

export type StoredTrashEntry = TrashEntry & { at: number };
type StorageArea = Pick<typeof messenger.storage.local, "get">;

const trashKey = (profileId: string) => `sync.${profileId}.trash`;
export const entryIdOf = (e: StoredTrashEntry): string => `${e.at}:${e.side}:${e.uid}`;

export async function loadTrash(params: { storage: StorageArea; profileId: string }): Promise<StoredTrashEntry[]> {
  const key = trashKey(params.profileId);
  const stored = (await params.storage.get(key))[key];
  return Array.isArray(stored) ? (stored as StoredTrashEntry[]) : [];
}

/** Newest first, with summaries instead of the whole items. */
export function trashViews(entries: readonly StoredTrashEntry[]): TrashView[] {
  return [...entries].reverse().map((e) => {
    const summary = summaryOf(e.content);
    return { entryId: entryIdOf(e), uid: e.uid, side: e.side, cause: e.cause, at: e.at, ...(summary ? { summary } : {}) };
  });
}

function failure(error: unknown): LocalizedMessage {
  if (isDavError(error)) return { key: error.messageKey, substitutions: [...error.substitutions] };
  return { key: "syncErrorUnexpected", substitutions: [error instanceof Error ? error.message : String(error)] };
}

/** Writes `entry` back into `store` (the side it came from) without ever adding a second copy. */
export async function restoreEntry(params: { entry: StoredTrashEntry; store: Store }): Promise<BackgroundResponses["restoreTrash"]> {
  const { entry, store } = params;
  if (store.readOnly) return { ok: false, reason: "read-only" };
  try {
    const existing = (await store.list()).filter((i) => i.uid === entry.uid);
    const current = existing[0];
    if (!current) {
      await store.create({ uid: entry.uid, content: entry.content });
      return { ok: true, how: "created" };
    }
    const got = await store.get({ id: current.id });
    if (got && got.content === entry.content) return { ok: true, how: "unchanged" };
    await store.update({ id: current.id, version: current.version, content: entry.content });
    return { ok: true, how: "updated" };
  } catch (error) {
    return { ok: false, reason: "failed", message: failure(error) };
  }
}
