// Conditional writes without a server: headers, Location, ETag from header or PROPFIND, 207 answers.
import { describe, expect, it } from "vitest";
import { create, remove, update } from "../../../src/dav";
import { member, multistatus, scriptedFetch } from "./scripted-fetch";

const collection = { url: "https://dav.example/cal", kind: "calendar" as const };

describe("create", () => {
  it("PUTs with If-None-Match: * under an encoded name and honours Location and ETag", async () => {
    const { fetch, calls } = scriptedFetch(() => new Response(null, { status: 201, headers: { Location: "/cal/server-chosen.ics", ETag: '"e1"' } }));
    const result = await create({ ctx: { fetch }, collection, name: "porada ž@1.ics", data: "BEGIN:VCALENDAR" });
    expect(calls[0]).toMatchObject({ method: "PUT", url: "https://dav.example/cal/porada%20%C5%BE%401.ics", headers: { "If-None-Match": "*", "Content-Type": "text/calendar; charset=utf-8" } });
    expect(result).toEqual({ href: "https://dav.example/cal/server-chosen.ics", etag: '"e1"' });
  });

  it("asks for the ETag with PROPFIND when the server withholds it", async () => {
    const { fetch, calls } = scriptedFetch((c) => (c.method === "PUT" ? new Response(null, { status: 201 }) : multistatus(member("/cal/x.ics", '"later"'))));
    const result = await create({ ctx: { fetch }, collection, name: "x.ics", data: "X" });
    expect(calls.map((c) => [c.method, c.headers["Depth"]])).toEqual([["PUT", undefined], ["PROPFIND", "0"]]);
    expect(result.etag).toBe('"later"');
  });

  it("turns a 207 carrying 412 no-uid-conflict (Xandikos) into a precondition error", async () => {
    const { fetch } = scriptedFetch(() =>
      multistatus(`<d:response><d:href>/cal/x.ics</d:href><d:status>HTTP/1.1 412 Precondition Failed</d:status><d:error><c:no-uid-conflict/></d:error></d:response>`),
    );
    await expect(create({ ctx: { fetch }, collection, name: "x.ics", data: "X" })).rejects.toMatchObject({ kind: "precondition", detail: "no-uid-conflict", item: "https://dav.example/cal/x.ics" });
  });
});

describe("update and remove", () => {
  it("send If-Match with the saved ETag", async () => {
    const { fetch, calls } = scriptedFetch((c) => new Response(null, { status: c.method === "PUT" ? 204 : 204, headers: c.method === "PUT" ? { ETag: '"e2"' } : {} }));
    await expect(update({ ctx: { fetch }, href: "https://dav.example/cal/x.ics", etag: '"e1"', kind: "addressbook", data: "BEGIN:VCARD" })).resolves.toEqual({ href: "https://dav.example/cal/x.ics", etag: '"e2"' });
    await expect(remove({ ctx: { fetch }, href: "https://dav.example/cal/x.ics", etag: '"e2"' })).resolves.toEqual({ alreadyGone: false });
    expect(calls.map((c) => [c.method, c.headers["If-Match"], c.headers["Content-Type"]])).toEqual([
      ["PUT", '"e1"', "text/vcard; charset=utf-8"],
      ["DELETE", '"e2"', undefined],
    ]);
  });

  it("report a missing item on delete as already gone", async () => {
    const { fetch } = scriptedFetch(() => new Response("", { status: 404 }));
    await expect(remove({ ctx: { fetch }, href: "https://dav.example/cal/x.ics", etag: '"e"' })).resolves.toEqual({ alreadyGone: true });
  });
});
