// Creating and renaming/recolouring collections: MKCALENDAR (RFC 4791 §5.3.1) for calendars,
// extended MKCOL (RFC 5689) for address books, PROPPATCH for display name and colour.
// Contract: makeCollection returns the new collection's Capabilities, read back from the server;
// the colour is (re)applied with PROPPATCH because Xandikos drops it at creation.

import { queryCapabilities, type Capabilities } from "./capabilities";
import { formatCalendarColor } from "./color";
import type { CalendarComponent, CollectionKind } from "./collection";
import type { DavContext } from "./context";
import { isDavError } from "./errors";
import { P, proppatch, throwOnMultistatusFailure } from "./methods";
import { qname, textElement, xmlDocument } from "./multistatus";
import { asCollectionUrl, davRequest } from "./request";
import { escapeXml } from "./xml";

export interface MakeCollectionParams {
  ctx: DavContext;
  /** calendar-home-set or addressbook-home-set. */
  homeUrl: string;
  kind: CollectionKind;
  displayName: string;
  /** "#rrggbb". */
  color?: string;
  /** Calendars: default ["VEVENT"]. */
  components?: readonly CalendarComponent[];
  /** URL segment: "name" derives it from displayName (ASCII slug), "random" uses a UUID. Default "name". */
  segment?: "name" | "random";
}

export async function makeCollection(p: MakeCollectionParams): Promise<Capabilities> {
  const home = asCollectionUrl(p.homeUrl);
  const first = p.segment === "random" ? randomSegment() : slugify(p.displayName) || randomSegment();
  let url = new URL(`${first}/`, home).href;
  try {
    await mk({ ...p, url });
  } catch (e) {
    // Something already lives at this URL: 405 (RFC 4791 §5.3.1.1), Radicale's 409 or Xandikos'
    // 207/403 resource-must-be-null. One retry with a unique suffix.
    const exists = isDavError(e) && (e.kind === "method-not-allowed" || e.detail === "resource-must-be-null");
    if (!exists) throw e;
    url = new URL(`${first}-${randomSegment().slice(0, 8)}/`, home).href;
    await mk({ ...p, url });
  }
  if (p.color) await updateCollection({ ctx: p.ctx, url, color: p.color });
  return queryCapabilities({ ctx: p.ctx, url });
}

async function mk(p: MakeCollectionParams & { url: string }): Promise<void> {
  const props = [textElement(P.displayname, p.displayName)];
  if (p.color) props.push(textElement(P.calendarColor, formatCalendarColor(p.color)));
  if (p.kind === "calendar") {
    const comps = (p.components ?? ["VEVENT"]).map((c) => `<c:comp name="${escapeXml(c)}"/>`).join("");
    props.push(`<${qname(P.supportedComponents)}>${comps}</${qname(P.supportedComponents)}>`);
    const body = xmlDocument("c:mkcalendar", `<d:set><d:prop>${props.join("")}</d:prop></d:set>`);
    const res = await davRequest({ ctx: p.ctx, method: "MKCALENDAR", url: p.url, body });
    if (res.status === 207) throwOnMultistatusFailure({ ctx: p.ctx, method: "MKCALENDAR", url: p.url, res });
  } else {
    const rt = `<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>`;
    const body = xmlDocument("d:mkcol", `<d:set><d:prop>${rt}${props.join("")}</d:prop></d:set>`);
    const res = await davRequest({ ctx: p.ctx, method: "MKCOL", url: p.url, body });
    if (res.status === 207) throwOnMultistatusFailure({ ctx: p.ctx, method: "MKCOL", url: p.url, res });
  }
}

export interface UpdateCollectionParams {
  ctx: DavContext;
  url: string;
  displayName?: string;
  /** "#rrggbb"; written as "#RRGGBBFF". */
  color?: string;
}

export async function updateCollection(p: UpdateCollectionParams): Promise<void> {
  const set: { prop: { ns: string; name: string }; innerXml: string }[] = [];
  if (p.displayName !== undefined) set.push({ prop: P.displayname, innerXml: escapeXml(p.displayName) });
  if (p.color !== undefined) set.push({ prop: P.calendarColor, innerXml: escapeXml(formatCalendarColor(p.color)) });
  if (set.length === 0) return;
  await proppatch({ ctx: p.ctx, url: p.url, set });
}

/** Removes a whole collection (tests and "delete on server" in the options page). */
export async function removeCollection(p: { ctx: DavContext; url: string }): Promise<void> {
  await davRequest({ ctx: p.ctx, method: "DELETE", url: asCollectionUrl(p.url) });
}

/** "Porady týmu 2026" → "porady-tymu-2026". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

function randomSegment(): string {
  return globalThis.crypto.randomUUID();
}
