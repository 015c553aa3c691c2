// What we know about one calendar or address book, read from a PROPFIND answer.
// Contract: collectionFromEntry returns undefined for anything that is not a calendar/address book;
// read-only means the server listed the user's privileges and none of them allows writing items.

import { parseCalendarColor } from "./color";
import { P } from "./methods";
import { foundProp, foundText, NS, type MultistatusEntry, type PropName } from "./multistatus";
import { resolveHref } from "./request";
import { childElements, descendants, firstChild, textOf } from "./xml";

export type CollectionKind = "calendar" | "addressbook";
export type CalendarComponent = "VEVENT" | "VTODO" | "VJOURNAL";

export interface CollectionInfo {
  url: string;
  kind: CollectionKind;
  displayName: string;
  description: string | undefined;
  /** "#rrggbb" (alpha stripped). */
  color: string | undefined;
  /** Calendars: what the server accepts (all three when it does not say); address books: []. */
  components: CalendarComponent[];
  /** Local names of current-user-privilege-set, e.g. ["read", "write"]; undefined when not reported. */
  privileges: string[] | undefined;
  readOnly: boolean;
  ctag: string | undefined;
  syncToken: string | undefined;
  supportsSyncCollection: boolean;
  /** Local names of supported REPORTs, e.g. ["sync-collection", "calendar-multiget"]. */
  reports: string[];
  owner: string | undefined;
}

/**
 * What collectionFromEntry reads to describe a collection; one PROPFIND Depth 1 on a home asks for
 * all of it. Not the change state (ctag, sync-token): a server may compute those over every item
 * (Radicale: ~0.2 s each at 5 000 items), so only a sync asks, and for one (capabilities.ts).
 */
export const COLLECTION_PROPS: readonly PropName[] = [
  P.resourcetype,
  P.displayname,
  P.calendarColor,
  P.calendarDescription,
  P.addressbookDescription,
  P.supportedComponents,
  P.currentUserPrivilegeSet,
  P.owner,
  P.supportedReportSet,
];

const ALL_COMPONENTS: CalendarComponent[] = ["VEVENT", "VTODO", "VJOURNAL"];
const WRITE_PRIVILEGES = new Set(["all", "write", "write-content", "bind"]);

export function collectionKind(entry: MultistatusEntry): CollectionKind | undefined {
  const rt = foundProp(entry, P.resourcetype);
  if (!rt) return undefined;
  const types = childElements(rt);
  if (types.some((t) => t.ns === NS.caldav && t.name === "calendar")) return "calendar";
  if (types.some((t) => t.ns === NS.carddav && t.name === "addressbook")) return "addressbook";
  return undefined;
}

export function isCollection(entry: MultistatusEntry): boolean {
  const rt = foundProp(entry, P.resourcetype);
  return !!rt && childElements(rt, NS.dav, "collection").length > 0;
}

export function collectionFromEntry(entry: MultistatusEntry): CollectionInfo | undefined {
  const kind = collectionKind(entry);
  if (!kind) return undefined;

  const compSet = foundProp(entry, P.supportedComponents);
  let components: CalendarComponent[] = [];
  if (kind === "calendar") {
    const named = compSet
      ? childElements(compSet, NS.caldav, "comp")
          .map((c) => (c.attrs["name"] ?? "").toUpperCase())
          .filter((n): n is CalendarComponent => (ALL_COMPONENTS as string[]).includes(n))
      : [];
    components = named.length > 0 ? named : [...ALL_COMPONENTS];
  }

  const privSet = foundProp(entry, P.currentUserPrivilegeSet);
  const privileges = privSet
    ? childElements(privSet, NS.dav, "privilege").flatMap((p) => childElements(p).map((e) => e.name))
    : undefined;

  // Xandikos omits the <report> wrapper inside <supported-report>: take the innermost element either way.
  const reportSet = foundProp(entry, P.supportedReportSet);
  const reports = reportSet
    ? descendants(reportSet, NS.dav, "supported-report").flatMap((sr) => {
        const inner = firstChild(sr, NS.dav, "report") ?? sr;
        return childElements(inner).map((e) => e.name);
      })
    : [];

  const syncToken = foundText(entry, P.syncToken) || undefined;
  const ownerEl = foundProp(entry, P.owner);
  const ownerHref = ownerEl ? textOf(firstChild(ownerEl, NS.dav, "href")).trim() : "";

  return {
    url: entry.href,
    kind,
    displayName: foundText(entry, P.displayname) || lastSegment(entry.href),
    description:
      (kind === "calendar" ? foundText(entry, P.calendarDescription) : foundText(entry, P.addressbookDescription)) ||
      undefined,
    color: parseCalendarColor(foundText(entry, P.calendarColor)),
    components,
    privileges,
    readOnly: privileges !== undefined && !privileges.some((p) => WRITE_PRIVILEGES.has(p)),
    ctag: foundText(entry, P.getctag) || undefined,
    syncToken,
    supportsSyncCollection: syncToken !== undefined || reports.includes("sync-collection"),
    reports,
    owner: ownerHref ? resolveHref(ownerHref, entry.href) : undefined,
  };
}

function lastSegment(url: string): string {
  const parts = new URL(url).pathname.split("/").filter(Boolean);
  const last = parts[parts.length - 1] ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
