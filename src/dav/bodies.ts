// REPORT request bodies: sync-collection (RFC 6578), calendar-query / calendar-multiget (RFC 4791),
// addressbook-query / addressbook-multiget (RFC 6352). Pure string building, no I/O.
// Contract: every function returns a complete XML document using the prefixes of multistatus.ts.

import type { CalendarComponent, CollectionKind } from "./collection";
import { P } from "./methods";
import { propList, xmlDocument } from "./multistatus";
import { escapeXml } from "./xml";

export interface TimeRange {
  start: Date;
  end: Date;
}

/** Days before and after `now` → an absolute range (days counted as 24 h, good enough for a sync window). */
export function timeRangeFromDays(p: { daysPast: number; daysFuture: number; now?: Date }): TimeRange {
  const now = (p.now ?? new Date()).getTime();
  const day = 86_400_000;
  return { start: new Date(now - p.daysPast * day), end: new Date(now + p.daysFuture * day) };
}

/** 2026-01-02T03:04:05.678Z → 20260102T030405Z */
export function formatUtc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function syncCollectionBody(syncToken: string | undefined): string {
  const token = syncToken ? `<d:sync-token>${escapeXml(syncToken)}</d:sync-token>` : "<d:sync-token/>";
  return xmlDocument("d:sync-collection", `${token}<d:sync-level>1</d:sync-level>${propList([P.getetag])}`);
}

export interface CalendarQueryBodyParams {
  component: CalendarComponent;
  timeRange?: TimeRange;
  /** Only items having this property (e.g. RRULE): lists recurring series on servers whose time-range misses them. */
  hasProperty?: string;
  withData: boolean;
}

export function calendarQueryBody(p: CalendarQueryBodyParams): string {
  const range = p.timeRange
    ? `<c:time-range start="${formatUtc(p.timeRange.start)}" end="${formatUtc(p.timeRange.end)}"/>`
    : "";
  const propFilter = p.hasProperty ? `<c:prop-filter name="${escapeXml(p.hasProperty)}"/>` : "";
  const filter = `<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="${p.component}">${range}${propFilter}</c:comp-filter></c:comp-filter></c:filter>`;
  const props = p.withData ? [P.getetag, P.calendarData] : [P.getetag];
  return xmlDocument("c:calendar-query", propList(props) + filter);
}

/** All address objects with their data (an empty filter matches everything, RFC 6352 §10.5). */
export function addressbookQueryBody(): string {
  return xmlDocument("card:addressbook-query", propList([P.getetag, P.addressData]) + "<card:filter/>");
}

export function multigetBody(kind: CollectionKind, hrefs: readonly string[]): string {
  const root = kind === "calendar" ? "c:calendar-multiget" : "card:addressbook-multiget";
  const data = kind === "calendar" ? P.calendarData : P.addressData;
  const hrefXml = hrefs.map((h) => `<d:href>${escapeXml(h)}</d:href>`).join("");
  return xmlDocument(root, propList([P.getetag, data]) + hrefXml);
}

export function dataProp(kind: CollectionKind) {
  return kind === "calendar" ? P.calendarData : P.addressData;
}
