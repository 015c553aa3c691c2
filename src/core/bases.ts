// Bases: per synced pair, each side's content as of the pair's last sync — the `before` that turns
// an update into a patch (executor.ts) and the common ancestor of a field merge. Which sides are
// worth keeping depends on the mode (basesNeeded); MemoryBaseStore holds them as plain JSON that
// the caller persists after every chunk with the status. A base is trusted only at the version the
// status recorded for its side, so a base that outlived its status (a killed run, a downgrade)
// is ignored and the item is copied whole, as before bases existed.
import type { BaseStore, PairBase, SideBase } from "./store";
import type { SyncMode } from "./sync-settings";
import { assertNever, SIDES, type Side } from "./vocabulary";

/** Bump when the exported shape changes; anything else imports as "no bases" (full copies once). */
export const BASES_SCHEMA_VERSION = 1;

export interface BasesExport {
  schemaVersion: number;
  sides: Side[];
  items: Record<string, PairBase>;
}

/**
 * The sides whose base a mode reads: a side's base is the `before` of patches *from* that side,
 * and the local base is the ancestor of a field merge. One-way modes thus keep only the source's
 * base (its target is overwritten whole when the user edited it there — replicate semantics); two-way keeps both.
 */
export function basesNeeded(params: { mode: SyncMode }): Side[] {
  switch (params.mode) {
    case "two-way":
      return ["local", "remote"];
    case "local-to-remote-replicate":
    case "local-to-remote-merge":
      return ["local"];
    case "remote-to-local-replicate":
    case "remote-to-local-merge":
      return ["remote"];
    default:
      return assertNever(params.mode);
  }
}

function isSideBase(value: unknown): value is SideBase {
  const v = value as Partial<SideBase> | null;
  return typeof v === "object" && v !== null && typeof v.version === "string" && typeof v.content === "string";
}

/**
 * A BaseStore in memory. Persist either `export()` whole (`data` reads it back), or per pair with
 * drainChanges() and `items` (PairBase records by uid) to read them back.
 */
export class MemoryBaseStore implements BaseStore {
  readonly sides: readonly Side[];
  private readonly items = new Map<string, PairBase>();
  /** Uids set or deleted since the last drainChanges(). */
  private readonly dirty = new Set<string>();
  /** Grows on every change: a caller persists only when it moved since its last save. */
  revision = 0;

  /** Fetches stored bases by uid (a lazily loading store: only the pairs a run touches). */
  private readonly loader: ((uids: string[]) => Promise<Record<string, unknown>>) | undefined;
  private readonly loaded = new Set<string>();

  constructor(params: { sides?: readonly Side[]; data?: unknown; items?: Record<string, unknown>; loader?: (uids: string[]) => Promise<Record<string, unknown>> } = {}) {
    this.sides = params.sides ?? SIDES;
    this.loader = params.loader;
    const data = params.data as Partial<BasesExport> | null | undefined;
    const valid = data && typeof data === "object" && data.schemaVersion === BASES_SCHEMA_VERSION && data.items && typeof data.items === "object";
    const items = { ...(valid ? data.items : {}), ...params.items } as Record<string, PairBase | undefined>;
    for (const [uid, pair] of Object.entries(items)) {
      const kept: PairBase = {};
      // A side no longer kept (the mode changed) is dropped: its base may be stale by now.
      for (const side of this.sides) if (isSideBase(pair?.[side])) kept[side] = pair[side];
      if (kept.local || kept.remote) this.items.set(uid, kept);
    }
  }

  /** With a loader: reads the bases of `uids` not seen yet (set or loaded); without one, nothing to do. */
  async load(params: { uids: readonly string[] }): Promise<void> {
    if (!this.loader) return;
    const missing = params.uids.filter((uid) => !this.loaded.has(uid) && !this.items.has(uid) && !this.dirty.has(uid));
    for (const uid of missing) this.loaded.add(uid);
    if (missing.length === 0) return;
    const found = await this.loader(missing);
    for (const [uid, pair] of Object.entries(found)) {
      // A pair set or deleted while the read was under way keeps that newer state.
      if (this.dirty.has(uid)) continue;
      const kept = this.keptSides(pair);
      if (kept) this.items.set(uid, kept);
    }
  }

  private keptSides(pair: unknown): PairBase | undefined {
    const p = pair as PairBase | undefined;
    const kept: PairBase = {};
    for (const side of this.sides) if (isSideBase(p?.[side])) kept[side] = p[side];
    return kept.local || kept.remote ? kept : undefined;
  }

  get(params: { uid: string }): PairBase | undefined {
    return this.items.get(params.uid);
  }

  set(params: { uid: string; base: PairBase }): void {
    const kept: PairBase = {};
    for (const side of this.sides) {
      const b = params.base[side];
      if (b) kept[side] = { version: b.version, content: b.content };
    }
    if (kept.local || kept.remote) this.items.set(params.uid, kept);
    else this.items.delete(params.uid);
    this.dirty.add(params.uid);
    this.revision += 1;
  }

  delete(params: { uid: string }): void {
    if (!this.items.delete(params.uid)) return;
    this.dirty.add(params.uid);
    this.revision += 1;
  }

  /**
   * What changed since the last call: for a caller that persists one record per pair and writes
   * only those (a whole-store export per chunk would rewrite every item's content each time).
   */
  drainChanges(): { changed: Record<string, PairBase>; deleted: string[] } {
    const changed: Record<string, PairBase> = {};
    const deleted: string[] = [];
    for (const uid of this.dirty) {
      const base = this.items.get(uid);
      if (base) changed[uid] = base;
      else deleted.push(uid);
    }
    this.dirty.clear();
    return { changed, deleted };
  }

  uids(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  export(): BasesExport {
    return { schemaVersion: BASES_SCHEMA_VERSION, sides: [...this.sides], items: Object.fromEntries(this.items) };
  }
}
