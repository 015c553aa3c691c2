// The one request primitive every DAV call goes through: auth header, timeout via AbortController
// (covering the body too), optional "Connection: close", error mapping, and — when the context has
// a retry policy — waiting out Retry-After / backing off before trying again (retry.ts).
// Contract: resolves only for 2xx (or a status listed in `allowStatus`) with the body read as text;
// everything else rejects with a DavError.

import { basicAuthHeader, DEFAULT_TIMEOUT_MS, type DavContext, type FetchLike } from "./context";
import { httpError, isDavError, thrownError } from "./errors";
import { pause, retryDelay } from "./retry";

export interface DavRequestParams {
  ctx: DavContext;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  depth?: "0" | "1" | "infinity";
  /** Href of the item concerned, for error messages. */
  item?: string;
  /** Non-2xx statuses the caller handles itself (e.g. 404 when probing). */
  allowStatus?: readonly number[];
  /**
   * Hands a 2xx body to this piece by piece as it arrives instead of returning it as `text` (which
   * is then ""): a large answer is never one string. A retried request streams again from the
   * start, so the consumer must take a repeated piece sequence (start over on `onAttempt`, which
   * also gives the URL that answered: hrefs resolve against it). A promise from onText pauses the
   * reading (the rest waits in the socket, and the server) until it settles.
   */
  stream?: { onAttempt: (url: string) => void; onText: (text: string) => void | Promise<void> } | undefined;
}

export interface DavResponse {
  status: number;
  /** Final URL after redirects: resolve hrefs in the body against this. */
  url: string;
  headers: Headers;
  text: string;
}

export async function davRequest(p: DavRequestParams): Promise<DavResponse> {
  const policy = p.ctx.retry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await requestOnce(p);
    } catch (error) {
      const wait = policy && isDavError(error) ? retryDelay({ error, attempt, policy }) : undefined;
      if (wait === undefined) throw error;
      await pause(wait, p.ctx.signal);
    }
  }
}

async function requestOnce(p: DavRequestParams): Promise<DavResponse> {
  const { ctx } = p;
  const doFetch: FetchLike = ctx.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = { ...p.headers };
  if (ctx.credentials) headers["Authorization"] = basicAuthHeader(ctx.credentials);
  if (p.depth !== undefined) headers["Depth"] = p.depth;
  if (p.body !== undefined && !hasHeader(headers, "content-type")) headers["Content-Type"] = "application/xml; charset=utf-8";
  if (ctx.closeConnection) headers["Connection"] = "close";

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onOuterAbort = () => controller.abort();
  ctx.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (ctx.signal?.aborted) controller.abort();

  try {
    const response = await doFetch(p.url, {
      method: p.method,
      headers,
      ...(p.body !== undefined ? { body: p.body } : {}),
      signal: controller.signal,
      redirect: "follow",
      // No cookies and no browser auth prompt: the account's credentials are the only identity.
      credentials: "omit",
      cache: "no-store",
    });
    const finalUrl = response.url || p.url;
    const ok = response.status >= 200 && response.status < 300;
    if (ok && p.stream && response.body) {
      p.stream.onAttempt(finalUrl);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        const pause = p.stream.onText(decoder.decode(part.value, { stream: true }));
        if (pause) await pause;
      }
      const tail = decoder.decode();
      if (tail) p.stream.onText(tail);
      return { status: response.status, url: finalUrl, headers: response.headers, text: "" };
    }
    const text = await response.text();
    if (ok || p.allowStatus?.includes(response.status)) {
      return { status: response.status, url: finalUrl, headers: response.headers, text };
    }
    throw httpError({
      method: p.method,
      url: p.url,
      status: response.status,
      retryAfter: response.headers.get("Retry-After"),
      body: text,
      ...(p.item !== undefined ? { item: p.item } : {}),
      ...(ctx.preset !== undefined ? { preset: ctx.preset } : {}),
    });
  } catch (error) {
    const cancelled = ctx.signal?.aborted === true;
    throw thrownError({ method: p.method, url: p.url, error, timedOut, cancelled, ...(p.item !== undefined ? { item: p.item } : {}) });
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onOuterAbort);
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Resolves an href from a response against the URL that produced it. */
export function resolveHref(href: string, base: string): string {
  return new URL(href.trim(), base).href;
}

/** Comparable form of a URL: decoded path, so `%40` and `@` (or `%C5%BE` and `ž`) match. */
export function hrefKey(url: string): string {
  const u = new URL(url);
  let path = u.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path when a server sends broken percent-encoding
  }
  return `${u.origin}${path}`;
}

/** The URL as a collection (trailing slash). */
export function asCollectionUrl(url: string): string {
  const u = new URL(url);
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  return u.href;
}
