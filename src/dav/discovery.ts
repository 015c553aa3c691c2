// Finds every calendar and address book of an account from any starting URL: server root,
// /.well-known/caldav|carddav, principal, home set or a collection (RFC 4791 §6, RFC 6352 §7, RFC 6764
// without DNS). Contract: resolves with all collections found (deduplicated) or rejects with the
// DavError of the most telling attempt; an authentication failure stops at once.

import { COLLECTION_PROPS, collectionFromEntry, isCollection, type CollectionInfo } from "./collection";
import type { DavContext } from "./context";
import { DavError, isDavError } from "./errors";
import { P, propfind } from "./methods";
import { foundProp, NS, type MultistatusEntry } from "./multistatus";
import { asCollectionUrl, hrefKey, resolveHref } from "./request";
import { childElements, textOf } from "./xml";

export interface DiscoverParams {
  ctx: DavContext;
  /** What the user typed: with or without scheme, any level of the DAV tree. */
  url: string;
}

export interface DiscoveryResult {
  principalUrl: string | undefined;
  calendarHomes: string[];
  addressbookHomes: string[];
  collections: CollectionInfo[];
  /** Set when the starting URL itself is a calendar or address book (preselect it). */
  startCollection: CollectionInfo | undefined;
}

const START_PROPS = [...COLLECTION_PROPS, P.currentUserPrincipal, P.calendarHomeSet, P.addressbookHomeSet];

export function normalizeStartUrl(input: string): string {
  const trimmed = input.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

export async function discover(p: DiscoverParams): Promise<DiscoveryResult> {
  const start = normalizeStartUrl(p.url);
  const origin = new URL(start).origin;
  const candidates = [start, `${origin}/.well-known/caldav`, `${origin}/.well-known/carddav`];
  let firstError: DavError | undefined;
  let fallbackHome: string | undefined;
  let startCollection: CollectionInfo | undefined;

  for (const candidate of unique(candidates)) {
    let entry: MultistatusEntry | undefined;
    try {
      const ms = await propfind({ ctx: p.ctx, url: candidate, depth: "0", props: START_PROPS });
      entry = ms.entries[0];
    } catch (e) {
      if (!isDavError(e)) throw e;
      // Wrong credentials, timeouts, TLS and offline are the same for every candidate: stop now.
      if (!["not-found", "method-not-allowed", "rejected", "malformed", "forbidden"].includes(e.kind)) throw e;
      firstError ??= e;
      continue;
    }
    if (!entry) continue;
    if (candidate === start) startCollection = collectionFromEntry(entry);
    let principalUrl = hrefProp(entry, P.currentUserPrincipal);
    let homes = homeSets(entry);
    if (principalUrl && homes.calendar.length + homes.addressbook.length === 0) {
      const pm = await propfind({
        ctx: p.ctx,
        url: principalUrl,
        depth: "0",
        props: [P.calendarHomeSet, P.addressbookHomeSet, P.displayname],
      });
      if (pm.entries[0]) homes = homeSets(pm.entries[0]);
    }
    if (homes.calendar.length + homes.addressbook.length > 0) {
      const collections = await listHomes({ ctx: p.ctx, homes: [...homes.calendar, ...homes.addressbook] });
      if (startCollection && !collections.some((c) => hrefKey(c.url) === hrefKey(startCollection!.url))) {
        collections.unshift(startCollection);
      }
      return {
        principalUrl,
        calendarHomes: homes.calendar,
        addressbookHomes: homes.addressbook,
        collections,
        startCollection,
      };
    }
    // A plain collection without principal information may still be a home: remember it.
    if (!startCollection && isCollection(entry)) fallbackHome ??= entry.href;
    principalUrl = undefined;
  }

  if (startCollection) {
    return { principalUrl: undefined, calendarHomes: [], addressbookHomes: [], collections: [startCollection], startCollection };
  }
  if (fallbackHome) {
    const collections = await listHomes({ ctx: p.ctx, homes: [fallbackHome] });
    if (collections.length > 0) {
      return { principalUrl: undefined, calendarHomes: [fallbackHome], addressbookHomes: [fallbackHome], collections, startCollection };
    }
  }
  throw (
    firstError ??
    new DavError({
      kind: "not-found",
      method: "PROPFIND",
      url: start,
      messageKey: "davErrorNothingFound",
      substitutions: [start, ""],
      detail: "no principal, home set or collection at this URL or its /.well-known/ addresses",
    })
  );
}

/** PROPFIND Depth 1 on each home; calendars and address books only, each once. */
export async function listHomes(p: { ctx: DavContext; homes: readonly string[] }): Promise<CollectionInfo[]> {
  const seen = new Set<string>();
  const out: CollectionInfo[] = [];
  for (const home of unique(p.homes.map(asCollectionUrl))) {
    const ms = await propfind({ ctx: p.ctx, url: home, depth: "1", props: COLLECTION_PROPS });
    for (const entry of ms.entries) {
      const info = collectionFromEntry(entry);
      if (!info || seen.has(hrefKey(info.url))) continue;
      seen.add(hrefKey(info.url));
      out.push(info);
    }
  }
  return out;
}

function hrefProp(entry: MultistatusEntry, prop: { ns: string; name: string }): string | undefined {
  return hrefsOf(entry, prop)[0];
}

function hrefsOf(entry: MultistatusEntry, prop: { ns: string; name: string }): string[] {
  const el = foundProp(entry, prop);
  if (!el) return [];
  return childElements(el, NS.dav, "href")
    .map((h) => textOf(h).trim())
    .filter(Boolean)
    .map((h) => resolveHref(h, entry.href));
}

function homeSets(entry: MultistatusEntry): { calendar: string[]; addressbook: string[] } {
  return { calendar: hrefsOf(entry, P.calendarHomeSet), addressbook: hrefsOf(entry, P.addressbookHomeSet) };
}

function unique(urls: readonly string[]): string[] {
  const seen = new Set<string>();
  return urls.filter((u) => {
    const k = hrefKey(u);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
