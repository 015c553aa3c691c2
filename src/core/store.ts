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
  /**
   * Optional bulk create: the executor hands it consecutive creates of one chunk. One result per
   * item, in order; a failed item must not fail the others (its error is what create would have
   * thrown). With `readBack` the store also returns each item as it now holds it (what get would
   * give right after the write), so no separate read is needed.
   */
  createMany?(params: { items: readonly { uid: string; content: string }[]; readBack: boolean }): Promise<CreateManyResult[]>;
}

export type CreateManyResult = { ok: true; result: WriteResult; stored?: StoredItem | undefined } | { ok: false; error: unknown };

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

/**
 * True for a failure of a whole side rather than of one item: the server refused the credentials,
 * asked us to wait (rate limit), or cannot be reached. A Store marks such errors with
 * `sideFailure: true` (DavError does); the executor then stops the run instead of sending every
 * remaining item to a side that will refuse it too — a wrong password retried per item locks accounts.
 */
export function isSideFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { sideFailure?: unknown }).sideFailure === true;
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
 * fields onto the other's object). Returns the merged content and its normalized hash. `base` is
 * the common ancestor when one is known (see the executor's mergeBase): with it a field deleted on
 * one side and untouched on the other is a deletion; without it the merge is a union.
 */
export interface Merger {
  merge(params: { uid: string; base?: string | undefined; local: string; remote: string }): Promise<{ content: string; hash: string }>;
}

/**
 * Carries one side's edit onto the other side's object instead of replacing it (implemented in
 * src/ical: patchItem): applies the changes from `before` to `after` (the source side's content at
 * the last sync and now) to `target` (what the written side holds), so what only the target has —
 * server X- properties, attachments, repeated properties Thunderbird drops — survives. Returns
 * `target` itself, unchanged, when there is nothing to carry; throws when a text cannot be read.
 */
export interface Patcher {
  /** `side` is the side written (the target's); the source is the other one. */
  patch(params: { uid: string; side: Side; target: string; before: string; after: string }): Promise<PatchResult> | PatchResult;
  /**
   * A `before` for a pair without a source base (first run, lost bases, a conflict the source wins
   * without one): the source side's content as it would be had it been written from `target` and
   * not edited since, so the patch carries only real edits. Undefined = copy whole, as without it.
   */
  syntheticBase?(params: { uid: string; side: Side; target: string }): string | undefined;
}

export interface PatchResult {
  content: string;
  /** Normalized hash of `content`, comparable with the stores' hashes. */
  hash: string;
}

/** One side's content as of the pair's last sync, at the version the status recorded for that side. */
export interface SideBase {
  version: string;
  content: string;
}

/** A pair's base: per side, what it held when the pair was last synced (sides not kept are absent). */
export type PairBase = { [S in Side]?: SideBase | undefined };

/**
 * Where the executor keeps bases, by pair uid. Data in, data out: the caller persists it next to
 * the status in saveStatus (after every chunk) and hands it back on the next run. `sides` says
 * whose base is worth its space (bases.ts basesNeeded): the executor records only those.
 */
export interface BaseStore {
  readonly sides: readonly Side[];
  get(params: { uid: string }): PairBase | undefined;
  set(params: { uid: string; base: PairBase }): void;
  delete(params: { uid: string }): void;
  /** Uids that have a base (to prune bases of pairs the status no longer knows). */
  uids(): string[];
  /** Optional: makes the bases of these pairs available to get (a store that loads lazily). */
  load?(params: { uids: readonly string[] }): Promise<void>;
}
