// listChanges(since): what changed in a collection since the state saved after the last sync.
// Contract: "unchanged" when the ctag is the saved one; "delta" (changed hrefs + deleted hrefs)
// from sync-collection with a valid token; otherwise "full" (every member with its ETag: the engine
// diffs against its status). A rejected token (403/409 valid-sync-token, Xandikos' 500, 400) falls
// back to a full listing, never to an error. With a time range the listing is a calendar-query.

import { calendarQueryBody, syncCollectionBody, type TimeRange } from "./bodies";
import type { Capabilities } from "./capabilities";
import type { CalendarComponent } from "./collection";
import type { DavContext } from "./context";
import { isDavError } from "./errors";
import { P, propfind, report } from "./methods";
import { foundProp, foundText, type MultistatusEntry } from "./multistatus";
import { hrefKey } from "./request";
import { childElements } from "./xml";

export interface ItemRef {
  href: string;
  /** Undefined when the server did not report one (rare; treat as changed). */
  etag: string | undefined;
}

/** What to save after a successful sync and pass back as `since` next time. */
export interface CollectionState {
  ctag?: string | undefined;
  syncToken?: string | undefined;
}

export type FullListingReason = "initial" | "token-rejected" | "no-sync-support" | "time-range";

export type ListChangesResult =
  | { kind: "unchanged"; state: CollectionState }
  | { kind: "delta"; changed: ItemRef[]; deleted: string[]; state: CollectionState }
  | { kind: "full"; items: ItemRef[]; reason: FullListingReason; state: CollectionState };

export interface ListChangesParams {
  ctx: DavContext;
  /** From queryCapabilities in this sync run: its ctag/sync-token are taken as current. */
  collection: Pick<Capabilities, "url" | "kind" | "ctag" | "syncToken" | "supportsSyncCollection" | "components" | "strategy">;
  since?: CollectionState;
  /** Calendars only: list just what touches this window (recurring series always included). */
  timeRange?: TimeRange;
  /** Calendars only, with a time range: which components to query (default: the collection's). */
  components?: readonly CalendarComponent[];
}

export async function listChanges(p: ListChangesParams): Promise<ListChangesResult> {
  const { collection, since } = p;
  const current: CollectionState = { ctag: collection.ctag, syncToken: collection.syncToken };
  if (since?.ctag && collection.ctag && since.ctag === collection.ctag) {
    return { kind: "unchanged", state: { ctag: since.ctag, syncToken: since.syncToken ?? collection.syncToken } };
  }
  if (p.timeRange && collection.kind === "calendar") {
    const items = await listTimeRange({ ...p, timeRange: p.timeRange });
    return { kind: "full", items, reason: "time-range", state: current };
  }
  if (collection.supportsSyncCollection) {
    if (since?.syncToken) {
      try {
        const delta = await syncCollection({ ctx: p.ctx, url: collection.url, token: since.syncToken });
        if (delta.changed.length === 0 && delta.deleted.length === 0 && delta.token === since.syncToken) {
          return { kind: "unchanged", state: { ctag: collection.ctag, syncToken: delta.token } };
        }
        return { kind: "delta", changed: delta.changed, deleted: delta.deleted, state: { ctag: collection.ctag, syncToken: delta.token } };
      } catch (e) {
        if (!isTokenRejection(e)) throw e;
        const full = await initialSync(p);
        if (full) return { ...full, reason: "token-rejected" };
      }
    } else {
      const full = await initialSync(p);
      if (full) return full;
    }
  }
  const items = await listByPropfind({ ctx: p.ctx, url: collection.url });
  return { kind: "full", items, reason: "no-sync-support", state: current };
}

async function initialSync(p: ListChangesParams): Promise<Extract<ListChangesResult, { kind: "full" }> | undefined> {
  try {
    const res = await syncCollection({ ctx: p.ctx, url: p.collection.url, token: undefined });
    // An initial listing may name long-deleted members (Radicale): they are simply not items.
    return { kind: "full", items: res.changed, reason: "initial", state: { ctag: p.collection.ctag, syncToken: res.token } };
  } catch (e) {
    // The server advertised sync-collection but refuses it (501 Not Implemented, 403, 400, unreadable):
    // list with PROPFIND instead. Credentials and transient trouble are not "unsupported".
    if (isDavError(e) && e.kind !== "auth" && e.kind !== "cancelled" && (!e.transient || e.status === 501)) return undefined;
    throw e;
  }
}

/** Answers servers give to a token they no longer accept (RFC 6578 §3.2 says 403/409 valid-sync-token). */
function isTokenRejection(e: unknown): boolean {
  if (!isDavError(e)) return false;
  switch (e.kind) {
    case "forbidden":
    case "conflict":
    case "precondition":
    case "rejected":
    case "not-found":
    case "malformed":
      return true;
    case "server":
      return e.status === 500; // Xandikos 0.2.8: AssertionError "Invalid object name"
    default:
      return false;
  }
}

interface SyncResult {
  changed: ItemRef[];
  deleted: string[];
  token: string | undefined;
}

const MAX_TRUNCATED_ROUNDS = 1000;

/** One sync-collection exchange, following 507 truncation (RFC 6578 §3.6) until complete. */
export async function syncCollection(p: { ctx: DavContext; url: string; token: string | undefined }): Promise<SyncResult> {
  const changed = new Map<string, ItemRef>();
  const deleted = new Map<string, string>();
  let token = p.token;
  for (let round = 0; round < MAX_TRUNCATED_ROUNDS; round++) {
    const ms = await report({ ctx: p.ctx, url: p.url, depth: "1", body: syncCollectionBody(token) });
    const self = hrefKey(ms.url);
    let truncated = false;
    for (const entry of ms.entries) {
      const key = hrefKey(entry.href);
      if (key === self || key === hrefKey(p.url)) {
        truncated ||= entry.status === 507;
        continue;
      }
      if (entry.status === 404 || entry.status === 410) {
        changed.delete(key);
        deleted.set(key, entry.href);
      } else if (!isSubCollection(entry)) {
        deleted.delete(key);
        changed.set(key, { href: entry.href, etag: foundText(entry, P.getetag) || undefined });
      }
    }
    token = ms.syncToken ?? token;
    if (!truncated) break;
  }
  return { changed: [...changed.values()], deleted: p.token ? [...deleted.values()] : [], token };
}

/** Full listing for servers without sync-collection: PROPFIND Depth 1 getetag, members only. */
export async function listByPropfind(p: { ctx: DavContext; url: string }): Promise<ItemRef[]> {
  const ms = await propfind({ ctx: p.ctx, url: p.url, depth: "1", props: [P.getetag, P.resourcetype] });
  const self = new Set([hrefKey(ms.url), hrefKey(p.url)]);
  return ms.entries
    .filter((e) => !self.has(hrefKey(e.href)) && !isSubCollection(e) && (e.status === undefined || e.status < 300))
    .map((e) => ({ href: e.href, etag: foundText(e, P.getetag) || undefined }));
}

/** calendar-query per component; on "master-only" servers also every item with RRULE or RDATE. */
async function listTimeRange(p: ListChangesParams & { timeRange: TimeRange }): Promise<ItemRef[]> {
  const components = p.components ?? p.collection.components;
  const found = new Map<string, ItemRef>();
  const run = async (body: string) => {
    const ms = await report({ ctx: p.ctx, url: p.collection.url, depth: "1", body });
    for (const e of ms.entries) {
      if (e.status !== undefined && e.status >= 300) continue;
      found.set(hrefKey(e.href), { href: e.href, etag: foundText(e, P.getetag) || undefined });
    }
  };
  for (const component of components) {
    await run(calendarQueryBody({ component, timeRange: p.timeRange, withData: false }));
    if (p.collection.strategy.timeRangeRecurrence === "master-only") {
      for (const hasProperty of ["RRULE", "RDATE"]) {
        await run(calendarQueryBody({ component, hasProperty, withData: false }));
      }
    }
  }
  return [...found.values()];
}

function isSubCollection(entry: MultistatusEntry): boolean {
  const rt = foundProp(entry, P.resourcetype);
  return !!rt && childElements(rt).some((e) => e.name === "collection");
}
