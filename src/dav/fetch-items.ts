// Downloading item bodies: chunked calendar-/addressbook-multiget for known hrefs, or one
// calendar-/addressbook-query for "everything" (the fast full download on Xandikos, see
// ServerStrategy.bulkFetch). Contract: each returned item carries the href exactly as the caller
// passed it (multiget) or as the server listed it (query); hrefs the server did not return with
// data are reported in `missing`, never silently dropped.

import { addressbookQueryBody, calendarQueryBody, dataProp, multigetBody, type TimeRange } from "./bodies";
import type { CalendarComponent, CollectionKind } from "./collection";
import { DEFAULT_CHUNK_SIZE, type DavContext } from "./context";
import { P, report } from "./methods";
import { foundText } from "./multistatus";
import { hrefKey } from "./request";

export interface ItemData {
  href: string;
  etag: string | undefined;
  /** iCalendar or vCard text. */
  data: string;
}

export interface MultigetChunk {
  items: ItemData[];
  /** Requested hrefs the server answered without data (deleted meanwhile, 404). */
  missing: string[];
}

export interface MultigetParams {
  ctx: DavContext;
  collection: { url: string; kind: CollectionKind };
  /** Absolute URLs (as listChanges returns them). */
  hrefs: readonly string[];
  /** Hrefs per REPORT; default 100. */
  chunkSize?: number;
}

/** Yields one chunk per REPORT, so the engine can save status after each. */
export async function* multigetChunks(p: MultigetParams): AsyncGenerator<MultigetChunk> {
  const size = Math.max(1, p.chunkSize ?? DEFAULT_CHUNK_SIZE);
  for (let i = 0; i < p.hrefs.length; i += size) {
    const chunk = p.hrefs.slice(i, i + size);
    const byKey = new Map(chunk.map((h) => [hrefKey(h), h]));
    // Servers expect paths (or absolute URLs on the same server); send the path as the server spelled it.
    const body = multigetBody(p.collection.kind, chunk.map((h) => new URL(h).pathname));
    const ms = await report({ ctx: p.ctx, url: p.collection.url, depth: "1", body });
    const items: ItemData[] = [];
    for (const entry of ms.entries) {
      const requested = byKey.get(hrefKey(entry.href));
      if (requested === undefined) continue;
      const data = foundText(entry, dataProp(p.collection.kind));
      if (data === undefined || data === "") continue;
      byKey.delete(hrefKey(entry.href));
      items.push({ href: requested, etag: foundText(entry, P.getetag) || undefined, data });
    }
    yield { items, missing: [...byKey.values()] };
  }
}

export async function multiget(p: MultigetParams): Promise<MultigetChunk> {
  const out: MultigetChunk = { items: [], missing: [] };
  for await (const chunk of multigetChunks(p)) {
    out.items.push(...chunk.items);
    out.missing.push(...chunk.missing);
  }
  return out;
}

export interface QueryItemsParams {
  ctx: DavContext;
  collection: { url: string; kind: CollectionKind; components: readonly CalendarComponent[] };
  /** Calendars: default all of the collection's components. */
  components?: readonly CalendarComponent[];
  timeRange?: TimeRange;
}

/** Every item (in the window) with its data, one REPORT per component. */
export async function queryItems(p: QueryItemsParams): Promise<ItemData[]> {
  const bodies =
    p.collection.kind === "calendar"
      ? (p.components ?? p.collection.components).map((component) =>
          calendarQueryBody({ component, withData: true, ...(p.timeRange ? { timeRange: p.timeRange } : {}) }),
        )
      : [addressbookQueryBody()];
  const found = new Map<string, ItemData>();
  for (const body of bodies) {
    const ms = await report({ ctx: p.ctx, url: p.collection.url, depth: "1", body });
    for (const entry of ms.entries) {
      const data = foundText(entry, dataProp(p.collection.kind));
      if (!data) continue;
      found.set(hrefKey(entry.href), { href: entry.href, etag: foundText(entry, P.getetag) || undefined, data });
    }
  }
  return [...found.values()];
}
