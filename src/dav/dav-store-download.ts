// How DavStore downloads item bodies: chunked multiget of the hrefs it needs, or — on servers whose
// multiget costs O(collection) per href (Xandikos, ServerStrategy.bulkFetch = "query") — one
// calendar-query returning everything once more than a few items are wanted. Every wanted href ends
// in exactly one callback: onItem (with data) or onMissing (gone on the server meanwhile). Multiget
// chunks are pipelined: the next request is sent before the current answer is handled.
import type { Capabilities } from "./capabilities";
import type { DavContext } from "./context";
import { multiget, type MultigetChunk } from "./fetch-items";
import type { ItemRef } from "./listing";
import { P, report, reportEntries } from "./methods";
import { foundText, propList, xmlDocument } from "./multistatus";
import { hrefKey } from "./request";

export interface Downloaded {
  href: string;
  etag: string | undefined;
  data: string;
}

/**
 * Above this many wanted items a full calendar-query is cheaper on "query" servers: measured on
 * Xandikos 0.2.8 (REPORT.md §7), one multiget href costs 20 ms at 1 000 items and ~115 ms at 5 000,
 * a whole-collection query ~1 s / 5 s: the break-even is ~50 hrefs at any size.
 */
export const QUERY_THRESHOLD = 50;

/** calendar-query matching every calendar object (RFC 4791 §9.7.1: a bare VCALENDAR comp-filter). */
const ALL_ITEMS_QUERY = xmlDocument(
  "c:calendar-query",
  propList([P.getetag, P.calendarData]) + '<c:filter><c:comp-filter name="VCALENDAR"/></c:filter>',
);

export interface DownloadParams {
  ctx: DavContext;
  collection: Pick<Capabilities, "url" | "kind" | "components" | "strategy">;
  refs: readonly ItemRef[];
  onItem: (item: Downloaded) => void;
  onMissing: (href: string) => void;
  onChunk?: ((progress: { fetched: number; total: number }) => void | Promise<void>) | undefined;
  /** Back pressure for a streamed answer (reportEntries): a promise while onItem's consumer is behind. */
  ready?: (() => Promise<void> | undefined) | undefined;
}

/**
 * Every calendar object of the collection with its data, in one calendar-query (a first download),
 * each handed to onItem as its part of the answer arrives (reportEntries): the answer is never held
 * whole. A retried request hands items again; onItem must take a repeat (DavStore's does).
 */
export async function downloadAll(p: Omit<DownloadParams, "refs" | "onMissing">): Promise<void> {
  const self = hrefKey(p.collection.url);
  let fetched = 0;
  await reportEntries({
    ctx: p.ctx,
    url: p.collection.url,
    depth: "1",
    body: ALL_ITEMS_QUERY,
    ...(p.ready ? { ready: p.ready } : {}),
    onAttempt: () => {
      fetched = 0;
    },
    onEntry: (entry) => {
      const data = foundText(entry, P.calendarData);
      if (!data || hrefKey(entry.href) === self) return;
      p.onItem({ href: entry.href, etag: foundText(entry, P.getetag) || undefined, data });
      fetched += 1;
    },
  });
  await p.onChunk?.({ fetched, total: fetched });
}

export async function downloadItems(p: DownloadParams): Promise<void> {
  const wanted = new Map(p.refs.map((ref) => [hrefKey(ref.href), ref]));
  const total = wanted.size;
  let fetched = 0;
  const { collection } = p;
  if (collection.strategy.bulkFetch === "query" && collection.kind === "calendar" && wanted.size > QUERY_THRESHOLD) {
    // One REPORT for every component: Xandikos reads the whole collection per calendar-query, so
    // queryItems' one query per component (VEVENT, VTODO, VJOURNAL) would cost three full scans.
    const ms = await report({ ctx: p.ctx, url: collection.url, depth: "1", body: ALL_ITEMS_QUERY });
    for (const entry of ms.entries) {
      const ref = wanted.get(hrefKey(entry.href));
      const data = foundText(entry, P.calendarData);
      if (!ref || !data) continue;
      wanted.delete(hrefKey(entry.href));
      p.onItem({ href: ref.href, etag: foundText(entry, P.getetag) || ref.etag, data });
      fetched += 1;
    }
    await p.onChunk?.({ fetched, total });
  }
  if (wanted.size === 0) return;
  const refs = [...wanted.values()];
  const etags = new Map(refs.map((ref) => [ref.href, ref.etag]));
  const size = Math.max(1, collection.strategy.multigetChunkSize);
  const slices: string[][] = [];
  for (let i = 0; i < refs.length; i += size) slices.push(refs.slice(i, i + size).map((ref) => ref.href));
  // Pipelined: the next REPORT is on the wire while this chunk is parsed and stored, so the server's
  // time and ours overlap. One request ahead at most: memory stays at two chunks.
  const fetchSlice = (hrefs: string[]): Promise<MultigetChunk> => {
    const pending = multiget({ ctx: p.ctx, collection, hrefs, chunkSize: size });
    pending.catch(() => {}); // awaited below; a failure while the previous chunk is handled is not "unhandled"
    return pending;
  };
  let next = slices[0] ? fetchSlice(slices[0]) : undefined;
  for (let i = 0; next; i++) {
    const chunk = await next;
    const following = slices[i + 1];
    next = following ? fetchSlice(following) : undefined;
    for (const item of chunk.items) p.onItem({ href: item.href, etag: item.etag ?? etags.get(item.href), data: item.data });
    for (const href of chunk.missing) p.onMissing(href);
    fetched += chunk.items.length + chunk.missing.length;
    await p.onChunk?.({ fetched, total });
  }
}
