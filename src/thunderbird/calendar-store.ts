// CalendarStore: the events or the tasks of one Thunderbird calendar as a core Store, over the
// davsyncCalendar experiment. Item id = UID; version = LAST-MODIFIED + generation (every save
// changes one of them); hash / uid / matchKey come from src/ical, cached per version (item-cache).
// Every write is announced to the EchoFilter, so the change trigger ignores it. Translates only:
// whether the calendar may be written is decided by the caller (readOnly, asOwner). Items cross in
// the server's spelling: every write goes through toThunderbird (Windows TZIDs → IANA, X-ALT-DESC →
// sanitized DESCRIPTION;ALTREP) and every read through fromThunderbird (ALTREP → X-ALT-DESC).
import { PreconditionFailed, type CreateManyResult, type ItemState, type Store, type StoredItem, type WriteResult } from "../core";
import { fromThunderbird, toThunderbird, type HtmlSanitizer, type ItemMapping } from "../ical";
import type { EchoFilter } from "./echo-filter";
import type { ItemFacts } from "../dav/item-facts";
import { cachedFromFacts, describeItem, pruneCache, toItemState, type CachedItem, type ItemCache } from "./item-cache";

type Api = typeof messenger.davsyncCalendar;
export type CalendarApi = Pick<Api, "listItems" | "getItems" | "addItem" | "modifyItem" | "deleteItem"> & Partial<Pick<Api, "addItems">>;

export interface CalendarStoreParams {
  api: CalendarApi;
  calendarId: string;
  /** Only items of this type belong to the profile; a calendar may hold events and tasks. */
  itemType: "event" | "task";
  /** Nothing may be written (a calendar the user made read-only). */
  readOnly: boolean;
  /** Write with the experiment's asOwner option: the calendar is our read-only mirror. */
  asOwner: boolean;
  cache: ItemCache;
  echo: EchoFilter;
  /** Items read per getItems call; one call costs a child→parent round trip. */
  readChunk?: number;
  /** Makes HTML descriptions safe to render (createHtmlSanitizer); without it X-ALT-DESC stays opaque. */
  sanitize?: HtmlSanitizer | undefined;
  /** Plain text of an HTML description, for an item that has no DESCRIPTION of its own. */
  htmlToText?: ((html: string) => string) | undefined;
  /**
   * The profile's item mapping (src/ical/mapping). With it the store speaks the server's spelling
   * on both ends: every write is mapped to-local before toThunderbird, every read is mapped
   * to-server after fromThunderbird. Hashes and the scope verdict are taken of the local form,
   * as the remote side hashes its items mapped to-local: an untouched pair hashes equal.
   */
  mapping?: ItemMapping | undefined;
  /**
   * What the listing already found for a local text about to be written (FactsMemo.take): the
   * written item's state is then taken from it instead of parsing the text again.
   */
  knownFacts?: ((localText: string) => ItemFacts | undefined) | undefined;
  /**
   * listItems of this calendar, already asked for (at the start of the run, beside the server's
   * PROPFIND): the first list() takes it instead of asking again; a failed one is asked again.
   */
  prefetched?: Promise<messenger.davsyncCalendar.ItemSummary[] | undefined> | undefined;
  /**
   * Whether anything but our own writes touched the calendar since its last listing
   * (LocalChangeLedger): when nothing did, list() answers from the cache without asking Thunderbird.
   */
  changes?: { unchanged(): boolean; listing(): void; changed(): void } | undefined;
}

const DEFAULT_READ_CHUNK = 200;

/** Marks content that is Thunderbird's own text, not yet in the server's spelling (baseContent). */
const THUNDERBIRD_TEXT = "\u0000thunderbird-ics\u0000";

/** Thunderbird's text in the server's spelling; text src/ical cannot read is passed on as it is. */
function serverForm(ics: string): string {
  try {
    return fromThunderbird({ text: ics });
  } catch {
    return ics;
  }
}

export function calendarVersion(summary: { lastModified: number | null; generation?: number }): string {
  return `${summary.lastModified ?? "-"}/${summary.generation ?? 0}`;
}

/** Thunderbird's "already exists" / "does not exist" refusals, as the core's race signal. */
function preconditionFrom(params: { error: unknown; id: string }): PreconditionFailed | undefined {
  const message = params.error instanceof Error ? params.error.message : String(params.error);
  if (/already exists/.test(message)) return new PreconditionFailed({ reason: "exists", id: params.id, message });
  if (/does not exist/.test(message)) return new PreconditionFailed({ reason: "gone", id: params.id, message });
  return undefined;
}

export class CalendarStore implements Store {
  readonly readOnly: boolean;
  private readonly p: CalendarStoreParams;

  /** Present when the experiment has addItems: a chunk's creates in one call (see addMany). */
  readonly createMany?: Store["createMany"];

  constructor(params: CalendarStoreParams) {
    this.p = params;
    this.readOnly = params.readOnly;
    if (params.api.addItems) this.createMany = (p) => this.addMany(p);
  }

  private get options(): messenger.davsyncCalendar.WriteOptions {
    return { asOwner: this.p.asOwner };
  }

  /** The text Thunderbird handles well; an unreadable text goes as it is (Thunderbird will say why). */
  private thunderbirdForm(content: string, local = this.localForm(content)): string {
    try {
      return toThunderbird({ text: local, ...(this.p.sanitize ? { sanitize: this.p.sanitize } : {}), ...(this.p.htmlToText ? { htmlToText: this.p.htmlToText } : {}) });
    } catch {
      return content;
    }
  }

  async list(): Promise<ItemState[]> {
    const { api, calendarId, itemType, cache } = this.p;
    if (this.p.changes?.unchanged()) {
      // Exactly what a listing would give: the cache holds every item listed or written since.
      return Object.entries(cache).map(([id, cached]) => toItemState({ id, cached }));
    }
    this.p.changes?.listing();
    const early = this.p.prefetched ? await this.p.prefetched : undefined;
    this.p.prefetched = undefined; // a later list() (a re-plan) asks afresh
    const summaries = (early ?? (await api.listItems(calendarId))).filter((s) => s.type === itemType);
    const stale = summaries.filter((s) => cache[s.id]?.version !== calendarVersion(s)).map((s) => s.id);
    const chunk = this.p.readChunk ?? DEFAULT_READ_CHUNK;
    for (let i = 0; i < stale.length; i += chunk) {
      for (const got of await api.getItems(calendarId, stale.slice(i, i + chunk))) {
        if (got.ics !== null && got.summary) this.remember({ id: got.id, version: calendarVersion(got.summary), text: serverForm(got.ics) });
      }
    }
    pruneCache({ cache, keep: summaries.map((s) => s.id) });
    // An item deleted between listItems and getItems has no cache entry: it is simply not listed.
    return summaries.flatMap((s) => {
      const cached = cache[s.id];
      return cached ? [toItemState({ id: s.id, cached })] : [];
    });
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
    const [got] = await this.p.api.getItems(this.p.calendarId, [params.id]);
    if (!got?.ics || !got.summary || got.summary.type !== this.p.itemType) return undefined;
    const text = serverForm(got.ics);
    const cached = this.remember({ id: params.id, version: calendarVersion(got.summary), text });
    return { state: toItemState({ id: params.id, cached }), content: this.mappedToServer(text) };
  }

  async create(params: { uid: string; content: string }): Promise<WriteResult> {
    const { api, calendarId, echo } = this.p;
    // Thunderbird's item id is the UID of the content.
    const key = { folderId: calendarId, itemId: params.uid };
    echo.begin(key);
    try {
      const summary = await api.addItem(calendarId, this.thunderbirdForm(params.content), this.options);
      return this.written({ key, summary, content: params.content });
    } catch (error) {
      echo.end({ key, failed: true });
      throw preconditionFrom({ error, id: key.itemId }) ?? error;
    }
  }

  /**
   * Several creates in one addItems call (Thunderbird adds them concurrently). Per item the same as
   * create; with `readBack` the item as Thunderbird stored it comes back too (what get would read),
   * from the same call.
   */
  private async addMany(params: { items: readonly { uid: string; content: string }[]; readBack: boolean }): Promise<CreateManyResult[]> {
    const { api, calendarId, echo, itemType } = this.p;
    const keys = params.items.map((item) => ({ folderId: calendarId, itemId: item.uid }));
    for (const key of keys) echo.begin(key);
    // Thunderbird hears of these adds only as one calendar reload: whatever else happened to the
    // calendar meanwhile is seen by listing it next time.
    this.p.changes?.changed();
    // Mapped once: the text sent and the state recorded come from the same local form.
    const locals = params.items.map((item) => this.localForm(item.content));
    let results: messenger.davsyncCalendar.AddResult[];
    try {
      results = await api.addItems!(calendarId, params.items.map((item, i) => this.thunderbirdForm(item.content, locals[i])), this.options);
    } catch (error) {
      for (const key of keys) echo.end({ key, failed: true });
      throw error;
    }
    return params.items.map((item, i): CreateManyResult => {
      const key = keys[i]!;
      const got = results[i];
      if (!got?.summary || got.error !== undefined) {
        echo.end({ key, failed: true });
        const error = new Error(got?.error ?? `Thunderbird gave no result for item ${item.uid}`);
        return { ok: false, error: preconditionFrom({ error, id: item.uid }) ?? error };
      }
      const summary = got.summary;
      const result = this.written({ key, summary, content: item.content, local: locals[i] });
      if (!params.readBack || summary.type !== itemType) return { ok: true, result };
      // The read-back becomes the local base. Kept as Thunderbird's own text: converting it to the
      // server's spelling (and hashing it) would take three parses per item of every first sync,
      // for the few items that are ever edited here; baseContent converts it when a patch needs it.
      // The state is the written content's, as for a single create (written()).
      const cached = this.p.cache[summary.id]!;
      return { ok: true, result, stored: { state: toItemState({ id: summary.id, cached }), content: THUNDERBIRD_TEXT + got.ics } };
    });
  }

  /**
   * A base as the executor reads it: a read-back addMany kept as Thunderbird's text, in the server's
   * spelling (what get would have returned then); any other content as it is.
   */
  baseContent(content: string): string {
    if (!content.startsWith(THUNDERBIRD_TEXT)) return content;
    return this.mappedToServer(serverForm(content.slice(THUNDERBIRD_TEXT.length)));
  }

  async update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    const { api, calendarId, echo } = this.p;
    await this.expectVersion(params);
    const key = { folderId: calendarId, itemId: params.id };
    echo.begin(key);
    try {
      const summary = await api.modifyItem(calendarId, this.thunderbirdForm(params.content), this.options);
      return this.written({ key, summary, content: params.content });
    } catch (error) {
      echo.end({ key, failed: true });
      throw preconditionFrom({ error, id: params.id }) ?? error;
    }
  }

  async delete(params: { id: string; version: string }): Promise<void> {
    const { api, calendarId, echo, cache } = this.p;
    await this.expectVersion(params);
    const key = { folderId: calendarId, itemId: params.id };
    echo.begin(key);
    try {
      await api.deleteItem(calendarId, params.id, this.options);
      echo.end({ key, version: "deleted" });
      delete cache[params.id];
    } catch (error) {
      echo.end({ key, failed: true });
      throw preconditionFrom({ error, id: params.id }) ?? error;
    }
  }

  /** If-Match for Thunderbird: the item must still be at the version the plan saw. */
  private async expectVersion(params: { id: string; version: string }): Promise<void> {
    const [got] = await this.p.api.getItems(this.p.calendarId, [params.id]);
    if (!got?.summary) throw new PreconditionFailed({ reason: "gone", id: params.id });
    if (calendarVersion(got.summary) !== params.version) throw new PreconditionFailed({ reason: "changed", id: params.id });
  }

  private written(params: { key: { folderId: string; itemId: string }; summary: messenger.davsyncCalendar.ItemSummary; content: string; local?: string | undefined }): WriteResult {
    const { key, summary, content } = params;
    const version = calendarVersion(summary);
    this.p.echo.end({ key, version });
    // The hash of what we wrote, not of Thunderbird's re-serialization: the executor records the
    // same hash in the status, so the next run sees no change until someone edits the item.
    const local = params.local ?? this.localForm(content);
    const known = this.p.knownFacts?.(local);
    this.p.cache[summary.id] = known ? cachedFromFacts({ version, facts: known }) : describeItem({ id: summary.id, version, text: local, included: this.p.mapping?.included });
    return { id: summary.id, version };
  }

  /** Server spelling → what this calendar holds (before toThunderbird); unreadable text as it is. */
  private localForm(content: string): string {
    if (!this.p.mapping) return content;
    try {
      return this.p.mapping.toLocal(content);
    } catch {
      return content;
    }
  }

  /** This calendar's text (after fromThunderbird) → server spelling; unreadable text as it is. */
  private mappedToServer(text: string): string {
    if (!this.p.mapping) return text;
    try {
      return this.p.mapping.toServer(text);
    } catch {
      return text;
    }
  }

  private remember(params: { id: string; version: string; text: string }): CachedItem {
    // What is known of a version stands: after our own write that is the hash of what we wrote
    // (written()), which the status recorded too — a re-read at that version must not replace it.
    const known = this.p.cache[params.id];
    if (known?.version === params.version) return known;
    const cached = describeItem({ ...params, included: this.p.mapping?.included });
    this.p.cache[params.id] = cached;
    return cached;
  }
}
