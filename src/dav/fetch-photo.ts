// A contact's photo on the server itself (`PHOTO;VALUE=uri:https://dav.example.cz/…`) needs the
// profile's credentials, which Thunderbird does not have for it: fetchPhoto gets it with them, and
// contactPhotoForm hands Thunderbird the card with the photo inlined (src/ical/photo.ts) and turns
// Thunderbird's copy back into the server's form. Rules:
// - only URIs on the origin of the profile's server are fetched with credentials; a photo elsewhere
//   stays a URI (no credential leak), and a redirect that leaves the origin is refused;
// - at most `maxBytes` (1 MB by default), and the response must say `image/*`;
// - a failure is a note, never an error: the card keeps its URI and syncs as it is.
import { inlinePhoto, photoUris, restorePhotoUris } from "../ical";
import { basicAuthHeader, type DavContext, type FetchLike } from "./context";

export const PHOTO_MAX_BYTES = 1_000_000;
const PHOTO_TIMEOUT_MS = 30_000;

export type PhotoResult = { ok: true; base64: string; mediaType: string } | { ok: false; reason: string };

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Reads at most `max` bytes of the body; undefined when it is longer. */
async function readCapped(response: Response, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get("Content-Length") ?? NaN);
  if (!Number.isNaN(declared) && declared > max) return undefined;
  if (!response.body) {
    const buf = new Uint8Array(await response.arrayBuffer());
    return buf.length > max ? undefined : buf;
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** GETs one photo with the profile's credentials; only on `serverUrl`'s origin. Never throws. */
export async function fetchPhoto(params: { ctx: DavContext; url: string; serverUrl: string; maxBytes?: number }): Promise<PhotoResult> {
  const { ctx, url, serverUrl } = params;
  const max = params.maxBytes ?? PHOTO_MAX_BYTES;
  if (!sameOrigin(url, serverUrl)) return { ok: false, reason: "not on the server's origin: not fetched with its credentials" };
  const doFetch: FetchLike = ctx.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.min(ctx.timeoutMs ?? PHOTO_TIMEOUT_MS, PHOTO_TIMEOUT_MS));
  const onOuterAbort = () => controller.abort();
  ctx.signal?.addEventListener("abort", onOuterAbort, { once: true });
  try {
    const headers: Record<string, string> = { Accept: "image/*" };
    if (ctx.credentials) headers["Authorization"] = basicAuthHeader(ctx.credentials);
    // Fetch drops Authorization on a cross-origin redirect; we also refuse what such a redirect returns.
    const response = await doFetch(url, { method: "GET", headers, redirect: "follow", credentials: "omit", cache: "no-store", signal: controller.signal });
    if (response.url && !sameOrigin(response.url, serverUrl)) {
      await response.body?.cancel();
      return { ok: false, reason: "redirected off the server's origin" };
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel();
      return { ok: false, reason: `HTTP ${response.status}` };
    }
    const mediaType = (response.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!mediaType.startsWith("image/")) {
      await response.body?.cancel();
      return { ok: false, reason: `not an image (${mediaType || "no Content-Type"})` };
    }
    const bytes = await readCapped(response, max);
    if (!bytes) return { ok: false, reason: `larger than ${max} bytes` };
    return { ok: true, base64: toBase64(bytes), mediaType };
  } catch (error) {
    return { ok: false, reason: controller.signal.aborted ? "timed out or cancelled" : String((error as Error)?.message ?? error) };
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onOuterAbort);
  }
}

export interface PhotoNote {
  uri: string;
  reason: string;
}

/**
 * The server card → the card for Thunderbird: each photo on the server's origin inlined (fetched
 * with the profile's credentials). Foreign URIs and failed fetches keep their URI (failures are
 * reported to `onNote`). Text that is not a vCard, or has no such photo, comes back unchanged.
 */
export async function inlineServerPhotos(params: { text: string; ctx: DavContext; serverUrl: string; maxBytes?: number; onNote?: (note: PhotoNote) => void }): Promise<string> {
  let uris: string[];
  try {
    uris = photoUris({ text: params.text, serverUrl: params.serverUrl }).fetch;
  } catch {
    return params.text; // not one item: the store reports that itself
  }
  let text = params.text;
  for (const uri of uris) {
    const result = await fetchPhoto({ ctx: params.ctx, url: uri, serverUrl: params.serverUrl, ...(params.maxBytes !== undefined ? { maxBytes: params.maxBytes } : {}) });
    if (result.ok) text = inlinePhoto({ text, uri, base64: result.base64, mediaType: result.mediaType });
    else params.onNote?.({ uri, reason: result.reason });
  }
  return text;
}

/** The two directions as AddressBookStore's optional `cardForm` hook. */
export function contactPhotoForm(params: { ctx: DavContext; serverUrl: string; maxBytes?: number; onNote?: (note: PhotoNote) => void }): {
  toThunderbird(p: { content: string }): Promise<string>;
  fromThunderbird(p: { text: string }): string;
} {
  return {
    toThunderbird: ({ content }) => inlineServerPhotos({ text: content, ...params }),
    fromThunderbird: ({ text }) => {
      try {
        return restorePhotoUris({ text });
      } catch {
        return text;
      }
    },
  };
}
