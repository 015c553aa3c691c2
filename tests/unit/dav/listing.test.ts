// listChanges' decisions without a server: which request it makes for which state, how it follows
// 507 truncation, and how every kind of token rejection ends in a full listing.
import { describe, expect, it } from "vitest";
import { listChanges, type ListChangesParams } from "../../../src/dav";
import { strategyFor } from "../../../src/dav/capabilities";
import { gone, member, multistatus, scriptedFetch, xml } from "./scripted-fetch";

const URL_ = "https://dav.example/cal/";
const collection = (over: Partial<ListChangesParams["collection"]> = {}): ListChangesParams["collection"] => ({
  url: URL_,
  kind: "calendar",
  ctag: "c2",
  syncToken: "t2",
  supportsSyncCollection: true,
  components: ["VEVENT"],
  strategy: strategyFor("unknown", { kind: "calendar" }),
  ...over,
});

describe("listChanges", () => {
  it("makes no request when the ctag is the saved one", async () => {
    const { fetch, calls } = scriptedFetch(() => xml("", 500));
    const result = await listChanges({ ctx: { fetch }, collection: collection(), since: { ctag: "c2", syncToken: "t1" } });
    expect(result).toEqual({ kind: "unchanged", state: { ctag: "c2", syncToken: "t1" } });
    expect(calls).toHaveLength(0);
  });

  it("sends the saved token and reports changes and deletions", async () => {
    const { fetch, calls } = scriptedFetch(() => multistatus(member("/cal/a.ics", '"e1"') + gone("/cal/b.ics"), "t3"));
    const result = await listChanges({ ctx: { fetch }, collection: collection(), since: { ctag: "c1", syncToken: "t1" } });
    expect(calls[0]).toMatchObject({ method: "REPORT", url: URL_, headers: { Depth: "1" } });
    expect(calls[0]!.body).toContain("<d:sync-token>t1</d:sync-token>");
    expect(result).toEqual({
      kind: "delta",
      changed: [{ href: "https://dav.example/cal/a.ics", etag: '"e1"' }],
      deleted: ["https://dav.example/cal/b.ics"],
      state: { ctag: "c2", syncToken: "t3" },
    });
  });

  it("follows a 507-truncated answer with the new token until complete", async () => {
    const { fetch, calls } = scriptedFetch((_c, i) =>
      i === 0
        ? multistatus(member("/cal/a.ics", '"1"') + `<d:response><d:href>/cal/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>`, "t-half")
        : multistatus(member("/cal/b.ics", '"2"') + gone("/cal/a.ics"), "t-full"),
    );
    const result = await listChanges({ ctx: { fetch }, collection: collection(), since: { syncToken: "t1" } });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toContain("<d:sync-token>t-half</d:sync-token>");
    expect(result).toMatchObject({ kind: "delta", changed: [{ href: "https://dav.example/cal/b.ics" }], deleted: ["https://dav.example/cal/a.ics"], state: { syncToken: "t-full" } });
  });

  it.each([
    [403, `<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>`],
    [409, ""],
    [412, ""],
    [400, ""],
    [500, "AssertionError: Invalid object name"],
  ])("treats %i to a token-bearing sync as a rejected token → full listing", async (status, body) => {
    const { fetch, calls } = scriptedFetch((_c, i) => (i === 0 ? xml(body, status) : multistatus(member("/cal/a.ics", '"1"') + gone("/cal/old.ics"), "t9")));
    const result = await listChanges({ ctx: { fetch }, collection: collection(), since: { syncToken: "t1" } });
    expect(calls[1]!.body).toContain("<d:sync-token/>");
    // Deleted members named by an initial listing are not items (Radicale lists long-gone ones).
    expect(result).toEqual({ kind: "full", reason: "token-rejected", items: [{ href: "https://dav.example/cal/a.ics", etag: '"1"' }], state: { ctag: "c2", syncToken: "t9" } });
  });

  it("does not hide an authentication failure behind a fallback", async () => {
    const { fetch } = scriptedFetch(() => xml("", 401));
    await expect(listChanges({ ctx: { fetch }, collection: collection(), since: { syncToken: "t1" } })).rejects.toMatchObject({ kind: "auth" });
  });

  it("uses PROPFIND Depth 1 without sync support, skipping the collection itself and sub-collections", async () => {
    const { fetch, calls } = scriptedFetch(() =>
      multistatus(
        `<d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:getetag>"x"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>` +
          `<d:response><d:href>/cal/sub/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>` +
          member("/cal/a.ics", '"1"'),
      ),
    );
    const result = await listChanges({ ctx: { fetch }, collection: collection({ supportsSyncCollection: false, syncToken: undefined }) });
    expect(calls[0]).toMatchObject({ method: "PROPFIND", headers: { Depth: "1" } });
    expect(result).toEqual({ kind: "full", reason: "no-sync-support", items: [{ href: "https://dav.example/cal/a.ics", etag: '"1"' }], state: { ctag: "c2", syncToken: undefined } });
  });

  it("falls back to PROPFIND when a server advertises sync-collection but refuses it", async () => {
    const { fetch, calls } = scriptedFetch((c) => (c.method === "REPORT" ? xml("", 501) : multistatus(member("/cal/a.ics", '"1"'))));
    const result = await listChanges({ ctx: { fetch }, collection: collection() });
    expect(calls.map((c) => c.method)).toEqual(["REPORT", "PROPFIND"]);
    expect(result).toMatchObject({ kind: "full", reason: "no-sync-support" });
  });

  it("with a time range, queries per component and adds recurring items on master-only servers", async () => {
    const { fetch, calls } = scriptedFetch((c) =>
      multistatus(c.body!.includes("time-range") ? member("/cal/in.ics", '"1"') : c.body!.includes('name="RRULE"') ? member("/cal/weekly.ics", '"2"') : ""),
    );
    const timeRange = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-02-01T00:00:00Z") };
    const result = await listChanges({ ctx: { fetch }, collection: collection(), timeRange });
    expect(calls).toHaveLength(3);
    expect(calls[0]!.body).toContain('<c:time-range start="20260101T000000Z" end="20260201T000000Z"/>');
    expect(result).toMatchObject({ kind: "full", reason: "time-range" });
    if (result.kind === "full") expect(result.items.map((i) => i.href)).toEqual(["https://dav.example/cal/in.ics", "https://dav.example/cal/weekly.ics"]);
  });

  it("with a time range on an expanding server, one query per component is enough", async () => {
    const { fetch, calls } = scriptedFetch(() => multistatus(""));
    const timeRange = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-02-01T00:00:00Z") };
    await listChanges({ ctx: { fetch }, collection: collection({ components: ["VEVENT", "VTODO"], strategy: strategyFor("radicale", { kind: "calendar" }) }), timeRange });
    expect(calls).toHaveLength(2);
  });
});
