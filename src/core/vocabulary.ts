// The words of the sync core and the plain data they name. Every file in src/core uses them in
// exactly this sense; adapters fill these records, the planner only compares them.
//
//   item     one calendar event, task or contact as a whole (a recurring series with its
//            exceptions is one item). Its content is iCalendar / vCard text the core never parses.
//   uid      the item's UID property: what makes "the same item" on both sides.
//   id       where an item lives on one side: the Thunderbird item id locally, the href remotely.
//   href     the item's URL path on the server (the remote id).
//   etag     the server's version token of an item; locally the "version" is Thunderbird's
//            last-modified / generation. A new etag alone does not mean new content.
//   hash     a hash of the item's *normalized* content, computed outside core (src/ical) so that
//            both sides' hashes are comparable: equal hash = same content.
//   status   what the last sync left behind: one entry per synced pair, per side id + version + hash.
//   profile  one local folder <-> one server collection and its settings (sync-settings.ts).
//   side     "local" (Thunderbird) or "remote" (the DAV server).

export type Side = "local" | "remote";

export const SIDES: readonly Side[] = ["local", "remote"];

export function otherSide(side: Side): Side {
  return side === "local" ? "remote" : "local";
}

/** One item as an adapter lists it. Everything is computed outside core. */
export interface ItemState {
  /** Local item id or remote href. */
  id: string;
  uid: string;
  /** Local last-modified / generation, or remote ETag. Opaque; only compared for equality. */
  version: string;
  /** Hash of the normalized content; comparable across sides. */
  hash: string;
  /** Optional key for first-run pairing of items whose UIDs differ (e.g. summary+start+end). */
  matchKey?: string;
  /** LAST-MODIFIED in ms since the epoch; only the "automatic" conflict rule reads it. */
  lastModified?: number;
  /** False when the item lies outside the profile's time window (recurrences judged by the adapter). */
  inTimeRange?: boolean;
  /** False when the profile's category filter excludes the item (filters/scope.ts scopeFlag); undefined = no filter. */
  inScope?: boolean;
}

/** One side as given to the planner. */
export interface SideState {
  items: readonly ItemState[];
  /** Nothing may be written to this side (server ACL, or a read-only Thunderbird calendar). */
  readOnly: boolean;
}

/** What the last sync knew about one side of a pair. */
export interface LocalStatus {
  id: string;
  version: string;
  hash: string;
}

export interface RemoteStatus {
  href: string;
  etag: string;
  hash: string;
}

/**
 * One synced pair. `uid` is the pair's key: the UID the pair was first known by. Items are found
 * by id / href first and by this uid only as a fallback (an href that moved), so a later UID edit
 * or a first-run match by matchKey with different UIDs still finds its pair.
 */
export interface StatusEntry {
  uid: string;
  local: LocalStatus;
  remote: RemoteStatus;
}

/**
 * Bump when the shape changes; a status of a version migrateStatus cannot read is treated as
 * "no status". 2: the engine keeps bases (bases.ts) beside the status, so updates are patches.
 */
export const STATUS_SCHEMA_VERSION = 2;

export interface SyncStatus {
  schemaVersion: number;
  entries: readonly StatusEntry[];
}

/**
 * The status in the current schema, or undefined when it cannot be read. Version 1 (before bases)
 * has the same entries: it simply has no bases, so each pair's next update is a full copy.
 */
export function migrateStatus(status: unknown): SyncStatus | undefined {
  const s = status as Partial<SyncStatus> | null | undefined;
  if (!s || typeof s !== "object" || !Array.isArray(s.entries)) return undefined;
  if (s.schemaVersion === STATUS_SCHEMA_VERSION) return s as SyncStatus;
  if (s.schemaVersion === 1) return { schemaVersion: STATUS_SCHEMA_VERSION, entries: s.entries };
  return undefined;
}

export function emptyStatus(): SyncStatus {
  return { schemaVersion: STATUS_SCHEMA_VERSION, entries: [] };
}

/** A side's item reference as an action carries it: which item, at which version, with what content. */
export interface ItemRef {
  id: string;
  version: string;
  hash: string;
}

export function itemRef(item: ItemState): ItemRef {
  return { id: item.id, version: item.version, hash: item.hash };
}

/** The status record of one side, seen uniformly (local id/version or remote href/etag). */
export function statusRef(params: { entry: StatusEntry; side: Side }): ItemRef {
  const { entry, side } = params;
  return side === "local"
    ? { id: entry.local.id, version: entry.local.version, hash: entry.local.hash }
    : { id: entry.remote.href, version: entry.remote.etag, hash: entry.remote.hash };
}

export function makeEntry(params: { uid: string; local: ItemRef; remote: ItemRef }): StatusEntry {
  const { uid, local, remote } = params;
  return {
    uid,
    local: { id: local.id, version: local.version, hash: local.hash },
    remote: { href: remote.id, etag: remote.version, hash: remote.hash },
  };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
