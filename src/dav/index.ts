// src/dav — the CalDAV/CardDAV client used by the sync engine (background page and CLI alike).
// Shaped like DAVx5's WebDavCollection: discover → queryCapabilities → listChanges(since) →
// multiget / queryItems → create / update / remove; every failure is a DavError (errors.ts).
//
// Why our own requests instead of tsdav 2.3.4 (measured in recipes/dav-servers/REPORT.md §5 and
// recipes/toolchain.md §5): tsdav returns `Response`s with `ok: false` for 412 instead of failing,
// parses XML only when Content-Type says "xml", keys its parsed XML by the server's namespace
// *prefix* (Xandikos answers with ns0:/ns1:), has no PROPPATCH, no chunked multiget, no 507
// sync-collection continuation, and its supported-report-set check returns [] on Xandikos, which
// silently turns every sync into a full download. What we needed from it (request composition, XML
// reading) is ~400 lines here: request.ts (the one primitive) → methods.ts (PROPFIND/REPORT/
// PROPPATCH) → discovery / listing / fetch-items / writes / manage. tsdav stays a dependency for
// nothing in this layer; it can be dropped from the bundle once no other layer imports it.
//
// Vocabulary: item (one .ics/.vcf resource), href (its absolute URL), etag (its version as the
// server reports it), collection (calendar or address book), state (ctag + sync-token saved after
// a sync).

export type { DavContext, DavCredentials, FetchLike } from "./context";
export { basicAuthHeader, DEFAULT_CHUNK_SIZE, DEFAULT_TIMEOUT_MS } from "./context";
export { DEFAULT_RETRY, retryDelay, type RetryPolicy } from "./retry";

export type { DavErrorKind, DavErrorInit } from "./errors";
export { DavError, isDavError, MESSAGE_KEYS, MESSAGE_KEY_AUTH_EASY_PROJECT, MESSAGE_KEY_NETWORK_HTTPS } from "./errors";

export type { CalendarComponent, CollectionInfo, CollectionKind } from "./collection";
export type { Capabilities, ServerProduct, ServerStrategy } from "./capabilities";
export { queryCapabilities } from "./capabilities";

export type { DiscoverParams, DiscoveryResult } from "./discovery";
export { discover, listHomes, normalizeStartUrl } from "./discovery";

export type { CollectionState, FullListingReason, ItemRef, ListChangesParams, ListChangesResult } from "./listing";
export { listChanges } from "./listing";

export type { TimeRange } from "./bodies";
export { timeRangeFromDays } from "./bodies";

export type { ItemData, MultigetChunk, MultigetParams, QueryItemsParams } from "./fetch-items";
export { multiget, multigetChunks, queryItems } from "./fetch-items";

export type { CreateParams, RemoveParams, UpdateParams, WriteResult } from "./writes";
export { create, getEtag, remove, update } from "./writes";

export type { MakeCollectionParams, UpdateCollectionParams } from "./manage";
export { makeCollection, removeCollection, updateCollection } from "./manage";

export { formatCalendarColor, parseCalendarColor } from "./color";

export type { Preset, PresetAnswers, PresetField, PresetId } from "./presets";
export { getPreset, PRESETS, presetUrls } from "./presets";

export type { BodyStore, DavStoreParams } from "./dav-store";
export { DavStore } from "./dav-store";
export type { CachedDavItem, DavStoreCache } from "./dav-store-cache";
export { DAV_CACHE_SCHEMA_VERSION, emptyDavCache, importDavCache } from "./dav-store-cache";
export type { InspectItem, ItemFacts, ItemSpan, TimeWindow } from "./item-facts";
export { inWindow, itemStateOf, pickFacts, pickFactsWith, resourceName } from "./item-facts";
