// The request primitive with an injected fetch: headers it sends, redirects, timeout, cancel.
import { describe, expect, it } from "vitest";
import type { DavContext, FetchLike } from "../../../src/dav";
import { davRequest, hrefKey } from "../../../src/dav/request";

function recordingFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init, headers: init.headers as Record<string, string> });
    return respond(url, init);
  };
  return { fetch, calls };
}

describe("davRequest", () => {
  it("sends preemptive Basic auth, Depth, an XML content type and no cookies", async () => {
    const { fetch, calls } = recordingFetch(() => new Response("<x/>", { status: 207 }));
    const ctx: DavContext = { fetch, credentials: { username: "alice", password: "heslo-ěščř" } };
    await davRequest({ ctx, method: "PROPFIND", url: "https://dav.example/", depth: "0", body: "<x/>" });
    expect(calls[0]!.headers).toMatchObject({ Authorization: "Basic YWxpY2U6aGVzbG8txJvFocSNxZk=", Depth: "0", "Content-Type": "application/xml; charset=utf-8" });
    expect(calls[0]!.init).toMatchObject({ method: "PROPFIND", credentials: "omit", redirect: "follow" });
    expect(calls[0]!.headers["Connection"]).toBeUndefined();
  });

  it("asks for Connection: close when configured", async () => {
    const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
    await davRequest({ ctx: { fetch, closeConnection: true }, method: "DELETE", url: "https://dav.example/x" });
    expect(calls[0]!.headers["Connection"]).toBe("close");
  });

  it("keeps a caller's content type", async () => {
    const { fetch, calls } = recordingFetch(() => new Response(null, { status: 201 }));
    await davRequest({ ctx: { fetch }, method: "PUT", url: "https://dav.example/x.ics", body: "BEGIN:VCALENDAR", headers: { "Content-Type": "text/calendar" } });
    expect(calls[0]!.headers["Content-Type"]).toBe("text/calendar");
  });

  it("rejects non-2xx with a DavError unless the status is allowed", async () => {
    const { fetch } = recordingFetch(() => new Response("nope", { status: 404 }));
    await expect(davRequest({ ctx: { fetch }, method: "GET", url: "https://dav.example/x" })).rejects.toMatchObject({ kind: "not-found", status: 404 });
    await expect(davRequest({ ctx: { fetch }, method: "GET", url: "https://dav.example/x", allowStatus: [404] })).resolves.toMatchObject({ status: 404, text: "nope" });
  });

  it("times out a request that never answers", async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    await expect(davRequest({ ctx: { fetch, timeoutMs: 20 }, method: "GET", url: "https://dav.example/" })).rejects.toMatchObject({ kind: "timeout" });
  });

  it("is cancelled by the context's signal", async () => {
    const controller = new AbortController();
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const pending = davRequest({ ctx: { fetch, signal: controller.signal }, method: "GET", url: "http://dav.example/" });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "DavError", kind: "cancelled", messageKey: "davErrorCancelled" });
  });
});

describe("hrefKey", () => {
  it("makes encoded and decoded paths equal", () => {
    expect(hrefKey("http://h/c/m%20%C5%BE.ics")).toBe(hrefKey("http://h/c/m ž.ics"));
    expect(hrefKey("http://h/c/a%40b.ics")).toBe(hrefKey("http://h/c/a@b.ics"));
  });
});
