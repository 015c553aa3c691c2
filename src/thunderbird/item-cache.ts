// What a local store remembers between syncs about each item it listed: the version it saw and
// what the content at that version hashed to. Thunderbird lists versions cheaply but content only
// one item at a time, so an unchanged version reuses its hash instead of re-reading the item.
// Contract: plain JSON (persisted with the profile's status in storage.local); a stale or missing
// entry only costs a re-read, never a wrong answer, as long as versions change on every save.
import type { ItemState } from "../core";
import type { ItemFacts } from "../dav/item-facts";
import { fnv1a64 } from "../ical/hash";
import { inspectItem } from "../ical/inspect";
import { itemSpan, type ItemSpan } from "../ical/item-span";

export interface CachedItem {
  version: string;
  uid: string;
  hash: string;
  matchKey?: string;
  lastModified?: number;
  /** Events and dated tasks: the time the item covers, for the profile's time window (time-window.ts). */
  span?: ItemSpan;
  /** The category filter's verdict (ItemState.inScope); absent when the profile has no filter. */
  inScope?: boolean;
}

/** No span (inside every window) when the dates cannot be walked: wrongly inside is merely synced. */
function spanOf(params: Parameters<typeof itemSpan>[0]): ItemSpan | undefined {
  try {
    return itemSpan(params);
  } catch {
    return undefined;
  }
}

/** Local item id → what we know about it. */
export type ItemCache = Record<string, CachedItem>;

/**
 * Identity and hash of one item's text. Content src/ical cannot read is still listed (uid "", so
 * the planner reports and skips it; raw text hashed): leaving it out would look like a deletion.
 */
export function describeItem(params: { id: string; version: string; text: string; included?: ((text: string) => boolean | undefined) | undefined }): CachedItem {
  const { id, version, text } = params;
  try {
    // One parse for identity, hash (equal to itemIdentity + contentHash) and span.
    const identity = inspectItem({ text });
    const facts: ItemFacts = {
      uid: identity.uid,
      hash: identity.hash,
      matchKey: identity.matchKey,
      lastModified: identity.lastModified,
      span: spanOf({ text, item: identity.item }),
      inScope: params.included?.(text),
    };
    return cachedFromFacts({ version, facts });
  } catch {
    return { version, uid: "", hash: `raw:${fnv1a64({ text })}` };
  }
}

/** The same entry from facts a listing already computed for exactly this text (describeItem's fields). */
export function cachedFromFacts(params: { version: string; facts: ItemFacts }): CachedItem {
  const { version, facts } = params;
  const cached: CachedItem = { version, uid: facts.uid, hash: facts.hash };
  if (facts.span) cached.span = facts.span;
  if (facts.matchKey) cached.matchKey = facts.matchKey;
  if (facts.lastModified !== undefined) cached.lastModified = facts.lastModified;
  if (facts.inScope !== undefined) cached.inScope = facts.inScope;
  return cached;
}

export function toItemState(params: { id: string; cached: CachedItem }): ItemState {
  const { id, cached } = params;
  const state: ItemState = { id, uid: cached.uid, version: cached.version, hash: cached.hash };
  if (cached.matchKey !== undefined) state.matchKey = cached.matchKey;
  if (cached.lastModified !== undefined) state.lastModified = cached.lastModified;
  if (cached.inScope !== undefined) state.inScope = cached.inScope;
  return state;
}

/** Drops entries of items that no longer exist, so the persisted cache does not grow forever. */
export function pruneCache(params: { cache: ItemCache; keep: Iterable<string> }): void {
  const keep = new Set(params.keep);
  for (const id of Object.keys(params.cache)) if (!keep.has(id)) delete params.cache[id];
}
