// DavStore: core's Store over one CalDAV/CardDAV collection (fetch only: runs in Thunderbird and Node).
// list() answers from a cache (href → etag + facts, ctag / sync-token) and downloads only what the
// server reports new or changed: nothing when the ctag / sync-token are the saved ones (one PROPFIND),
// a sync-collection delta otherwise, a full etag listing as the fallback. Bodies fetched in a run are
// kept in memory for get(). Writes are conditional; a 412 / 404 becomes core's PreconditionFailed.
import { PreconditionFailed, type ItemState, type Store, type StoredItem, type WriteResult } from "../core";
import { queryCapabilities, type Capabilities, type ServerStrategy } from "./capabilities";
import type { DavContext } from "./context";
import { isDavError } from "./errors";
import { listChanges, type ItemRef } from "./listing";
import { create, remove, update } from "./writes";
import { hrefKey } from "./request";
import { importDavCache, type CachedDavItem, type DavStoreCache } from "./dav-store-cache";
import { itemStateOf, pickFacts, pickFactsWith, resourceName, type InspectItem, type ItemFacts, type TimeWindow } from "./item-facts";
import { downloadAll, downloadItems, type Downloaded } from "./dav-store-download";

export interface DavStoreParams {
  ctx: DavContext;
  /** The collection URL. */
  url: string;
  inspect: InspectItem;
  /** What exportCache() returned after the last run (any other value starts empty). */
  cache?: unknown;
  /** The profile's time window; without it items carry no inTimeRange. */
  window?: TimeWindow | undefined;
  /** Capabilities the caller already queried in this run (saves the PROPFIND). */
  capabilities?: Capabilities | undefined;
  /** Preset quirks or overrides (e.g. multiget chunk size). */
  strategy?: Partial<ServerStrategy> | undefined;
  /**
   * Forget a body once get() returned it (a later get downloads it again). For a caller that reads
   * each item once (the CLI), so a large first sync does not keep every body for the whole run.
   */
  releaseOnRead?: boolean | undefined;
  /**
   * Inspects downloaded items in batches elsewhere (the add-on's workers), in order; a failed
   * batch is inspected here with `inspect`. Without it every item is inspected as it arrives.
   */
  inspectMany?: ((texts: string[]) => Promise<ItemFacts[]>) | undefined;
  /** After every download chunk, so a caller can persist exportCache() and a killed run keeps it. */
  onFetched?: ((progress: { fetched: number; total: number }) => void | Promise<void>) | undefined;
  /** Where this run's bodies wait for get() (default: a Map in memory; the CLI spools them to disk). */
  bodies?: BodyStore | undefined;
  /** get() read a body back: its text and the facts listed for it (the CLI's inspector remembers them). */
  onBodyRead?: ((params: { text: string; facts: ItemFacts }) => void) | undefined;
}

/**
 * The bodies downloaded or written in a run, by href. A Map is one; a store may also drop a body
 * it cannot keep (has() then says false and get() downloads it again).
 */
export interface BodyStore {
  has(href: string): boolean;
  get(href: string): string | undefined;
  set(href: string, text: string): void;
  delete(href: string): void;
}

/** Items per inspectMany call: big enough to amortize a worker round trip, small enough to spread. */
const INSPECT_BATCH = 200;
/** …or fewer, once their texts reach this many characters (vCards with photos): a worker holds one batch. */
const INSPECT_BATCH_CHARS = 1 << 20;
/**
 * Batches with inspectMany at most, before a streamed download stops reading: enough to keep the
 * workers busy, while the rest of a large answer waits in the socket instead of in memory.
 */
const BATCHES_IN_FLIGHT = 4;

export class DavStore implements Store {
  private readonly p: DavStoreParams;
  private cache: DavStoreCache;
  /** hrefKey → href as the cache spells it (servers vary percent-encoding between answers). */
  private readonly keys = new Map<string, string>();
  /** Downloaded items waiting to be sent to inspectMany, and the length of their texts. */
  private batch: Downloaded[] = [];
  private batchChars = 0;
  /** Batches sent to inspectMany and not yet stored, oldest first; each resolves once stored. */
  private readonly inFlight: Promise<void>[] = [];
  /** The last batch's storing: batches are stored in arrival order, each as soon as its facts are in. */
  private stored: Promise<void> = Promise.resolve();
  /** Contents downloaded or written in this run, by href. */
  private readonly bodies: BodyStore;
  private caps: Capabilities | undefined;
  /** Grows whenever the cache changes (a caller persists only when it moved). */
  revision = 0;

  constructor(params: DavStoreParams) {
    this.p = params;
    this.bodies = params.bodies ?? new Map<string, string>();
    const given = params.capabilities;
    this.caps = given && params.strategy ? { ...given, strategy: { ...given.strategy, ...params.strategy } } : given;
    this.cache = importDavCache({ data: params.cache, url: params.url });
    for (const href of Object.keys(this.cache.items)) this.keys.set(hrefKey(href), href);
  }

  get readOnly(): boolean {
    return this.caps?.readOnly ?? false;
  }

  /** One PROPFIND per run (memoized): kind, privileges, ctag, sync-token, server strategy. */
  async capabilities(): Promise<Capabilities> {
    this.caps ??= await queryCapabilities({ ctx: this.p.ctx, url: this.p.url, ...(this.p.strategy ? { strategy: this.p.strategy } : {}) });
    return this.caps;
  }

  /** True when the ctag or sync-token say nothing changed since the cached listing. */
  async unchanged(): Promise<boolean> {
    const caps = await this.capabilities();
    const saved = this.cache.state;
    if (caps.ctag !== undefined) return caps.ctag === saved.ctag;
    return caps.syncToken !== undefined && caps.syncToken === saved.syncToken;
  }

  /** A snapshot to persist (JSON-safe). Shallow: cached records are replaced on change, never edited. */
  exportCache(): DavStoreCache {
    return { ...this.cache, state: { ...this.cache.state }, items: { ...this.cache.items } };
  }

  async list(): Promise<ItemState[]> {
    const caps = await this.capabilities();
    if (!(await this.unchanged()) && !(await this.initialQuery(caps))) {
      const res = await listChanges({ ctx: this.p.ctx, collection: caps, since: this.cache.state });
      let wanted: ItemRef[] = [];
      if (res.kind === "delta") {
        for (const href of res.deleted) this.forget(href);
        wanted = res.changed.filter((ref) => this.isStale(ref));
      } else if (res.kind === "full") {
        const listed = new Set(res.items.map((ref) => hrefKey(ref.href)));
        for (const [key, href] of [...this.keys]) if (!listed.has(key)) this.forget(href);
        wanted = res.items.filter((ref) => this.isStale(ref));
      }
      await this.download({ refs: wanted });
      // Only now: a run killed during the download keeps the old token and asks again.
      this.cache.state = res.state;
      this.revision += 1;
    }
    return Object.entries(this.cache.items).map(([href, item]) => this.stateOf({ href, item }));
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
    let href = this.keys.get(hrefKey(params.id));
    const held = href !== undefined && this.bodies.has(href);
    if (!held) {
      await this.download({ refs: [{ href: href ?? params.id, etag: undefined }] });
      href = this.keys.get(hrefKey(params.id));
    }
    const item = href === undefined ? undefined : this.cache.items[href];
    let content = href === undefined ? undefined : this.bodies.get(href);
    if (held && href !== undefined && content === undefined) {
      // Dropped by the body store after has() said yes (a spool that failed): fetched again.
      await this.download({ refs: [{ href, etag: undefined }] });
      content = this.bodies.get(href);
    }
    if (href !== undefined && this.p.releaseOnRead) this.bodies.delete(href);
    if (!item || content === undefined) return undefined;
    this.p.onBodyRead?.({ text: content, facts: pickFacts(item) });
    return { state: this.stateOf({ href: href!, item }), content };
  }

  /** Downloads the bodies of these hrefs in as few requests as the server allows (before executing a plan). */
  async prefetch(params: { ids: readonly string[] }): Promise<void> {
    const refs = params.ids
      .map((id) => this.keys.get(hrefKey(id)) ?? id)
      .filter((href) => !this.bodies.has(href))
      .map((href) => ({ href, etag: undefined }));
    await this.download({ refs });
  }

  async create(params: { uid: string; content: string }): Promise<WriteResult> {
    const caps = await this.capabilities();
    const name = resourceName({ uid: params.uid }) + (caps.kind === "calendar" ? ".ics" : ".vcf");
    try {
      const res = await create({ ctx: this.p.ctx, collection: caps, name, data: params.content });
      return this.remember({ href: res.href, etag: res.etag, content: params.content });
    } catch (e) {
      // 412: the href exists; 409 (Radicale) / 412 (Xandikos): the UID lives at another href.
      if (isDavError(e) && (e.kind === "precondition" || e.kind === "conflict")) {
        throw new PreconditionFailed({ reason: "exists", id: name, message: e.message });
      }
      throw e;
    }
  }

  async update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    const caps = await this.capabilities();
    try {
      const res = await update({ ctx: this.p.ctx, href: params.id, etag: params.version, kind: caps.kind, data: params.content });
      return this.remember({ href: params.id, etag: res.etag, content: params.content });
    } catch (e) {
      throw this.precondition({ error: e, id: params.id });
    }
  }

  async delete(params: { id: string; version: string }): Promise<void> {
    try {
      // Already gone (404) is success: the goal of a delete is reached.
      await remove({ ctx: this.p.ctx, href: params.id, etag: params.version });
    } catch (e) {
      throw this.precondition({ error: e, id: params.id });
    }
    this.forget(params.id);
  }

  // ---- internals ----

  /**
   * A first download on servers whose strategy says so (ServerStrategy.initialQuery): one
   * calendar-query with every item's data, under the state the capabilities PROPFIND read before it
   * (a change made meanwhile is reported again next time). False when it does not apply or the
   * server refuses the query: then the ordinary listing runs.
   */
  private async initialQuery(caps: Capabilities): Promise<boolean> {
    const { state, items } = this.cache;
    const fresh = state.ctag === undefined && state.syncToken === undefined && Object.keys(items).length === 0;
    if (!fresh || caps.kind !== "calendar" || !caps.strategy.initialQuery || (caps.syncToken === undefined && caps.ctag === undefined)) return false;
    try {
      await downloadAll({
        ctx: this.p.ctx,
        collection: caps,
        onItem: (item) => this.received(item),
        onChunk: this.settledChunk(),
        ready: () => (this.inFlight.length > BATCHES_IN_FLIGHT ? this.inFlight[0] : undefined),
      });
      await this.settleBatches();
    } catch (e) {
      await this.settleBatches().catch(() => undefined);
      if (!isDavError(e) || e.sideFailure || e.kind === "cancelled") throw e;
      for (const href of Object.keys(this.cache.items)) this.forget(href);
      return false;
    }
    this.cache.state = { ctag: caps.ctag, syncToken: caps.syncToken };
    this.revision += 1;
    return true;
  }

  private stateOf(params: { href: string; item: CachedDavItem }): ItemState {
    return itemStateOf({ id: params.href, version: params.item.etag, facts: params.item, window: this.p.window });
  }

  private isStale(ref: ItemRef): boolean {
    const href = this.keys.get(hrefKey(ref.href));
    const cached = href === undefined ? undefined : this.cache.items[href];
    return !cached || ref.etag === undefined || cached.etag !== ref.etag;
  }

  private forget(href: string): void {
    const key = hrefKey(href);
    const known = this.keys.get(key) ?? href;
    if (known in this.cache.items) this.revision += 1;
    delete this.cache.items[known];
    this.bodies.delete(known);
    this.keys.delete(key);
  }

  /** A downloaded item: inspected now, or queued for the next inspectMany batch. */
  private received(item: Downloaded): void {
    if (!this.p.inspectMany) {
      this.store(item);
      return;
    }
    this.batch.push(item);
    this.batchChars += item.data.length;
    if (this.batch.length >= INSPECT_BATCH || this.batchChars >= INSPECT_BATCH_CHARS) this.sendBatch();
  }

  private sendBatch(): void {
    const items = this.batch;
    this.batch = [];
    this.batchChars = 0;
    if (items.length === 0 || !this.p.inspectMany) return;
    const facts = this.p.inspectMany(items.map((item) => item.data));
    facts.catch(() => undefined); // awaited below
    // Stored as soon as its facts and every earlier batch are in: the bodies leave the download's
    // memory for the body store while the answer still streams.
    const done = this.stored.then(async () => {
      let found: ItemFacts[] | undefined;
      try {
        found = await facts;
      } catch {
        found = undefined; // inspected here instead
      }
      items.forEach((item, i) => this.store(item, found?.length === items.length ? found[i] : undefined));
    });
    this.stored = done;
    // Back pressure waits on this one, which never fails: a failure reaches settleBatches via `stored`.
    const settled = done.catch(() => undefined);
    this.inFlight.push(settled);
    void settled.then(() => this.inFlight.shift()); // batches finish in order: the oldest is this one
  }

  /** Stores every queued item, in arrival order, once its batch's facts are in. */
  private async settleBatches(): Promise<void> {
    this.sendBatch();
    const stored = this.stored;
    // A failed batch is reported once; later batches do not wait on it.
    this.stored = stored.catch(() => undefined);
    await stored;
  }

  private store(item: Downloaded, known?: ItemFacts): string {
    this.forget(item.href);
    const facts = known ?? this.p.inspect({ text: item.data });
    // No ETag from the server (rare): a version that never matches, so the next listing refreshes it.
    const etag = item.etag ?? `"no-etag:${facts.hash}"`;
    this.cache.items[item.href] = pickFactsWith(facts, { etag });
    this.revision += 1;
    this.keys.set(hrefKey(item.href), item.href);
    this.bodies.set(item.href, item.data);
    return etag;
  }

  /** After our own write: the next listing reports this etag and the item is not downloaded again. */
  private remember(params: { href: string; etag: string | undefined; content: string }): WriteResult {
    const etag = this.store({ href: params.href, etag: params.etag, data: params.content });
    return { id: params.href, version: etag };
  }

  private precondition(params: { error: unknown; id: string }): unknown {
    const { error, id } = params;
    if (!isDavError(error)) return error;
    // Whatever we cached about this href is no longer true.
    if (error.kind === "precondition" || error.kind === "not-found") this.bodies.delete(this.keys.get(hrefKey(id)) ?? id);
    if (error.kind === "precondition") return new PreconditionFailed({ reason: "changed", id, message: error.message });
    if (error.kind === "not-found") return new PreconditionFailed({ reason: "gone", id, message: error.message });
    return error;
  }

  private async download(params: { refs: readonly ItemRef[] }): Promise<void> {
    if (params.refs.length === 0) return;
    const caps = await this.capabilities();
    try {
      await downloadItems({
        ctx: this.p.ctx,
        collection: caps,
        refs: params.refs,
        onItem: (item) => this.received(item),
        // A queued item must not be forgotten after it is stored: settle first.
        onMissing: (href) => {
          this.batch = this.batch.filter((item) => hrefKey(item.href) !== hrefKey(href));
          this.forget(href);
        },
        onChunk: this.settledChunk(),
      });
    } finally {
      await this.settleBatches();
    }
  }

  /** onFetched, after the items received so far are stored (a caller persists exportCache()). */
  private settledChunk(): ((progress: { fetched: number; total: number }) => Promise<void>) | undefined {
    const onFetched = this.p.onFetched;
    if (!onFetched && !this.p.inspectMany) return undefined;
    return async (progress) => {
      await this.settleBatches();
      await onFetched?.(progress);
    };
  }
}
