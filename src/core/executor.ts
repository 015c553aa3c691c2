// Applies a plan's actions through the two Stores, in chunks, saving status after every chunk so
// a killed sync loses nothing. A failed write keeps that item's old status (the next run sees the
// same difference and retries); a PreconditionFailed re-plans that one item once and never loops.
// Destroyed content goes to the Trash before the write. Returns a per-item run report.
import {
  assertNever,
  makeEntry,
  otherSide,
  statusRef,
  STATUS_SCHEMA_VERSION,
  type ItemRef,
  type ItemState,
  type Side,
  type StatusEntry,
  type SyncStatus,
} from "./vocabulary";
import type { Action, ActionKind } from "./plan-types";
import type { SyncSettings } from "./sync-settings";
import { PreconditionFailed, type Merger, type Store, type StoredItem, type Trash } from "./store";
import { planPair } from "./planner";

export const DEFAULT_CHUNK_SIZE = 100;

export interface ReportEntry {
  uid: string;
  action: ActionKind;
  side?: Side;
  result: "ok" | "failed" | "replanned";
  error?: string;
}

export interface RunReport {
  outcome: "completed" | "completed-with-errors" | "cancelled";
  done: number;
  total: number;
  entries: ReportEntry[];
  /** The status as last saved. */
  status: SyncStatus;
}

export interface ExecuteParams {
  actions: readonly Action[];
  status: SyncStatus;
  local: Store;
  remote: Store;
  /** Needed to re-plan an item after PreconditionFailed. */
  profile: SyncSettings;
  saveStatus: (status: SyncStatus) => Promise<void> | void;
  trash: Trash;
  merger?: Merger | undefined;
  chunkSize?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
}

type StatusChange = { kind: "set"; entry: StatusEntry } | { kind: "remove" } | { kind: "none" };

interface Ctx {
  stores: Record<Side, Store>;
  working: Map<string, StatusEntry>;
  params: ExecuteParams;
}

const stateRef = (s: ItemState): ItemRef => ({ id: s.id, version: s.version, hash: s.hash });

async function mustGet(params: { store: Store; id: string }): Promise<StoredItem> {
  const got = await params.store.get({ id: params.id });
  if (!got) throw new PreconditionFailed({ reason: "gone", id: params.id });
  return got;
}

function entryFor(params: { uid: string; side: Side; written: ItemRef; other: ItemRef }): StatusEntry {
  const { uid, side, written, other } = params;
  return side === "local" ? makeEntry({ uid, local: written, remote: other }) : makeEntry({ uid, local: other, remote: written });
}

/** Performs one action; throws on failure, in which case the item's status is left untouched. */
async function apply(ctx: Ctx, action: Action): Promise<StatusChange> {
  const { stores } = ctx;
  const { trash, merger } = ctx.params;
  switch (action.kind) {
    case "create": {
      const src = await mustGet({ store: stores[otherSide(action.side)], id: action.source.id });
      const res = await stores[action.side].create({ uid: src.state.uid, content: src.content });
      const written = { id: res.id, version: res.version, hash: src.state.hash };
      return { kind: "set", entry: entryFor({ uid: action.uid, side: action.side, written, other: stateRef(src.state) }) };
    }
    case "update": {
      const src = await mustGet({ store: stores[otherSide(action.side)], id: action.source.id });
      const target = stores[action.side];
      if (action.trash) {
        const old = await mustGet({ store: target, id: action.target.id });
        await trash.put({ side: action.side, uid: action.uid, id: action.target.id, content: old.content, cause: "overwritten" });
      }
      const res = await target.update({ id: action.target.id, version: action.target.version, content: src.content });
      const written = { id: res.id, version: res.version, hash: src.state.hash };
      return { kind: "set", entry: entryFor({ uid: action.uid, side: action.side, written, other: stateRef(src.state) }) };
    }
    case "delete": {
      const target = stores[action.side];
      const old = await mustGet({ store: target, id: action.target.id });
      await trash.put({ side: action.side, uid: action.uid, id: action.target.id, content: old.content, cause: "deleted" });
      await target.delete({ id: action.target.id, version: action.target.version });
      return { kind: "remove" };
    }
    case "merge": {
      if (!merger) throw new Error("field merge requested but no merger is configured");
      const local = await mustGet({ store: stores.local, id: action.local.id });
      const remote = await mustGet({ store: stores.remote, id: action.remote.id });
      const merged = await merger.merge({ uid: action.uid, local: local.content, remote: remote.content });
      await trash.put({ side: "local", uid: action.uid, id: action.local.id, content: local.content, cause: "overwritten" });
      await trash.put({ side: "remote", uid: action.uid, id: action.remote.id, content: remote.content, cause: "overwritten" });
      // If the second write fails, the old status makes the next run see the first write as an
      // ordinary edit on that side and copy it over.
      const l = await stores.local.update({ id: action.local.id, version: action.local.version, content: merged.content });
      const r = await stores.remote.update({ id: action.remote.id, version: action.remote.version, content: merged.content });
      const entry = makeEntry({
        uid: action.uid,
        local: { id: l.id, version: l.version, hash: merged.hash },
        remote: { id: r.id, version: r.version, hash: merged.hash },
      });
      return { kind: "set", entry };
    }
    case "update-status":
      return { kind: "set", entry: action.entry };
    case "forget-status":
      return { kind: "remove" };
    default:
      return assertNever(action);
  }
}

/** Ids on each side that may name this action's item now. */
function candidateIds(params: { action: Action; entry: StatusEntry | undefined }): Record<Side, string[]> {
  const { action, entry } = params;
  const ids: Record<Side, string[]> = { local: [], remote: [] };
  switch (action.kind) {
    case "create":
      ids[otherSide(action.side)].push(action.source.id);
      break;
    case "update":
      ids[action.side].push(action.target.id);
      ids[otherSide(action.side)].push(action.source.id);
      break;
    case "delete":
      ids[action.side].push(action.target.id);
      break;
    case "merge":
      ids.local.push(action.local.id);
      ids.remote.push(action.remote.id);
      break;
    case "update-status":
    case "forget-status":
      break;
    default:
      assertNever(action);
  }
  if (entry) for (const side of ["local", "remote"] as const) ids[side].push(statusRef({ entry, side }).id);
  return ids;
}

/** Looks at the item as it is now on both sides and plans it again (no deletion guard: one item). */
async function replan(ctx: Ctx, action: Action, error: PreconditionFailed): Promise<Action[]> {
  const entry = ctx.working.get(action.uid);
  const ids = candidateIds({ action, entry });
  const found: Partial<Record<Side, ItemState>> = {};
  for (const side of ["local", "remote"] as const) {
    for (const id of ids[side]) {
      const got = await ctx.stores[side].get({ id });
      if (got) {
        found[side] = got.state;
        break;
      }
    }
  }
  // A create that found an item already there (DAV 412 on If-None-Match): look it up by UID.
  if (action.kind === "create" && error.reason === "exists") {
    const uid = found[otherSide(action.side)]?.uid;
    const listed = uid === undefined ? [] : (await ctx.stores[action.side].list()).filter((i) => i.uid === uid);
    if (listed.length === 1) found[action.side] = listed[0];
  }
  const readOnly = { local: ctx.stores.local.readOnly, remote: ctx.stores.remote.readOnly };
  const pair = { key: action.uid, entry, local: found.local, remote: found.remote };
  return planPair({ pair, profile: ctx.params.profile, readOnly }).actions;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function sideOf(action: Action): Side | undefined {
  return action.kind === "create" || action.kind === "update" || action.kind === "delete" ? action.side : undefined;
}

async function runOne(ctx: Ctx, action: Action, entries: ReportEntry[], mayReplan: boolean): Promise<void> {
  const base: ReportEntry = { uid: action.uid, action: action.kind, result: "ok" };
  const side = sideOf(action);
  if (side) base.side = side;
  try {
    const change = await apply(ctx, action);
    if (change.kind === "set") ctx.working.set(action.uid, change.entry);
    else if (change.kind === "remove") ctx.working.delete(action.uid);
    entries.push(base);
  } catch (e) {
    // Rollback is "do nothing": the working status still holds this item's old entry.
    if (e instanceof PreconditionFailed && mayReplan) {
      entries.push({ ...base, result: "replanned", error: e.message });
      let next: Action[];
      try {
        next = await replan(ctx, action, e);
      } catch (inner) {
        entries.push({ ...base, result: "failed", error: message(inner) });
        return;
      }
      for (const a of next) await runOne(ctx, a, entries, false);
      return;
    }
    entries.push({ ...base, result: "failed", error: message(e) });
  }
}

export async function execute(params: ExecuteParams): Promise<RunReport> {
  const { actions, local, remote, saveStatus, signal, onProgress } = params;
  const chunkSize = Math.max(1, params.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const working = new Map<string, StatusEntry>();
  // A status the planner could not read was planned as "no status"; start from empty likewise.
  if (params.status.schemaVersion === STATUS_SCHEMA_VERSION) {
    for (const e of params.status.entries) if (!working.has(e.uid)) working.set(e.uid, e);
  }
  const ctx: Ctx = { stores: { local, remote }, working, params };
  const snapshot = (): SyncStatus => ({ schemaVersion: STATUS_SCHEMA_VERSION, entries: [...working.values()] });
  const entries: ReportEntry[] = [];
  const total = actions.length;
  let done = 0;
  let cancelled = false;
  let saved = snapshot();

  for (let start = 0; start < total && !cancelled; start += chunkSize) {
    for (const action of actions.slice(start, start + chunkSize)) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      await runOne(ctx, action, entries, true);
      done += 1;
      onProgress?.({ done, total });
    }
    saved = snapshot();
    await saveStatus(saved);
  }
  if (total === 0) await saveStatus(saved);

  const failed = entries.some((e) => e.result === "failed");
  return {
    outcome: cancelled ? "cancelled" : failed ? "completed-with-errors" : "completed",
    done,
    total,
    entries,
    status: saved,
  };
}
