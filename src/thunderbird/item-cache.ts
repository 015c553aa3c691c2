// What a local store remembers between syncs about each item it listed: the version it saw and
// what the content at that version hashed to. Thunderbird lists versions cheaply but content only
// one item at a time, so an unchanged version reuses its hash instead of re-reading the item.
// Contract: plain JSON (persisted with the profile's status in storage.local); a stale or missing
// entry only costs a re-read, never a wrong answer, as long as versions change on every save.
import type { ItemState } from "../core";
import { contentHash, fnv1a64 } from "../ical/hash";
import { itemIdentity } from "../ical/identity";

export interface CachedItem {
  version: string;
  uid: string;
  hash: string;
  matchKey?: string;
  lastModified?: number;
}

/** Local item id → what we know about it. */
export type ItemCache = Record<string, CachedItem>;

/**
 * Identity and hash of one item's text. Content src/ical cannot read is still listed (uid "", so
 * the planner reports and skips it; raw text hashed): leaving it out would look like a deletion.
 */
export function describeItem(params: { id: string; version: string; text: string }): CachedItem {
  const { id, version, text } = params;
  try {
    const identity = itemIdentity({ text });
    const cached: CachedItem = { version, uid: identity.uid, hash: contentHash({ text }) };
    if (identity.matchKey) cached.matchKey = identity.matchKey;
    if (identity.lastModified !== undefined) cached.lastModified = identity.lastModified;
    return cached;
  } catch {
    return { version, uid: "", hash: `raw:${fnv1a64({ text })}` };
  }
}

export function toItemState(params: { id: string; cached: CachedItem }): ItemState {
  const { id, cached } = params;
  const state: ItemState = { id, uid: cached.uid, version: cached.version, hash: cached.hash };
  if (cached.matchKey !== undefined) state.matchKey = cached.matchKey;
  if (cached.lastModified !== undefined) state.lastModified = cached.lastModified;
  return state;
}

/** Drops entries of items that no longer exist, so the persisted cache does not grow forever. */
export function pruneCache(params: { cache: ItemCache; keep: Iterable<string> }): void {
  const keep = new Set(params.keep);
  for (const id of Object.keys(params.cache)) if (!keep.has(id)) delete params.cache[id];
}
