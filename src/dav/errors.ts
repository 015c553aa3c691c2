// The one error type of src/dav: every non-2xx answer, timeout, network or parse failure becomes a
// DavError with a `kind` the sync engine can switch on, the URL/item it concerns, and a _locales
// message key + substitutions ($1 = URL or item, $2 = detail) for people. Nothing else is thrown
// out of src/dav (tsdav-style `{ ok: false }` results never leave it).

export type DavErrorKind =
  | "auth" // 401: wrong user name or password
  | "forbidden" // 403: no right to do this (e.g. read-only collection)
  | "not-found" // 404 / 410: wrong URL or item already gone
  | "method-not-allowed" // 405: URL is not a DAV collection, or it already exists (MKCALENDAR)
  | "conflict" // 409: parent missing, UID already used by another item, ...
  | "precondition" // 412: ETag no longer matches (someone else changed the item) or item exists
  | "locked" // 423
  | "rejected" // other 4xx: the server refused the request or the item (400, 413, 415, ...)
  | "rate-limit" // 429, or 503 with Retry-After: try again after `retryAfterMs`
  | "server" // 5xx
  | "timeout" // no complete answer within the configured time
  | "tls" // certificate problem
  | "offline" // the computer has no network
  | "network" // connection refused/reset, DNS failure, truncated answer
  | "malformed" // an answer we cannot parse (broken XML, missing multistatus)
  | "unsupported" // the account needs something we do not do yet (e.g. OAuth)
  | "cancelled"; // the caller's AbortSignal fired (the user pressed Stop): not a failure of the server

export interface DavErrorInit {
  kind: DavErrorKind;
  /** What we tried, e.g. "PROPFIND" or "PUT". */
  method: string;
  url: string;
  status?: number;
  /** Href of the item concerned, when it is one item rather than a collection. */
  item?: string;
  retryAfterMs?: number;
  messageKey: string;
  substitutions: string[];
  /** Technical detail for logs (server text, cause). */
  detail?: string;
  cause?: unknown;
}

export class DavError extends Error {
  override readonly name = "DavError";
  readonly kind: DavErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly item: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly messageKey: string;
  readonly substitutions: string[];
  readonly detail: string | undefined;

  constructor(init: DavErrorInit) {
    const what = `${init.method} ${init.url}`;
    const status = init.status ? ` → HTTP ${init.status}` : "";
    super(`${init.kind}: ${what}${status}${init.detail ? ` (${init.detail})` : ""}`, { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.item = init.item;
    this.retryAfterMs = init.retryAfterMs;
    this.messageKey = init.messageKey;
    this.substitutions = init.substitutions;
    this.detail = init.detail;
  }

  /**
   * The whole server refuses, not this one item (core's isSideFailure): the sync run stops here
   * instead of trying every remaining item — sign-in refused, told to wait, or unreachable.
   */
  get sideFailure(): boolean {
    return this.kind === "auth" || this.kind === "rate-limit" || this.kind === "network" || this.kind === "offline" || this.kind === "tls";
  }

  /** Soft errors are worth retrying later without telling the user at once (DAVx5's SoftError). */
  get transient(): boolean {
    switch (this.kind) {
      case "rate-limit":
      case "server":
      case "timeout":
      case "offline":
      case "network":
      case "locked":
        return true;
      case "auth":
      case "forbidden":
      case "not-found":
      case "method-not-allowed":
      case "conflict":
      case "precondition":
      case "rejected":
      case "tls":
      case "malformed":
      case "unsupported":
      case "cancelled":
        return false;
    }
  }
}

export function isDavError(e: unknown): e is DavError {
  return e instanceof DavError;
}

/** Message key per kind; `auth` on Easy Project has its own text (LDAP logins cannot use CalDAV). */
export const MESSAGE_KEYS: Record<DavErrorKind, string> = {
  auth: "davErrorAuth",
  forbidden: "davErrorForbidden",
  "not-found": "davErrorNotFound",
  "method-not-allowed": "davErrorMethodNotAllowed",
  conflict: "davErrorConflict",
  precondition: "davErrorPrecondition",
  locked: "davErrorLocked",
  rejected: "davErrorRejected",
  "rate-limit": "davErrorRateLimit",
  server: "davErrorServer",
  timeout: "davErrorTimeout",
  tls: "davErrorTls",
  offline: "davErrorOffline",
  network: "davErrorNetwork",
  malformed: "davErrorMalformed",
  unsupported: "davErrorUnsupported",
  cancelled: "davErrorCancelled",
};
export const MESSAGE_KEY_AUTH_EASY_PROJECT = "davErrorAuthEasyProject";
/** Network failure on https where the browser cannot tell a certificate problem from a dead host. */
export const MESSAGE_KEY_NETWORK_HTTPS = "davErrorNetworkHttps";

export function kindForStatus(status: number, hasRetryAfter: boolean): DavErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not-found";
  if (status === 405) return "method-not-allowed";
  if (status === 409) return "conflict";
  if (status === 412) return "precondition";
  if (status === 423) return "locked";
  if (status === 429) return "rate-limit";
  if (status === 503 && hasRetryAfter) return "rate-limit";
  if (status >= 500) return "server";
  return "rejected";
}

/** Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function isEasyProjectUrl(url: string): boolean {
  try {
    return /(^|\.)easyproject\.(cz|com)$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

export interface HttpErrorParams {
  method: string;
  url: string;
  status: number;
  retryAfter: string | null;
  item?: string;
  body?: string;
  /** The profile's preset; "easyproject" adds the LDAP hint to auth errors on any host. */
  preset?: string;
}

export function httpError(p: HttpErrorParams): DavError {
  const retryAfterMs = parseRetryAfter(p.retryAfter);
  const kind = kindForStatus(p.status, retryAfterMs !== undefined);
  const easyProject = p.preset === "easyproject" || isEasyProjectUrl(p.url);
  const messageKey = kind === "auth" && easyProject ? MESSAGE_KEY_AUTH_EASY_PROJECT : MESSAGE_KEYS[kind];
  const detail2 =
    kind === "rate-limit" ? String(Math.ceil((retryAfterMs ?? 60_000) / 1000)) : String(p.status);
  return new DavError({
    kind,
    method: p.method,
    url: p.url,
    status: p.status,
    ...(p.item !== undefined ? { item: p.item } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    messageKey,
    substitutions: [p.item ?? p.url, detail2],
    ...(p.body ? { detail: summarizeBody(p.body) } : {}),
  });
}

/** First meaningful part of an error body: a DAV precondition element name, or ~200 chars of text. */
export function summarizeBody(body: string): string {
  const cond = /<(?:[\w-]+:)?error[^>]*>\s*<(?:[\w-]+:)?([\w-]+)/.exec(body);
  if (cond) return cond[1]!;
  return body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
}

// Node's undici puts the TLS code on `cause.code`; Firefox only says "NetworkError when attempting to fetch resource".
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/i;

export interface ThrownErrorParams {
  method: string;
  url: string;
  error: unknown;
  timedOut: boolean;
  /** The caller's own AbortSignal fired. */
  cancelled?: boolean;
  item?: string;
}

/** Maps what `fetch` (or reading its body) threw into a DavError. */
export function thrownError(p: ThrownErrorParams): DavError {
  const base = { method: p.method, url: p.url, ...(p.item !== undefined ? { item: p.item } : {}), cause: p.error };
  const subject = p.item ?? p.url;
  if (p.error instanceof DavError) return p.error;
  if (p.cancelled && !p.timedOut) {
    return new DavError({ ...base, kind: "cancelled", messageKey: MESSAGE_KEYS.cancelled, substitutions: [subject, ""] });
  }
  if (p.timedOut) {
    return new DavError({ ...base, kind: "timeout", messageKey: MESSAGE_KEYS.timeout, substitutions: [subject, ""] });
  }
  const code = causeCode(p.error);
  const text = `${code} ${errorText(p.error)}`;
  if (TLS_CODES.test(code) || /certificate/i.test(text)) {
    return new DavError({ ...base, kind: "tls", messageKey: MESSAGE_KEYS.tls, substitutions: [subject, code], detail: text.trim() });
  }
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  if (nav?.onLine === false) {
    return new DavError({ ...base, kind: "offline", messageKey: MESSAGE_KEYS.offline, substitutions: [subject, ""] });
  }
  const https = p.url.startsWith("https:");
  // In a browser an https failure may be a certificate the user has not accepted: say so.
  const browserLike = code === "" && https;
  return new DavError({
    ...base,
    kind: "network",
    messageKey: browserLike ? MESSAGE_KEY_NETWORK_HTTPS : MESSAGE_KEYS.network,
    substitutions: [subject, code || errorText(p.error)],
    detail: text.trim(),
  });
}

export function malformedError(p: { method: string; url: string; detail: string; item?: string }): DavError {
  return new DavError({
    kind: "malformed",
    method: p.method,
    url: p.url,
    ...(p.item !== undefined ? { item: p.item } : {}),
    messageKey: MESSAGE_KEYS.malformed,
    substitutions: [p.item ?? p.url, p.detail],
    detail: p.detail,
  });
}

function causeCode(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return "";
}

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    if (cur instanceof Error) parts.push(cur.message);
    else parts.push(String(cur));
    cur = cur && typeof cur === "object" ? (cur as { cause?: unknown }).cause : undefined;
  }
  return parts.join(": ");
}
