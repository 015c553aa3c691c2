// The interfaces the executor writes through: a Store per side (Thunderbird calendar / book, DAV
// collection, vdir folder, memory), the Trash that keeps what a sync destroys, and the Merger that
// field-merges two versions. Content is iCalendar / vCard text; core passes it along unread.
import type { ItemState, Side } from "./vocabulary";

export interface StoredItem {
  state: ItemState;
  content: string;
}

export interface WriteResult {
  /** The item's id / href after the write (a server may answer with another Location). */
  id: string;
  version: string;
}

export interface Store {
  readonly readOnly: boolean;
  list(): Promise<ItemState[]>;
  /** Undefined when the item is gone. */
  get(params: { id: string }): Promise<StoredItem | undefined>;
  /** Creates a new item (DAV: If-None-Match: *). `uid` lets a store pick an href. */
  create(params: { uid: string; content: string }): Promise<WriteResult>;
  /** Overwrites `id` if it is still at `version` (DAV: If-Match), else throws PreconditionFailed. */
  update(params: { id: string; version: string; content: string }): Promise<WriteResult>;
  /** Deletes `id` if it is still at `version`, else throws PreconditionFailed. */
  delete(params: { id: string; version: string }): Promise<void>;
}

/**
 * The item is not what the plan expected: it changed ("changed", DAV 412), it is gone ("gone",
 * 404 on update/delete), or a create found one already there ("exists", 412 on If-None-Match).
 * A race with another writer, not a bug: the executor re-plans that item once.
 */
export class PreconditionFailed extends Error {
  override readonly name = "PreconditionFailed";
  readonly reason: "changed" | "gone" | "exists";
  readonly id: string | undefined;

  constructor(params: { reason: "changed" | "gone" | "exists"; id?: string; message?: string }) {
    super(params.message ?? `precondition failed (${params.reason})${params.id ? ` for ${params.id}` : ""}`);
    this.reason = params.reason;
    this.id = params.id;
  }
}

/** What goes to the trash: an item's content just before a sync deleted or overwrote it. */
export interface TrashEntry {
  side: Side;
  uid: string;
  id: string;
  content: string;
  cause: "deleted" | "overwritten";
}

export interface Trash {
  put(entry: TrashEntry): Promise<void>;
}

/**
 * Field merge of two conflicting versions (implemented in src/ical: apply each side's changed
 * fields onto the other's object). Returns the merged content and its normalized hash.
 */
export interface Merger {
  merge(params: { uid: string; local: string; remote: string }): Promise<{ content: string; hash: string }>;
}
