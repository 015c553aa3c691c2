// A fetch that answers from a script of (method, url) → Response, recording every request; for unit
// tests of the request compositions without a server.
import type { FetchLike } from "../../../src/dav";

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export function scriptedFetch(answer: (call: Call, index: number) => Response): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = { method: init.method ?? "GET", url, headers: (init.headers ?? {}) as Record<string, string>, body: init.body as string | undefined };
    calls.push(call);
    const res = answer(call, calls.length - 1);
    Object.defineProperty(res, "url", { value: url });
    return res;
  };
  return { fetch, calls };
}

export const xml = (body: string, status = 207) => new Response(body, { status, headers: { "Content-Type": "application/xml" } });

export const multistatus = (inner: string, token?: string) =>
  xml(`<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${inner}${token ? `<d:sync-token>${token}</d:sync-token>` : ""}</d:multistatus>`);

export const member = (href: string, etag: string) =>
  `<d:response><d:href>${href}</d:href><d:propstat><d:prop><d:getetag>${etag}</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;

export const gone = (href: string) => `<d:response><d:href>${href}</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`;
