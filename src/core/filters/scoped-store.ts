// A Store seen through the profile's category filter: its listing carries each item's final
// `inScope` flag (sticky filters keep items the status knows) and leaves out the items that are
// out of scope and unknown to the status. Those are another profile's business — e.g. several
// server calendars merged into one Thunderbird calendar, one profile per category — and would
// otherwise count in the deletion guard's sizes or pair by matchKey with this profile's items.
// Known out-of-scope items stay listed (flagged), so their absence never reads as a deletion.
import type { CategoryFilter } from "../profile/schema";
import type { Store, StoredItem, WriteResult } from "../store";
import { statusRef, type ItemState, type Side, type SyncStatus } from "../vocabulary";
import { scopeFlag } from "./scope";

/** The listing with final scope flags; unknown out-of-scope items left out. Unchanged when the filter is off. */
export function scopeListing(params: { items: readonly ItemState[]; filter: CategoryFilter; status: SyncStatus; side: Side }): ItemState[] {
  const { items, filter, status, side } = params;
  if (filter.kind === "off") return [...items];
  const ids = new Set(status.entries.map((entry) => statusRef({ entry, side }).id));
  const uids = new Set(status.entries.map((entry) => entry.uid));
  const out: ItemState[] = [];
  for (const item of items) {
    const known = ids.has(item.id) || (item.uid !== "" && uids.has(item.uid));
    // An item the adapter gave no verdict (unreadable text) is in scope: hiding it could lose it.
    const inScope = scopeFlag({ filter, result: { included: item.inScope !== false }, known });
    if (inScope === false && !known) continue;
    out.push(inScope === undefined ? item : Object.assign({}, item, { inScope }));
  }
  return out;
}

export class ScopedStore implements Store {
  readonly readOnly: boolean;
  private readonly p: { store: Store; filter: CategoryFilter; status: SyncStatus; side: Side };

  readonly createMany?: Store["createMany"];

  constructor(params: { store: Store; filter: CategoryFilter; status: SyncStatus; side: Side }) {
    this.p = params;
    this.readOnly = params.store.readOnly;
    const inner = params.store;
    if (inner.createMany) this.createMany = (p) => inner.createMany!(p);
  }

  async list(): Promise<ItemState[]> {
    const { store, ...rest } = this.p;
    return scopeListing({ items: await store.list(), ...rest });
  }

  get(params: { id: string }): Promise<StoredItem | undefined> {
    return this.p.store.get(params);
  }

  create(params: { uid: string; content: string }): Promise<WriteResult> {
    return this.p.store.create(params);
  }

  update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    return this.p.store.update(params);
  }

  delete(params: { id: string; version: string }): Promise<void> {
    return this.p.store.delete(params);
  }
}
