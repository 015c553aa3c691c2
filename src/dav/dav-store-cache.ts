// What DavStore remembers between runs so an unchanged item is never downloaded again: per href
// its etag and facts (uid, hash, matchKey, lastModified, span), plus the collection's ctag /
// sync-token. Plain JSON: the caller persists it next to the sync status (CLI: the status file,
// add-on: storage.local). A cache for another URL or schema is dropped, which only costs a download.
import type { CollectionState } from "./listing";
import { pickFactsWith, type ItemFacts } from "./item-facts";

export const DAV_CACHE_SCHEMA_VERSION = 1;

export interface CachedDavItem extends ItemFacts {
  etag: string;
}

export interface DavStoreCache {
  schemaVersion: number;
  /** The collection URL the cache belongs to. */
  url: string;
  state: CollectionState;
  /** href (absolute URL as the server listed it) → what we know about it. */
  items: Record<string, CachedDavItem>;
}

export function emptyDavCache(params: { url: string }): DavStoreCache {
  return { schemaVersion: DAV_CACHE_SCHEMA_VERSION, url: params.url, state: {}, items: {} };
}

/** Accepts what exportCache() produced for this URL; anything else becomes an empty cache. */
export function importDavCache(params: { data: unknown; url: string }): DavStoreCache {
  const { data, url } = params;
  if (!data || typeof data !== "object") return emptyDavCache({ url });
  const c = data as Partial<DavStoreCache>;
  if (c.schemaVersion !== DAV_CACHE_SCHEMA_VERSION || c.url !== url || !c.items || typeof c.items !== "object") {
    return emptyDavCache({ url });
  }
  const items: Record<string, CachedDavItem> = {};
  for (const [href, item] of Object.entries(c.items)) {
    if (item && typeof item.etag === "string" && typeof item.uid === "string" && typeof item.hash === "string") {
      items[href] = pickFactsWith(item, { etag: item.etag });
    }
  }
  const state = c.state ?? {};
  return {
    schemaVersion: DAV_CACHE_SCHEMA_VERSION,
    url,
    state: { ctag: typeof state.ctag === "string" ? state.ctag : undefined, syncToken: typeof state.syncToken === "string" ? state.syncToken : undefined },
    items,
  };
}
