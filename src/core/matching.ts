// Pairs the listed items of both sides with each other and with the status: status entries find
// their items by id / href first and by uid as a fallback (an href that moved); items status does
// not know are matched by UID, then by matchKey (first run, or after "clear cache"). Duplicate
// UIDs on a side freeze that UID on both sides and are reported, never fatal.
import type { ItemState, Side, StatusEntry, SyncStatus } from "./vocabulary";
import { migrateStatus } from "./vocabulary";
import type { Problem } from "./plan-types";

export interface Pair {
  /** The status key: the entry's uid, or a new pair's UID (made unique if already taken). */
  key: string;
  entry?: StatusEntry;
  local?: ItemState;
  remote?: ItemState;
}

interface SideIndex {
  byId: Map<string, ItemState>;
  byUid: Map<string, ItemState[]>;
}

function indexSide(params: { side: Side; items: readonly ItemState[]; problems: Problem[] }): SideIndex {
  const { side, items, problems } = params;
  const byId = new Map<string, ItemState>();
  const byUid = new Map<string, ItemState[]>();
  for (const item of items) {
    if (item.uid === "") {
      problems.push({ kind: "missing-uid", side, id: item.id });
      continue;
    }
    if (byId.has(item.id)) {
      // A listing that names one href twice is the adapter's or server's bug; the first wins.
      problems.push({ kind: "duplicate-id", side, id: item.id });
      continue;
    }
    byId.set(item.id, item);
    const same = byUid.get(item.uid);
    if (same) same.push(item);
    else byUid.set(item.uid, [item]);
  }
  return { byId, byUid };
}

function duplicateUids(params: { side: Side; index: SideIndex; problems: Problem[] }): Set<string> {
  const { side, index, problems } = params;
  const dup = new Set<string>();
  for (const [uid, items] of index.byUid) {
    if (items.length > 1) {
      dup.add(uid);
      problems.push({ kind: "duplicate-uid", side, uid, ids: items.map((i) => i.id) });
    }
  }
  return dup;
}

/** Entries of a status we can read; others are reported and the run proceeds as a first run. */
function usableEntries(params: { status: SyncStatus; problems: Problem[] }): StatusEntry[] {
  const { problems } = params;
  const status = migrateStatus(params.status);
  if (!status) {
    problems.push({ kind: "status-schema", found: params.status.schemaVersion });
    return [];
  }
  const seen = new Set<string>();
  const entries: StatusEntry[] = [];
  for (const entry of status.entries) {
    if (seen.has(entry.uid)) {
      problems.push({ kind: "status-duplicate", uid: entry.uid });
      continue;
    }
    seen.add(entry.uid);
    entries.push(entry);
  }
  return entries;
}

export function pairItems(params: {
  status: SyncStatus;
  local: readonly ItemState[];
  remote: readonly ItemState[];
}): { pairs: Pair[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const idx = {
    local: indexSide({ side: "local", items: params.local, problems }),
    remote: indexSide({ side: "remote", items: params.remote, problems }),
  };
  const frozenUids = new Set([
    ...duplicateUids({ side: "local", index: idx.local, problems }),
    ...duplicateUids({ side: "remote", index: idx.remote, problems }),
  ]);
  const claimed = { local: new Set<string>(), remote: new Set<string>() };
  const claim = (side: Side, item: ItemState | undefined): ItemState | undefined => {
    if (!item || claimed[side].has(item.id)) return undefined;
    claimed[side].add(item.id);
    return item;
  };

  const entries = usableEntries({ status: params.status, problems });
  const usedKeys = new Set(entries.map((e) => e.uid));
  // Pass 1, by id: the normal case, and robust against an item whose UID was edited.
  const resolved = entries.map((entry) => ({
    entry,
    local: claim("local", idx.local.byId.get(entry.local.id)),
    remote: claim("remote", idx.remote.byId.get(entry.remote.href)),
  }));
  // Pass 2, by uid for what pass 1 did not find: the item moved to another href.
  const byUidUnclaimed = (side: Side, uid: string): ItemState | undefined => {
    const items = idx[side].byUid.get(uid);
    return items?.length === 1 && !claimed[side].has(items[0]!.id) ? items[0] : undefined;
  };
  for (const r of resolved) {
    r.local ??= claim("local", byUidUnclaimed("local", r.entry.uid));
    r.remote ??= claim("remote", byUidUnclaimed("remote", r.entry.uid));
  }

  const pairs: Pair[] = [];
  for (const r of resolved) {
    const touchesFrozen = [r.entry.uid, r.local?.uid, r.remote?.uid].some((u) => u !== undefined && frozenUids.has(u));
    // Frozen: status stays as it is until the user removes the duplicate.
    if (!touchesFrozen) pairs.push({ key: r.entry.uid, entry: r.entry, local: r.local, remote: r.remote });
  }

  const unclaimed = (side: Side): ItemState[] =>
    [...idx[side].byId.values()].filter((i) => !claimed[side].has(i.id) && !frozenUids.has(i.uid));
  const newKey = (uid: string, id: string): string => {
    const key = usedKeys.has(uid) ? `${uid}\u0000${id}` : uid;
    usedKeys.add(key);
    return key;
  };

  // First-run pairing by UID.
  const remoteLeft = new Map(unclaimed("remote").map((i) => [i.uid, i]));
  const localLeft: ItemState[] = [];
  for (const local of unclaimed("local")) {
    const remote = remoteLeft.get(local.uid);
    if (remote) {
      remoteLeft.delete(local.uid);
      pairs.push({ key: newKey(local.uid, local.id), local, remote });
    } else {
      localLeft.push(local);
    }
  }
  // Then by matchKey, only where a key names exactly one item on each side (else it is a guess).
  const byMatchKey = (items: Iterable<ItemState>): Map<string, ItemState | null> => {
    const map = new Map<string, ItemState | null>();
    for (const i of items) if (i.matchKey !== undefined) map.set(i.matchKey, map.has(i.matchKey) ? null : i);
    return map;
  };
  const remoteKeys = byMatchKey(remoteLeft.values());
  const localKeys = byMatchKey(localLeft);
  for (const local of localLeft) {
    const remote = local.matchKey === undefined ? undefined : remoteKeys.get(local.matchKey);
    if (remote && localKeys.get(local.matchKey!) === local) {
      remoteLeft.delete(remote.uid);
      pairs.push({ key: newKey(local.uid, local.id), local, remote });
    } else {
      pairs.push({ key: newKey(local.uid, local.id), local });
    }
  }
  for (const remote of remoteLeft.values()) pairs.push({ key: newKey(remote.uid, remote.id), remote });
  return { pairs, problems };
}
