// How to talk to one account: credentials, fetch implementation and network options.
// Contract: every request in src/dav takes a `DavContext`; nothing is global, so tests inject
// `fetch` and the background page / CLI can run several accounts side by side.

import type { RetryPolicy } from "./retry";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface DavCredentials {
  username: string;
  password: string;
}

export interface DavContext {
  credentials?: DavCredentials;
  /** Defaults to globalThis.fetch (bound). */
  fetch?: FetchLike;
  /** Whole request including reading the body; default 90 000 ms. */
  timeoutMs?: number;
  /**
   * Ask for "Connection: close". Node's fetch (undici) sends it; browsers (Thunderbird) silently drop
   * it because `Connection` is a forbidden request header in the Fetch standard, so there it is a no-op.
   */
  closeConnection?: boolean;
  /** Strip characters XML forbids (e.g. 0x0C) instead of failing; default true. */
  acceptInvalidChars?: boolean;
  /** Preset id of the profile; "easyproject" adds the LDAP hint to authentication errors. */
  preset?: string;
  /** Cancels everything in flight (e.g. the user pressed Stop). */
  signal?: AbortSignal;
  /** Retry transient failures (Retry-After, resets, 502–504); without it every failure is final. */
  retry?: RetryPolicy;
}

export const DEFAULT_TIMEOUT_MS = 90_000;
export const DEFAULT_CHUNK_SIZE = 100;

/**
 * Preemptive Basic auth (RFC 7617 with charset=UTF-8): the credentials are encoded as UTF-8 bytes
 * before base64, so "heslo-ěščř" works. btoa alone would throw on characters above U+00FF.
 */
export function basicAuthHeader(credentials: DavCredentials): string {
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}
