// PROPFIND, REPORT and PROPPATCH on top of davRequest, returning parsed multistatus records.
// Contract: a non-207 2xx answer to PROPFIND/REPORT is "malformed" (we asked for a multistatus);
// PROPPATCH rejects with the DavError of the first property the server refused.

import type { DavContext } from "./context";
import { httpError, malformedError } from "./errors";
import { NS, parseMultistatus, propList, qname, xmlDocument, type Multistatus, type MultistatusEntry, type PropName } from "./multistatus";
import { multistatusStream, type MultistatusStream } from "./multistatus-stream";
import { davRequest, type DavResponse } from "./request";

export interface PropfindParams {
  ctx: DavContext;
  url: string;
  depth: "0" | "1";
  props: readonly PropName[];
}

export interface MultistatusResult extends Multistatus {
  /** URL that answered (after redirects). */
  url: string;
  headers: Headers;
}

export async function propfind(p: PropfindParams): Promise<MultistatusResult> {
  const body = xmlDocument("d:propfind", propList(p.props));
  const res = await davRequest({ ctx: p.ctx, method: "PROPFIND", url: p.url, depth: p.depth, body });
  return toMultistatus({ ctx: p.ctx, method: "PROPFIND", res });
}

export interface ReportParams {
  ctx: DavContext;
  url: string;
  depth: "0" | "1";
  /** Complete XML document. */
  body: string;
}

export async function report(p: ReportParams): Promise<MultistatusResult> {
  const res = await davRequest({ ctx: p.ctx, method: "REPORT", url: p.url, depth: p.depth, body: p.body });
  return toMultistatus({ ctx: p.ctx, method: "REPORT", res });
}

/**
 * A REPORT whose 207 answer is parsed as it arrives, one response at a time (multistatus-stream.ts):
 * for answers that carry every item's data. `ready` applies back pressure: while the consumer is
 * behind, the answer waits in the socket (and the server) instead of in memory. `onEntry` may see
 * an entry again when the request is retried (`onAttempt` says a new attempt starts).
 */
export async function reportEntries(
  p: ReportParams & {
    onAttempt?: () => void;
    onEntry: (entry: MultistatusEntry) => void;
    /** After each piece: a promise while the consumer is behind; the answer is read on once it settles. */
    ready?: () => Promise<void> | undefined;
  },
): Promise<{ syncToken: string | undefined }> {
  let parser: MultistatusStream | undefined;
  const res = await davRequest({
    ctx: p.ctx,
    method: "REPORT",
    url: p.url,
    depth: p.depth,
    body: p.body,
    stream: {
      onAttempt: (url) => {
        p.onAttempt?.();
        parser = multistatusStream({ url, method: "REPORT", lenient: p.ctx.acceptInvalidChars ?? true, onEntry: p.onEntry });
      },
      onText: (text) => {
        parser!.push(text);
        return p.ready?.();
      },
    },
  });
  if (res.status !== 207) throw malformedError({ method: "REPORT", url: res.url, detail: `expected 207 Multi-Status, got ${res.status}` });
  // No body stream (an environment without one): the text was read whole.
  if (!parser) {
    const ms = toMultistatus({ ctx: p.ctx, method: "REPORT", res });
    for (const entry of ms.entries) p.onEntry(entry);
    return { syncToken: ms.syncToken };
  }
  return parser.end();
}

export function toMultistatus({ ctx, method, res }: { ctx: DavContext; method: string; res: DavResponse }): MultistatusResult {
  if (res.status !== 207) {
    throw malformedError({ method, url: res.url, detail: `expected 207 Multi-Status, got ${res.status}` });
  }
  const ms = parseMultistatus({ text: res.text, url: res.url, method, lenient: ctx.acceptInvalidChars ?? true });
  return { ...ms, url: res.url, headers: res.headers };
}

export interface ProppatchParams {
  ctx: DavContext;
  url: string;
  /** Properties to set: name → already-serialized inner XML (escaped text or child elements). */
  set: ReadonlyArray<{ prop: PropName; innerXml: string }>;
  remove?: readonly PropName[];
}

export async function proppatch(p: ProppatchParams): Promise<void> {
  const sets = p.set.map(({ prop, innerXml }) => `<${qname(prop)}>${innerXml}</${qname(prop)}>`).join("");
  const removes = (p.remove ?? []).map((prop) => `<${qname(prop)}/>`).join("");
  const body = xmlDocument(
    "d:propertyupdate",
    (sets ? `<d:set><d:prop>${sets}</d:prop></d:set>` : "") + (removes ? `<d:remove><d:prop>${removes}</d:prop></d:remove>` : ""),
  );
  const res = await davRequest({ ctx: p.ctx, method: "PROPPATCH", url: p.url, body });
  // 200/204: all applied. 207: one propstat per property; 424 Failed Dependency marks the innocent
  // ones when another property failed, so the culprit's status is reported.
  if (res.status === 207) throwOnMultistatusFailure({ ctx: p.ctx, method: "PROPPATCH", url: p.url, res });
}

/**
 * Some servers answer a failed write (PUT, DELETE, MKCALENDAR) with 207 instead of an error status:
 * Xandikos sends 412 no-uid-conflict or 403 resource-must-be-null inside a multistatus. Rejects
 * with the DavError of the first non-2xx status found; resolves when everything succeeded.
 */
export function throwOnMultistatusFailure(p: { ctx: DavContext; method: string; url: string; item?: string; res: DavResponse }): void {
  const ms = parseMultistatus({ text: p.res.text, url: p.res.url, method: p.method, lenient: p.ctx.acceptInvalidChars ?? true });
  for (const entry of ms.entries) {
    const statuses = [entry.status, ...entry.propstats.map((ps) => ps.status)].filter((s): s is number => s !== undefined);
    const bad = statuses.find((s) => s >= 300 && s !== 424);
    if (bad === undefined) continue;
    throw httpError({
      method: p.method,
      url: p.url,
      status: bad,
      retryAfter: null,
      ...(p.item !== undefined ? { item: p.item } : {}),
      ...(entry.error ? { body: `<error><${entry.error}/></error>` } : {}),
      ...(p.ctx.preset !== undefined ? { preset: p.ctx.preset } : {}),
    });
  }
}

/** Names used across the layer. */
export const P = {
  resourcetype: { ns: NS.dav, name: "resourcetype" },
  displayname: { ns: NS.dav, name: "displayname" },
  getetag: { ns: NS.dav, name: "getetag" },
  getcontenttype: { ns: NS.dav, name: "getcontenttype" },
  owner: { ns: NS.dav, name: "owner" },
  syncToken: { ns: NS.dav, name: "sync-token" },
  currentUserPrincipal: { ns: NS.dav, name: "current-user-principal" },
  currentUserPrivilegeSet: { ns: NS.dav, name: "current-user-privilege-set" },
  supportedReportSet: { ns: NS.dav, name: "supported-report-set" },
  getctag: { ns: NS.cs, name: "getctag" },
  calendarColor: { ns: NS.apple, name: "calendar-color" },
  calendarHomeSet: { ns: NS.caldav, name: "calendar-home-set" },
  calendarDescription: { ns: NS.caldav, name: "calendar-description" },
  supportedComponents: { ns: NS.caldav, name: "supported-calendar-component-set" },
  calendarData: { ns: NS.caldav, name: "calendar-data" },
  addressbookHomeSet: { ns: NS.carddav, name: "addressbook-home-set" },
  addressbookDescription: { ns: NS.carddav, name: "addressbook-description" },
  addressData: { ns: NS.carddav, name: "address-data" },
} as const satisfies Record<string, PropName>;
