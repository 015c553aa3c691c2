// A BaseStore whose local side may hold content in a store's own form until it is read: the
// CalendarStore keeps each first-sync read-back as Thunderbird's text (CalendarStore.baseContent)
// and converts it only when the executor reads that base for a patch or a merge. Everything else
// — what is written, loaded and persisted — passes through to the MemoryBaseStore unchanged.
import type { BaseStore, MemoryBaseStore, PairBase, Side } from "../core";

export function decodedBases(params: { bases: MemoryBaseStore; side: Side; decode: (content: string) => string }): BaseStore {
  const { bases, side, decode } = params;
  // One conversion per pair and version, however often the executor reads it.
  const decoded = new Map<string, { version: string; stored: string; content: string }>();
  const read = (uid: string): PairBase | undefined => {
    const base = bases.get({ uid });
    const mine = base?.[side];
    if (!base || !mine) return base;
    const known = decoded.get(uid);
    if (known && known.version === mine.version && known.stored === mine.content) return { ...base, [side]: { version: mine.version, content: known.content } };
    const content = decode(mine.content);
    if (content === mine.content) return base;
    decoded.set(uid, { version: mine.version, stored: mine.content, content });
    return { ...base, [side]: { version: mine.version, content } };
  };
  const store: BaseStore = {
    sides: bases.sides,
    get: ({ uid }) => read(uid),
    set: (p) => {
      decoded.delete(p.uid);
      bases.set(p);
    },
    delete: (p) => {
      decoded.delete(p.uid);
      bases.delete(p);
    },
    uids: () => bases.uids(),
    load: (p) => bases.load(p),
  };
  return store;
}
