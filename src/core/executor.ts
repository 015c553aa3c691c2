// Applies a plan's actions through the two Stores, in chunks, saving status after every chunk so
// a killed sync loses nothing. A failed write keeps that item's old status (the next run sees the
// same difference and retries); a PreconditionFailed re-plans that one item once and never loops.
// Destroyed content goes to the Trash before the write. Returns a per-item run report. A side
// failure (isSideFailure: sign-in refused, rate limit, unreachable) stops the run: status saved, rethrown.
// With a Patcher and a BaseStore an update is a patch: only what the source changed since the
// pair's last sync is carried onto the target's object (writeContent); bases follow every write.
import {
  assertNever,
  makeEntry,
  otherSide,
  migrateStatus,
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
import {
  isSideFailure,
  PreconditionFailed,
  type BaseStore,
  type Merger,
  type PairBase,
  type Patcher,
  type PatchResult,
  type SideBase,
  type Store,
  type StoredItem,
  type Trash,
  type CreateManyResult,
} from "./store";
import { planPair } from "./planner";

export const DEFAULT_CHUNK_SIZE = 100;

/**
 * Server writes in flight for the CLI and the add-on (ExecuteParams.serverConcurrency): below the
 * 6 connections per host that Thunderbird and Node open, and enough to hide most of a round trip.
 */
export const SERVER_WRITES_IN_FLIGHT = 4;

/**
 * Chunks of bulk creates sent before the oldest of them is recorded (execute): the target store
 * (Thunderbird's main thread) always has the next chunk while this side digests and saves.
 */
const PIPELINE_DEPTH = 3;

export interface ReportEntry {
  uid: string;
  action: ActionKind;
  side?: Side;
  result: "ok" | "failed" | "replanned";
  error?: string;
  /** A failure's _locales key and substitutions when the error carries them (src/dav's DavError). */
  messageKey?: string;
  substitutions?: string[];
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
  /** Turns updates into patches (needs `bases`); without it, or without a base, updates copy whole. */
  patcher?: Patcher | undefined;
  /** Each side's content as of the last sync, per pair; updated after every write. */
  bases?: BaseStore | undefined;
  chunkSize?: number | undefined;
  /**
   * Items whose one write goes to the server (a create, update or delete on the remote side) that
   * may be in flight at once, within a chunk (default 1). Over the internet each write is a round
   * trip; the items are independent (one UID each) and each is recorded as it ends.
   */
  serverConcurrency?: number | undefined;
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

// ---- bases ----

const keeps = (ctx: Ctx, side: Side): boolean => ctx.params.bases?.sides.includes(side) ?? false;

/** The side's base, if it is the content at exactly the version the working status recorded. */
function baseOf(ctx: Ctx, params: { uid: string; side: Side }): string | undefined {
  const { uid, side } = params;
  const entry = ctx.working.get(uid);
  const base = ctx.params.bases?.get({ uid })?.[side];
  return entry && base && base.version === statusRef({ entry, side }).version ? base.content : undefined;
}

/**
 * After our write to `side`: the item as that store now holds it, when its base is kept. Thunderbird
 * drops what it cannot model; its next edit is diffed against this read-back, so those drops never
 * look like the user's deletions. Best effort: without a trustworthy read-back that side has no base.
 */
async function readBack(ctx: Ctx, params: { side: Side; id: string; version: string }): Promise<StoredItem | undefined> {
  if (!keeps(ctx, params.side)) return undefined;
  try {
    const got = await ctx.stores[params.side].get({ id: params.id });
    return got && got.state.version === params.version ? got : undefined;
  } catch (e) {
    if (isSideFailure(e)) throw e;
    return undefined;
  }
}

function setBase(ctx: Ctx, params: { uid: string; base: PairBase }): void {
  const { bases } = ctx.params;
  if (bases) bases.set({ uid: params.uid, base: params.base });
}

/**
 * The written side's base: only its read-back. What we sent is not what a lossy store keeps, and a
 * base richer than the store's copy would turn its losses into deletions on the next patch.
 */
function baseOfWrite(params: { res: { version: string }; back: StoredItem | undefined }): SideBase | undefined {
  return params.back ? { version: params.res.version, content: params.back.content } : undefined;
}

/** `written` and its read-back as what the status and the base record for the written side. */
function writtenRef(params: { res: { id: string; version: string }; hash: string; back: StoredItem | undefined }): ItemRef {
  const { res, hash, back } = params;
  // The read-back's hash is what the store lists at this version: a later version bump without an
  // edit then compares equal instead of looking like a change.
  return { id: res.id, version: res.version, hash: back?.state.hash ?? hash };
}

/**
 * What to write over the target of an update. A patch needs the source's base (`before`) and an
 * object to patch: the target as it is when it is unchanged since the last sync, or — when its own
 * edit must lose (a conflict, a replicate revert) — its base, so its edit is undone but what only it
 * had at the last sync survives. Anything missing (first sync, a cleared cache, a status from before
 * bases) means a full copy, as does a patch that cannot be computed: one unreadable base must not
 * block the item forever.
 */
async function writeContent(
  ctx: Ctx,
  params: { action: Extract<Action, { kind: "update" }>; src: StoredItem; current: StoredItem | undefined },
): Promise<PatchResult & { patched: boolean }> {
  const { action, src, current } = params;
  const whole = { content: src.content, hash: src.state.hash, patched: false };
  const { patcher } = ctx.params;
  const known = baseOf(ctx, { uid: action.uid, side: otherSide(action.side) });
  const target = action.trash ? (baseOf(ctx, { uid: action.uid, side: action.side }) ?? (known === undefined ? current?.content : undefined)) : current?.content;
  if (!patcher || target === undefined) return whole;
  try {
    // Without the source's base, the patcher may know what the source would hold had nothing been
    // edited since `target` was copied to it (a mapped profile: README of src/ical/mapping, step 3).
    const before = known ?? patcher.syntheticBase?.({ uid: action.uid, side: action.side, target });
    if (before === undefined) return whole;
    const res = await patcher.patch({ uid: action.uid, side: action.side, target, before, after: src.content });
    return { ...res, patched: true };
  } catch (e) {
    if (isSideFailure(e)) throw e;
    return whole;
  }
}

/** Bases after update-status: kept where the content did not change, read again where it did. */
async function refreshBases(ctx: Ctx, params: { uid: string; entry: StatusEntry }): Promise<void> {
  const { uid, entry } = params;
  const { bases } = ctx.params;
  if (!bases || bases.sides.length === 0) return;
  const old = ctx.working.get(uid);
  const next: PairBase = {};
  for (const side of bases.sides) {
    const ref = statusRef({ entry, side });
    const known = baseOf(ctx, { uid, side });
    if (known !== undefined && old && statusRef({ entry: old, side }).hash === ref.hash) {
      next[side] = { version: ref.version, content: known }; // a new etag over the same content
      continue;
    }
    const back = await readBack(ctx, { side, id: ref.id, version: ref.version });
    if (back) next[side] = { version: ref.version, content: back.content };
  }
  setBase(ctx, { uid, base: next });
}

/**
 * The merge's common ancestor: the local base (Thunderbird's copy after the last sync — diffing
 * against the richer server copy would make what Thunderbird cannot keep look like local deletions),
 * else the remote one.
 */
function mergeBase(ctx: Ctx, uid: string): string | undefined {
  return baseOf(ctx, { uid, side: "local" }) ?? baseOf(ctx, { uid, side: "remote" });
}

/** Performs one action; throws on failure, in which case the item's status is left untouched. */
async function apply(ctx: Ctx, action: Action): Promise<StatusChange> {
  const { stores } = ctx;
  const { trash, merger } = ctx.params;
  switch (action.kind) {
    case "create": {
      const from = otherSide(action.side);
      const src = await mustGet({ store: stores[from], id: action.source.id });
      const res = await stores[action.side].create({ uid: src.state.uid, content: src.content });
      const back = await readBack(ctx, { side: action.side, id: res.id, version: res.version });
      const written = writtenRef({ res, hash: src.state.hash, back });
      setBase(ctx, { uid: action.uid, base: { [from]: { version: src.state.version, content: src.content }, [action.side]: baseOfWrite({ res, back }) } });
      return { kind: "set", entry: entryFor({ uid: action.uid, side: action.side, written, other: stateRef(src.state) }) };
    }
    case "update": {
      const from = otherSide(action.side);
      const src = await mustGet({ store: stores[from], id: action.source.id });
      const target = stores[action.side];
      // The target's current content: for the trash, and as the object a patch is applied to.
      const { patcher } = ctx.params;
      const patchable = patcher !== undefined && (baseOf(ctx, { uid: action.uid, side: from }) !== undefined || patcher.syntheticBase !== undefined);
      const current = action.trash || patchable ? await mustGet({ store: target, id: action.target.id }) : undefined;
      if (action.trash && current) {
        await trash.put({ side: action.side, uid: action.uid, id: action.target.id, content: current.content, cause: "overwritten" });
      }
      const next = await writeContent(ctx, { action, src, current });
      const srcBase = { version: src.state.version, content: src.content };
      if (!action.trash && current && next.patched && next.content === current.content && current.state.version === action.target.version) {
        // Nothing the source changed reaches the target (e.g. only fields the target cannot hold):
        // no write, only status and bases move on.
        setBase(ctx, { uid: action.uid, base: { [from]: srcBase, [action.side]: { version: current.state.version, content: current.content } } });
        return { kind: "set", entry: entryFor({ uid: action.uid, side: action.side, written: stateRef(current.state), other: stateRef(src.state) }) };
      }
      const res = await target.update({ id: action.target.id, version: action.target.version, content: next.content });
      const back = await readBack(ctx, { side: action.side, id: res.id, version: res.version });
      const written = writtenRef({ res, hash: next.hash, back });
      setBase(ctx, { uid: action.uid, base: { [from]: srcBase, [action.side]: baseOfWrite({ res, back }) } });
      return { kind: "set", entry: entryFor({ uid: action.uid, side: action.side, written, other: stateRef(src.state) }) };
    }
    case "delete": {
      const target = stores[action.side];
      const old = await mustGet({ store: target, id: action.target.id });
      await trash.put({ side: action.side, uid: action.uid, id: action.target.id, content: old.content, cause: "deleted" });
      await target.delete({ id: action.target.id, version: action.target.version });
      ctx.params.bases?.delete({ uid: action.uid });
      return { kind: "remove" };
    }
    case "merge": {
      if (!merger) throw new Error("field merge requested but no merger is configured");
      const local = await mustGet({ store: stores.local, id: action.local.id });
      const remote = await mustGet({ store: stores.remote, id: action.remote.id });
      const base = mergeBase(ctx, action.uid);
      const merged = await merger.merge({ uid: action.uid, ...(base !== undefined ? { base } : {}), local: local.content, remote: remote.content });
      await trash.put({ side: "local", uid: action.uid, id: action.local.id, content: local.content, cause: "overwritten" });
      await trash.put({ side: "remote", uid: action.uid, id: action.remote.id, content: remote.content, cause: "overwritten" });
      // If the second write fails, the old status makes the next run see the first write as an
      // ordinary edit on that side and copy it over.
      const l = await stores.local.update({ id: action.local.id, version: action.local.version, content: merged.content });
      const r = await stores.remote.update({ id: action.remote.id, version: action.remote.version, content: merged.content });
      const lBack = await readBack(ctx, { side: "local", id: l.id, version: l.version });
      const rBack = await readBack(ctx, { side: "remote", id: r.id, version: r.version });
      setBase(ctx, {
        uid: action.uid,
        base: { local: baseOfWrite({ res: l, back: lBack }), remote: baseOfWrite({ res: r, back: rBack }) },
      });
      const entry = makeEntry({
        uid: action.uid,
        local: writtenRef({ res: l, hash: merged.hash, back: lBack }),
        remote: writtenRef({ res: r, hash: merged.hash, back: rBack }),
      });
      return { kind: "set", entry };
    }
    case "update-status":
      await refreshBases(ctx, { uid: action.uid, entry: action.entry });
      return { kind: "set", entry: action.entry };
    case "forget-status":
      ctx.params.bases?.delete({ uid: action.uid });
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

/** The error's own _locales message, duck-typed: core does not import src/dav. */
function messageKeyOf(e: unknown): Pick<ReportEntry, "messageKey" | "substitutions"> {
  const { messageKey, substitutions } = (e ?? {}) as { messageKey?: unknown; substitutions?: unknown };
  if (typeof messageKey !== "string") return {};
  return { messageKey, substitutions: Array.isArray(substitutions) ? substitutions.map(String) : [] };
}

function sideOf(action: Action): Side | undefined {
  return action.kind === "create" || action.kind === "update" || action.kind === "delete" ? action.side : undefined;
}

async function runOne(ctx: Ctx, action: Action, entries: ReportEntry[], mayReplan: boolean): Promise<void> {
  const base = reportBase(action);
  try {
    const change = await apply(ctx, action);
    if (change.kind === "set") ctx.working.set(action.uid, change.entry);
    else if (change.kind === "remove") ctx.working.delete(action.uid);
    entries.push(base);
  } catch (e) {
    await onFailure(ctx, { action, error: e, entries, mayReplan });
  }
}

function reportBase(action: Action): ReportEntry {
  const base: ReportEntry = { uid: action.uid, action: action.kind, result: "ok" };
  const side = sideOf(action);
  if (side) base.side = side;
  return base;
}

/** One item's failure: re-plan it once after PreconditionFailed, else report it. A side failure stops the run. */
async function onFailure(ctx: Ctx, params: { action: Action; error: unknown; entries: ReportEntry[]; mayReplan: boolean }): Promise<void> {
  const { action, error: e, entries, mayReplan } = params;
  const base = reportBase(action);
  // Rollback is "do nothing": the working status still holds this item's old entry.
  if (isSideFailure(e)) throw e;
  if (e instanceof PreconditionFailed && mayReplan) {
    entries.push({ ...base, result: "replanned", error: e.message });
    let next: Action[];
    try {
      next = await replan(ctx, action, e);
    } catch (inner) {
      if (isSideFailure(inner)) throw inner;
      entries.push({ ...base, result: "failed", error: message(inner) });
      return;
    }
    for (const a of next) await runOne(ctx, a, entries, false);
    return;
  }
  entries.push({ ...base, result: "failed", error: message(e), ...messageKeyOf(e) });
}

type CreateAction = Extract<Action, { kind: "create" }>;

/** An action whose only write is to the server, and that is not a bulk create: it may run beside others. */
function serverWrite(ctx: Ctx, action: Action | undefined): boolean {
  if (!action || (action.kind !== "create" && action.kind !== "update" && action.kind !== "delete")) return false;
  return action.side === "remote" && !bulkCreate(ctx, action);
}

/**
 * Runs consecutive server writes (distinct UIDs) with up to `limit` in flight. Like TCP's slow start,
 * the first write goes alone and each one that succeeds doubles the window; a failed or re-planned
 * item closes it to one again. A server that refuses the password, limits the rate or cannot be
 * reached thus sees one request from the run, as before, not `limit`. Each item's report entries keep
 * plan order; onDone follows completion. After a side failure no new item starts; those in flight end
 * (and are recorded) before it is rethrown, like items that ended before it.
 */
async function runServerWrites(
  ctx: Ctx,
  params: { actions: readonly Action[]; limit: number; entries: ReportEntry[]; signal: AbortSignal | undefined; onDone: () => void },
): Promise<number> {
  const { actions, limit, signal } = params;
  const own: ReportEntry[][] = actions.map(() => []);
  const running = new Set<Promise<void>>();
  let next = 0;
  let window = 1;
  let sideFailure: { error: unknown } | undefined;
  const start = (k: number) => {
    const item = (async () => {
      try {
        await runOne(ctx, actions[k]!, own[k]!, true);
        window = own[k]!.every((e) => e.result === "ok") ? Math.min(limit, window * 2) : 1;
        params.onDone();
      } catch (error) {
        sideFailure ??= { error };
      }
    })();
    running.add(item);
    void item.then(() => running.delete(item));
  };
  for (;;) {
    while (!sideFailure && !signal?.aborted && next < actions.length && running.size < window) start(next++);
    if (running.size === 0) break;
    await Promise.race(running);
  }
  for (const list of own) params.entries.push(...list);
  if (sideFailure) throw sideFailure.error;
  return next;
}

/** The consecutive server writes from `start` on, within the chunk, each UID once. */
function serverWriteRun(ctx: Ctx, chunk: readonly Action[], start: number): Action[] {
  const run: Action[] = [];
  const uids = new Set<string>();
  for (let i = start; i < chunk.length && serverWrite(ctx, chunk[i]) && !uids.has(chunk[i]!.uid); i++) {
    run.push(chunk[i]!);
    uids.add(chunk[i]!.uid);
  }
  return run;
}

/** A create its target store can take in a bulk call (Store.createMany). */
function bulkCreate(ctx: Ctx, action: Action | undefined): CreateAction | undefined {
  return action?.kind === "create" && ctx.stores[action.side].createMany ? action : undefined;
}

/** A chunk of bulk creates into one side only: it may overlap its neighbour (execute). */
function pipelinable(ctx: Ctx, chunk: readonly Action[]): boolean {
  const first = bulkCreate(ctx, chunk[0]);
  return first !== undefined && chunk.every((a) => bulkCreate(ctx, a)?.side === first.side);
}

/**
 * Consecutive creates into one side in one createMany call; per item exactly what apply's create
 * does: a failed item keeps its old (absent) status, is re-planned after PreconditionFailed or
 * reported, and never fails the others. Items written before a side failure are recorded first.
 */
async function runCreates(ctx: Ctx, actions: readonly CreateAction[], entries: ReportEntry[]): Promise<void> {
  await digestCreates(ctx, actions, await issueCreates(ctx, actions), entries);
}

/** A bulk create sent to its store, its results still to come. */
interface IssuedCreates {
  ready: { action: CreateAction; src: StoredItem }[];
  failures: { action: CreateAction; error: unknown }[];
  /** Rejects only with a side failure; undefined = the bulk call itself failed (one at a time then). */
  results: Promise<CreateManyResult[] | undefined>;
}

/** Reads the sources and starts the createMany call, without waiting for it. */
async function issueCreates(ctx: Ctx, actions: readonly CreateAction[]): Promise<IssuedCreates> {
  const side = actions[0]!.side;
  const from = otherSide(side);
  const store = ctx.stores[side];
  const ready: { action: CreateAction; src: StoredItem }[] = [];
  const failures: { action: CreateAction; error: unknown }[] = [];
  for (const action of actions) {
    try {
      ready.push({ action, src: await mustGet({ store: ctx.stores[from], id: action.source.id }) });
    } catch (error) {
      if (isSideFailure(error)) throw error;
      failures.push({ action, error });
    }
  }
  const call = async (): Promise<CreateManyResult[] | undefined> => {
    if (ready.length === 0) return undefined;
    try {
      return await store.createMany!({ items: ready.map((r) => ({ uid: r.src.state.uid, content: r.src.content })), readBack: keeps(ctx, side) });
    } catch (e) {
      if (isSideFailure(e)) throw e;
      return undefined;
    }
  };
  const results = call();
  results.catch(() => undefined); // awaited by digestCreates
  return { ready, failures, results };
}

/** Records what an issued bulk create did: status, bases and report, per item. */
async function digestCreates(ctx: Ctx, actions: readonly CreateAction[], issued: IssuedCreates, entries: ReportEntry[]): Promise<void> {
  const side = actions[0]!.side;
  const from = otherSide(side);
  const { ready, failures } = issued;
  const results = await issued.results;
  const done = new Map<CreateAction, ReportEntry[]>();
  const sideFailures: unknown[] = [];
  if (ready.length > 0 && (!results || results.length !== ready.length)) {
    // The bulk call itself failed: one at a time (an item it did write is then found and paired).
    for (const { action } of ready) {
      const own: ReportEntry[] = [];
      try {
        await runOne(ctx, action, own, true);
      } catch (e) {
        sideFailures.push(e);
        break;
      }
      done.set(action, own);
    }
  } else {
    ready.forEach(({ action, src }, i) => {
      const got = results![i]!;
      if (!got.ok) {
        failures.push({ action, error: got.error });
        return;
      }
      const res = got.result;
      const back = keeps(ctx, side) && got.stored && got.stored.state.version === res.version ? got.stored : undefined;
      const written = writtenRef({ res, hash: src.state.hash, back });
      setBase(ctx, { uid: action.uid, base: { [from]: { version: src.state.version, content: src.content }, [side]: baseOfWrite({ res, back }) } });
      ctx.working.set(action.uid, entryFor({ uid: action.uid, side, written, other: stateRef(src.state) }));
      done.set(action, [reportBase(action)]);
    });
  }
  if (sideFailures.length > 0) throw sideFailures[0];
  for (const { action, error } of failures) {
    const own: ReportEntry[] = [];
    await onFailure(ctx, { action, error, entries: own, mayReplan: true });
    done.set(action, own);
  }
  for (const action of actions) entries.push(...(done.get(action) ?? []));
}

export async function execute(params: ExecuteParams): Promise<RunReport> {
  const { actions, local, remote, saveStatus, signal, onProgress } = params;
  const chunkSize = Math.max(1, params.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const serverConcurrency = Math.max(1, params.serverConcurrency ?? 1);
  const working = new Map<string, StatusEntry>();
  // A status the planner could not read was planned as "no status"; start from empty likewise.
  for (const e of migrateStatus(params.status)?.entries ?? []) if (!working.has(e.uid)) working.set(e.uid, e);
  // Bases of pairs the status no longer knows (a run killed before its save) are of no use.
  if (params.bases) for (const uid of params.bases.uids()) if (!working.has(uid)) params.bases.delete({ uid });
  const ctx: Ctx = { stores: { local, remote }, working, params };
  const snapshot = (): SyncStatus => ({ schemaVersion: STATUS_SCHEMA_VERSION, entries: [...working.values()] });
  const entries: ReportEntry[] = [];
  const total = actions.length;
  let done = 0;
  let cancelled = false;
  let saved = snapshot();

  // A lazily loading BaseStore fetches only the bases of the pairs this run touches.
  if (params.bases?.load && total > 0) await params.bases.load({ uids: [...new Set(actions.map((a) => a.uid))] });

  // A chunk of nothing but bulk creates into one side runs while the previous one is finishing:
  // the target (Thunderbird's main thread) takes the next chunk while we digest the last one's
  // read-backs and save. At most two chunks in flight; statuses are saved in chunk order, each
  // after its own chunk is done (an item is in the status only once it is written).
  let inflight: Promise<void> | undefined;
  /** Chunks sent and not yet recorded, oldest first; each one's chain waits for the one before. */
  const chains: Promise<void>[] = [];
  const settle = async (): Promise<void> => {
    const running = inflight;
    inflight = undefined;
    chains.length = 0;
    if (running) await running;
  };

  try {
    for (let start = 0; start < total && !cancelled; start += chunkSize) {
      const chunk = actions.slice(start, start + chunkSize);
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      if (pipelinable(ctx, chunk)) {
        const previous = inflight;
        const own: ReportEntry[] = [];
        // Sent now, in chunk order; recorded once the previous chunk is recorded and saved.
        let issued: IssuedCreates;
        try {
          issued = await issueCreates(ctx, chunk as CreateAction[]);
        } catch (e) {
          await settle().catch(() => undefined);
          await saveStatus(snapshot());
          throw e;
        }
        const running = (async () => {
          if (previous) await previous.catch(() => undefined);
          await digestCreates(ctx, chunk as CreateAction[], issued, own);
        })();
        running.catch(() => undefined); // observed by the chain below
        inflight = (async () => {
          let failure: { error: unknown } | undefined;
          try {
            if (previous) await previous;
          } catch (error) {
            failure = { error };
          }
          try {
            await running;
          } catch (error) {
            failure ??= { error };
          }
          if (failure) {
            // Keep what is done, then let the caller report the failure.
            await saveStatus(snapshot());
            throw failure.error;
          }
          entries.push(...own);
          for (let k = 0; k < chunk.length; k += 1) {
            done += 1;
            onProgress?.({ done, total });
          }
          saved = snapshot();
          await saveStatus(saved);
        })();
        inflight.catch(() => undefined); // awaited by the next chunk or settle()
        chains.push(inflight);
        // Once this one is under way, wait for the oldest: at most PIPELINE_DEPTH chunks in flight.
        if (chains.length >= PIPELINE_DEPTH) await chains.shift();
        continue;
      }
      await settle();
      for (let i = 0; i < chunk.length; ) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        // Consecutive server writes overlap their round trips.
        const writes = serverConcurrency > 1 ? serverWriteRun(ctx, chunk, i) : [];
        if (writes.length > 1) {
          let started: number;
          try {
            started = await runServerWrites(ctx, {
              actions: writes,
              limit: serverConcurrency,
              entries,
              signal,
              onDone: () => {
                done += 1;
                onProgress?.({ done, total });
              },
            });
          } catch (e) {
            // Keep what is done (each failed item's old entry included), then let the caller report the failure.
            await saveStatus(snapshot());
            throw e;
          }
          i += started;
          continue;
        }
        // Consecutive creates into a store with createMany go in one call.
        const first = bulkCreate(ctx, chunk[i]);
        const group: Action[] = [chunk[i]!];
        if (first) {
          for (let next = bulkCreate(ctx, chunk[i + group.length]); next && next.side === first.side; next = bulkCreate(ctx, chunk[i + group.length])) group.push(next);
        }
        try {
          if (first) await runCreates(ctx, group as CreateAction[], entries);
          else await runOne(ctx, group[0]!, entries, true);
        } catch (e) {
          // Keep what is done (this item's old entry included), then let the caller report the failure.
          await saveStatus(snapshot());
          throw e;
        }
        i += group.length;
        for (let k = 0; k < group.length; k += 1) {
          done += 1;
          onProgress?.({ done, total });
        }
      }
      saved = snapshot();
      await saveStatus(saved);
    }
  } finally {
    // A chunk still in flight finishes (and saves) before the run ends, however it ends.
    if (inflight) await inflight.catch(() => undefined);
  }
  await settle();
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
