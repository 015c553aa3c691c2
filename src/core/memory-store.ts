// An in-memory Store for tests and the headless engine's self-check. Behaves like a careful DAV
// collection (versions change on every write, preconditions enforced) and has knobs for what real
// stores do to us: failing writes, etags that change without content changes, read-only access.
// User-side helpers (put / edit / remove) change data as a person or another client would.
import type { ItemState } from "./vocabulary";
import { PreconditionFailed, type Store, type StoredItem, type Trash, type TrashEntry, type WriteResult } from "./store";

export interface WriteOp {
  kind: "create" | "update" | "delete";
  id?: string;
  uid?: string;
}

export interface MemoryStoreOptions {
  /** Id prefix, e.g. "L" for local ids or "/cal/" for hrefs. */
  prefix: string;
  readOnly?: boolean;
  /** Source of lastModified (ms); tests share one logical clock between both stores. */
  clock?: () => number;
  /** Every list() gives every item a new version over the same content (bogus etag changes). */
  flakyEtags?: boolean;
  /** Return true to make that write throw (after nothing was written). */
  failWrite?: (op: WriteOp) => boolean;
  inTimeRange?: (content: string) => boolean;
  matchKey?: (content: string) => string | undefined;
  /**
   * What the store makes of what a sync writes (create / update): Thunderbird drops what it cannot
   * model (repeated properties, VCALENDAR-level ones); a server may add its own properties. User
   * edits (put / edit) are stored as given.
   */
  rewrite?: (content: string) => string;
}

interface Rec {
  uid: string;
  content: string;
  version: string;
  lastModified: number;
}

/** A small deterministic content hash (cyrb53); stands in for the normalized hash of src/ical. */
export function contentHash(content: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < content.length; i++) {
    const ch = content.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

export class MemoryStore implements Store {
  readOnly: boolean;
  flakyEtags: boolean;
  failWrite: ((op: WriteOp) => boolean) | undefined;
  /** Writes the sync attempted (including failed and refused ones), by kind. */
  readonly attempts = { create: 0, update: 0, delete: 0 };
  private readonly recs = new Map<string, Rec>();
  private counter = 0;
  private readonly opts: MemoryStoreOptions;

  constructor(opts: MemoryStoreOptions) {
    this.opts = opts;
    this.readOnly = opts.readOnly ?? false;
    this.flakyEtags = opts.flakyEtags ?? false;
    this.failWrite = opts.failWrite;
  }

  private nextVersion(): string {
    this.counter += 1;
    return `${this.opts.prefix}v${this.counter}`;
  }

  private now(): number {
    return this.opts.clock?.() ?? 0;
  }

  private state(id: string, rec: Rec): ItemState {
    const s: ItemState = { id, uid: rec.uid, version: rec.version, hash: contentHash(rec.content), lastModified: rec.lastModified };
    const key = this.opts.matchKey?.(rec.content);
    if (key !== undefined) s.matchKey = key;
    if (this.opts.inTimeRange) s.inTimeRange = this.opts.inTimeRange(rec.content);
    return s;
  }

  private guard(op: WriteOp): void {
    this.attempts[op.kind] += 1;
    if (this.readOnly) throw new Error(`read-only store ${this.opts.prefix}: ${op.kind} refused`);
    if (this.failWrite?.(op)) throw new Error(`injected ${op.kind} failure${op.id ? ` on ${op.id}` : ""}`);
  }

  private expect(id: string, version: string): Rec {
    const rec = this.recs.get(id);
    if (!rec) throw new PreconditionFailed({ reason: "gone", id });
    if (rec.version !== version) throw new PreconditionFailed({ reason: "changed", id });
    return rec;
  }

  // ---- Store ----

  async list(): Promise<ItemState[]> {
    if (this.flakyEtags) for (const rec of this.recs.values()) rec.version = this.nextVersion();
    return [...this.recs].map(([id, rec]) => this.state(id, rec));
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
    const rec = this.recs.get(params.id);
    return rec ? { state: this.state(params.id, rec), content: rec.content } : undefined;
  }

  async create(params: { uid: string; content: string }): Promise<WriteResult> {
    this.guard({ kind: "create", uid: params.uid });
    return this.put({ uid: params.uid, content: this.opts.rewrite?.(params.content) ?? params.content });
  }

  async update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    this.guard({ kind: "update", id: params.id });
    const rec = this.expect(params.id, params.version);
    rec.content = this.opts.rewrite?.(params.content) ?? params.content;
    rec.version = this.nextVersion();
    rec.lastModified = this.now();
    return { id: params.id, version: rec.version };
  }

  async delete(params: { id: string; version: string }): Promise<void> {
    this.guard({ kind: "delete", id: params.id });
    this.expect(params.id, params.version);
    this.recs.delete(params.id);
  }

  // ---- what users and other clients do (bypasses read-only: the server's owner may write) ----

  /** Adds an item with a fresh id; returns the new id and version. */
  put(params: { uid: string; content: string }): WriteResult {
    this.counter += 1;
    const id = `${this.opts.prefix}${this.counter}`;
    const version = this.nextVersion();
    this.recs.set(id, { uid: params.uid, content: params.content, version, lastModified: this.now() });
    return { id, version };
  }

  edit(params: { id: string; content: string; uid?: string }): void {
    const rec = this.recs.get(params.id);
    if (!rec) throw new Error(`no item ${params.id}`);
    rec.content = params.content;
    if (params.uid !== undefined) rec.uid = params.uid;
    rec.version = this.nextVersion();
    rec.lastModified = this.now();
  }

  remove(params: { id: string }): void {
    this.recs.delete(params.id);
  }

  /** Moves an item to another id without touching it (a server renaming an href). */
  move(params: { id: string; to: string }): void {
    const rec = this.recs.get(params.id);
    if (!rec) throw new Error(`no item ${params.id}`);
    this.recs.delete(params.id);
    this.recs.set(params.to, rec);
  }

  ids(): string[] {
    return [...this.recs.keys()];
  }

  entries(): { id: string; uid: string; content: string }[] {
    return [...this.recs].map(([id, r]) => ({ id, uid: r.uid, content: r.content }));
  }

  /** The store's content as sorted "uid content" lines, for comparing sides. */
  contents(): string[] {
    return [...this.recs.values()].map((r) => `${r.uid} ${r.content}`).sort();
  }

  uids(): string[] {
    return [...this.recs.values()].map((r) => r.uid);
  }

  find(uid: string): { id: string; content: string; version: string } | undefined {
    for (const [id, r] of this.recs) if (r.uid === uid) return { id, content: r.content, version: r.version };
    return undefined;
  }

  get size(): number {
    return this.recs.size;
  }
}

/** A Trash that keeps everything in memory. */
export class MemoryTrash implements Trash {
  readonly entries: TrashEntry[] = [];
  async put(entry: TrashEntry): Promise<void> {
    this.entries.push(entry);
  }
}
