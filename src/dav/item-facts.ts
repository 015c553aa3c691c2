// What a Store needs to know about one item's content to list it for the planner: UID, normalized
// hash, matchKey, LAST-MODIFIED and the time span it covers. Computed by an injected `InspectItem`
// (src/ical in practice), cached per version by the stores, and turned into core's ItemState here.
// The span, not "in range", is cached: the window moves with the clock, the item's span does not.
import { contentHash, type ItemState } from "../core";

/** First start and last end of an item in ms since the epoch; `end: null` = repeats forever. */
export interface ItemSpan {
  start: number;
  end: number | null;
}

export interface ItemFacts {
  /** "" when the content has no usable UID (the planner reports it, never syncs it). */
  uid: string;
  hash: string;
  matchKey?: string | undefined;
  lastModified?: number | undefined;
  /** Undefined for items without dates (contacts, undated tasks): always inside any window. */
  span?: ItemSpan | undefined;
  /** The category filter's verdict on the item's local form; undefined when the profile has no filter. */
  inScope?: boolean | undefined;
}

export type InspectItem = (params: { text: string }) => ItemFacts;

/** An absolute window in ms; the caller derives it from the profile's days past / future. */
export interface TimeWindow {
  start: number;
  end: number;
}

export function inWindow(params: { span: ItemSpan | undefined; window: TimeWindow }): boolean {
  const { span, window } = params;
  if (!span) return true;
  return span.start < window.end && (span.end === null || span.end >= window.start);
}

/** The planner's view of one item; `inTimeRange` only when the profile has a window. */
export function itemStateOf(params: { id: string; version: string; facts: ItemFacts; window?: TimeWindow | undefined }): ItemState {
  const { id, version, facts, window } = params;
  const state: ItemState = { id, uid: facts.uid, version, hash: facts.hash };
  if (facts.matchKey !== undefined) state.matchKey = facts.matchKey;
  if (facts.lastModified !== undefined) state.lastModified = facts.lastModified;
  if (window) state.inTimeRange = inWindow({ span: facts.span, window });
  if (facts.inScope !== undefined) state.inScope = facts.inScope;
  return state;
}

/** Copies only the fact fields (a cached record may carry more, e.g. its etag). */
export function pickFacts(facts: ItemFacts): ItemFacts {
  const out: ItemFacts = { uid: facts.uid, hash: facts.hash };
  if (facts.matchKey !== undefined) out.matchKey = facts.matchKey;
  if (facts.lastModified !== undefined) out.lastModified = facts.lastModified;
  if (facts.span !== undefined) out.span = { start: facts.span.start, end: facts.span.end };
  if (facts.inScope !== undefined) out.inScope = facts.inScope;
  return out;
}

/**
 * pickFacts plus a cache's own fields (an etag, a file version). Built by assignment, not by
 * `{ ...facts, etag }`: V8 gives every object spread from facts of varying shapes a hidden class of
 * its own (~200 bytes; two per synced item in a 5 000-item first sync).
 */
export function pickFactsWith<T extends object>(facts: ItemFacts, own: T): ItemFacts & T {
  return Object.assign(pickFacts(facts), own);
}

/** vdirsyncer's rule for file names / hrefs: the UID itself when it is made of safe characters. */
const SAFE_NAME = /^[A-Za-z0-9_.+@-]{1,200}$/;

/**
 * A stable resource name for a UID (without extension). Deterministic on purpose: a create retried
 * after a killed run lands on the same name and fails with "exists" instead of duplicating the item.
 */
export function resourceName(params: { uid: string }): string {
  const { uid } = params;
  if (SAFE_NAME.test(uid) && !uid.startsWith(".")) return uid;
  return `u-${contentHash(uid)}`;
}
