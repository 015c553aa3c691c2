// Item writes, always conditional: create = PUT If-None-Match: *, update = PUT If-Match, remove =
// DELETE If-Match. Contract: a stale ETag or an existing href rejects with DavError "precondition"
// and the server item stays untouched; the new ETag comes from the response, else from a PROPFIND
// (undefined only when the server reports none); `Location` on create is honoured.

import type { CollectionKind } from "./collection";
import type { DavContext } from "./context";
import { isDavError } from "./errors";
import { P, propfind, throwOnMultistatusFailure } from "./methods";
import { foundText } from "./multistatus";
import { asCollectionUrl, davRequest, resolveHref, type DavResponse } from "./request";

export const CONTENT_TYPES: Record<CollectionKind, string> = {
  calendar: "text/calendar; charset=utf-8",
  addressbook: "text/vcard; charset=utf-8",
};

export interface CreateParams {
  ctx: DavContext;
  collection: { url: string; kind: CollectionKind };
  /** File name inside the collection, e.g. `${uid}.ics`; it is percent-encoded here. */
  name: string;
  data: string;
}

export interface WriteResult {
  href: string;
  etag: string | undefined;
}

export async function create(p: CreateParams): Promise<WriteResult> {
  const href = new URL(encodeURIComponent(p.name), asCollectionUrl(p.collection.url)).href;
  const res = await put({ ctx: p.ctx, href, data: p.data, kind: p.collection.kind, condition: { "If-None-Match": "*" } });
  const location = res.headers.get("Location");
  const finalHref = location ? resolveHref(location, href) : href;
  return { href: finalHref, etag: await etagAfterWrite({ ctx: p.ctx, res, href: finalHref }) };
}

export interface UpdateParams {
  ctx: DavContext;
  href: string;
  /** The ETag the item had when we last saw it. */
  etag: string;
  kind: CollectionKind;
  data: string;
}

export async function update(p: UpdateParams): Promise<WriteResult> {
  const res = await put({ ctx: p.ctx, href: p.href, data: p.data, kind: p.kind, condition: { "If-Match": p.etag } });
  return { href: p.href, etag: await etagAfterWrite({ ctx: p.ctx, res, href: p.href }) };
}

export interface RemoveParams {
  ctx: DavContext;
  href: string;
  etag: string;
}

/** Resolves `{ alreadyGone: true }` when the item no longer exists (404/410): the goal is reached. */
export async function remove(p: RemoveParams): Promise<{ alreadyGone: boolean }> {
  const res = await davRequest({
    ctx: p.ctx,
    method: "DELETE",
    url: p.href,
    item: p.href,
    headers: { "If-Match": p.etag },
    allowStatus: [404, 410],
  });
  if (res.status === 207) throwOnMultistatusFailure({ ctx: p.ctx, method: "DELETE", url: p.href, item: p.href, res });
  return { alreadyGone: res.status === 404 || res.status === 410 };
}

/** Current ETag of one item (PROPFIND Depth 0); undefined when the server has none. */
export async function getEtag(p: { ctx: DavContext; href: string }): Promise<string | undefined> {
  const ms = await propfind({ ctx: p.ctx, url: p.href, depth: "0", props: [P.getetag] });
  const entry = ms.entries[0];
  return entry ? foundText(entry, P.getetag) || undefined : undefined;
}

async function put(p: {
  ctx: DavContext;
  href: string;
  data: string;
  kind: CollectionKind;
  condition: Record<string, string>;
}): Promise<DavResponse> {
  const res = await davRequest({
    ctx: p.ctx,
    method: "PUT",
    url: p.href,
    item: p.href,
    body: p.data,
    headers: { "Content-Type": CONTENT_TYPES[p.kind], ...p.condition },
  });
  // Xandikos answers a refused PUT with 207 carrying 412 (e.g. no-uid-conflict).
  if (res.status === 207) throwOnMultistatusFailure({ ctx: p.ctx, method: "PUT", url: p.href, item: p.href, res });
  return res;
}

async function etagAfterWrite(p: { ctx: DavContext; res: DavResponse; href: string }): Promise<string | undefined> {
  const header = p.res.headers.get("ETag");
  if (header) return header;
  // The server may have rewritten the item and therefore withheld the ETag (RFC 4791 §5.3.4): ask for it.
  try {
    return await getEtag({ ctx: p.ctx, href: p.href });
  } catch (e) {
    if (isDavError(e) && e.kind === "not-found") return undefined;
    throw e;
  }
}
