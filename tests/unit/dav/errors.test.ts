// One taxonomy: status codes, thrown fetch errors and timeouts map to DavError kinds with message
// keys that exist in both locales.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DavError, MESSAGE_KEYS, MESSAGE_KEY_AUTH_EASY_PROJECT, MESSAGE_KEY_NETWORK_HTTPS } from "../../../src/dav";
import { httpError, kindForStatus, parseRetryAfter, summarizeBody, thrownError } from "../../../src/dav/errors";

describe("kindForStatus", () => {
  it.each([
    [401, false, "auth"],
    [403, false, "forbidden"],
    [404, false, "not-found"],
    [410, false, "not-found"],
    [405, false, "method-not-allowed"],
    [409, false, "conflict"],
    [412, false, "precondition"],
    [423, false, "locked"],
    [429, false, "rate-limit"],
    [503, true, "rate-limit"],
    [503, false, "server"],
    [500, false, "server"],
    [502, false, "server"],
    [400, false, "rejected"],
    [413, false, "rejected"],
    [415, false, "rejected"],
    [302, false, "rejected"],
  ] as const)("%i (Retry-After: %s) → %s", (status, retry, kind) => {
    expect(kindForStatus(status, retry)).toBe(kind);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent or unparsable values", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("httpError", () => {
  it("says what happened, where and to which item", () => {
    const e = httpError({ method: "PUT", url: "https://dav.example/c/x.ics", item: "https://dav.example/c/x.ics", status: 412, retryAfter: null });
    expect(e).toBeInstanceOf(DavError);
    expect(e).toMatchObject({ kind: "precondition", status: 412, method: "PUT", messageKey: "davErrorPrecondition", substitutions: ["https://dav.example/c/x.ics", "412"] });
    expect(e.message).toBe("precondition: PUT https://dav.example/c/x.ics → HTTP 412");
    expect(e.transient).toBe(false);
  });

  it("carries Retry-After for 429 and 503 and counts as transient", () => {
    const e = httpError({ method: "REPORT", url: "https://x/", status: 429, retryAfter: "30" });
    expect(e).toMatchObject({ kind: "rate-limit", retryAfterMs: 30_000, substitutions: ["https://x/", "30"] });
    expect(e.transient).toBe(true);
  });

  it("adds the LDAP hint to 401 on Easy Project hosts or with the Easy Project preset", () => {
    expect(httpError({ method: "PROPFIND", url: "https://acme.easyproject.cz/caldav/", status: 401, retryAfter: null }).messageKey).toBe(MESSAGE_KEY_AUTH_EASY_PROJECT);
    expect(httpError({ method: "PROPFIND", url: "https://acme.easyproject.com/caldav/", status: 401, retryAfter: null }).messageKey).toBe(MESSAGE_KEY_AUTH_EASY_PROJECT);
    expect(httpError({ method: "PROPFIND", url: "http://127.0.0.1/caldav/", status: 401, retryAfter: null, preset: "easyproject" }).messageKey).toBe(MESSAGE_KEY_AUTH_EASY_PROJECT);
    expect(httpError({ method: "PROPFIND", url: "https://noteasyproject.cz.evil/", status: 401, retryAfter: null }).messageKey).toBe("davErrorAuth");
  });

  it("keeps the DAV precondition of the body as detail", () => {
    const body = `<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>`;
    expect(httpError({ method: "REPORT", url: "https://x/", status: 403, retryAfter: null, body }).detail).toBe("valid-sync-token");
    expect(summarizeBody("<html><body><h1>Internal   error</h1></body></html>")).toBe("Internal error");
  });
});

describe("thrownError", () => {
  afterEach(() => vi.unstubAllGlobals());
  const nodeFetchError = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

  it("maps an abort caused by our timer to timeout", () => {
    expect(thrownError({ method: "GET", url: "https://x/", error: new DOMException("aborted", "AbortError"), timedOut: true })).toMatchObject({ kind: "timeout", messageKey: "davErrorTimeout" });
  });

  it("maps Node certificate errors to tls", () => {
    for (const code of ["DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN"]) {
      expect(thrownError({ method: "GET", url: "https://x/", error: nodeFetchError(code), timedOut: false }), code).toMatchObject({ kind: "tls", messageKey: "davErrorTls" });
    }
  });

  it("maps refused connections and DNS failures to network", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "UND_ERR_SOCKET"]) {
      expect(thrownError({ method: "GET", url: "http://x/", error: nodeFetchError(code), timedOut: false })).toMatchObject({ kind: "network", messageKey: "davErrorNetwork" });
    }
  });

  it("maps Firefox's opaque NetworkError on https to network with the certificate hint", () => {
    const e = thrownError({ method: "GET", url: "https://x/", error: new TypeError("NetworkError when attempting to fetch resource."), timedOut: false });
    expect(e).toMatchObject({ kind: "network", messageKey: MESSAGE_KEY_NETWORK_HTTPS });
  });

  it("maps any failure while the browser is offline to offline", () => {
    vi.stubGlobal("navigator", { onLine: false });
    expect(thrownError({ method: "GET", url: "https://x/", error: new TypeError("NetworkError"), timedOut: false })).toMatchObject({ kind: "offline", messageKey: "davErrorOffline" });
  });

  it("passes a DavError through unchanged", () => {
    const original = httpError({ method: "GET", url: "https://x/", status: 500, retryAfter: null });
    expect(thrownError({ method: "GET", url: "https://x/", error: original, timedOut: false })).toBe(original);
  });
});

describe("message keys", () => {
  const en = JSON.parse(readFileSync("extension/_locales/en/messages.json", "utf8")) as Record<string, { message: string }>;
  const cs = JSON.parse(readFileSync("extension/_locales/cs/messages.json", "utf8")) as Record<string, { message: string }>;
  const keys = [...Object.values(MESSAGE_KEYS), MESSAGE_KEY_AUTH_EASY_PROJECT, MESSAGE_KEY_NETWORK_HTTPS, "davErrorNothingFound", "davErrorNotACollection"];

  it.each(keys)("%s exists in English and Czech", (key) => {
    expect(en[key]?.message).toBeTruthy();
    expect(cs[key]?.message).toBeTruthy();
    expect(cs[key]?.message).not.toBe(en[key]?.message);
  });
});
