// Discovery on the three real servers from every kind of starting URL, and what it reads per
// collection (kind, components, privileges → read-only, colour, sync support).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discover, queryCapabilities, type DiscoveryResult } from "../../../src/dav";
import type { DavServer } from "../../helpers/servers";
import { ctxFor, start, type ServerName } from "./support";

const SERVERS: ServerName[] = ["radicale", "xandikos", "ep-like"];

describe.each(SERVERS)("discovery on %s", (name) => {
  let server: DavServer;
  beforeAll(async () => {
    server = await start(name);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const paths = (r: DiscoveryResult) => r.collections.map((c) => new URL(c.url).pathname).sort();
  const expected = () => Object.values(server.collections).map((u) => new URL(u).pathname).sort();

  it("finds every collection from the root URL", async () => {
    const result = await discover({ ctx: ctxFor(server), url: server.rootUrl });
    expect(paths(result)).toEqual(expected());
    expect(result.principalUrl).toMatch(/\/alice\/$/);
  });

  it("finds the same from /.well-known/caldav and /.well-known/carddav", async () => {
    const origin = new URL(server.rootUrl).origin;
    for (const wk of ["caldav", "carddav"]) {
      const result = await discover({ ctx: ctxFor(server), url: `${origin}/.well-known/${wk}` });
      expect(paths(result)).toEqual(expected());
    }
  });

  it("finds the same from the principal URL", async () => {
    const root = await discover({ ctx: ctxFor(server), url: server.rootUrl });
    const result = await discover({ ctx: ctxFor(server), url: root.principalUrl! });
    expect(paths(result)).toEqual(expected());
  });

  it("finds the same from a collection URL and marks that collection as the start", async () => {
    const first = Object.values(server.collections)[0]!;
    const result = await discover({ ctx: ctxFor(server), url: first });
    expect(result.startCollection?.url).toBe(first);
    expect(paths(result)).toEqual(expected());
  });

  it("accepts a URL typed without its trailing slash", async () => {
    const first = Object.values(server.collections)[0]!;
    const result = await discover({ ctx: ctxFor(server), url: first.replace(/\/$/, "") });
    expect(paths(result)).toEqual(expected());
  });

  it("reads kind, components, colour and sync support per collection, not the change state", async () => {
    const result = await discover({ ctx: ctxFor(server), url: server.rootUrl });
    for (const c of result.collections) {
      // ctag / sync-token cost the server a pass over the items (Radicale): only a sync asks, for one.
      expect(c.ctag).toBeUndefined();
      expect(c.syncToken).toBeUndefined();
      expect(c.supportsSyncCollection).toBe(true);
      if (c.kind === "calendar") expect(c.components.length).toBeGreaterThan(0);
      else expect(c.components).toEqual([]);
      if (c.color !== undefined) expect(c.color).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it("reports a wrong password as an auth DavError", async () => {
    await expect(discover({ ctx: ctxFor(server, { credentials: { username: "alice", password: "wrong" } }), url: server.rootUrl })).rejects.toMatchObject({
      name: "DavError",
      kind: "auth",
      status: 401,
    });
  });
});

describe("read-only detection on the Easy-Project-like server", () => {
  let server: DavServer;
  beforeAll(async () => {
    server = await start("ep-like");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("marks tasks, milestones, attendance and users read-only and the rest writable", async () => {
    const result = await discover({ ctx: ctxFor(server), url: server.rootUrl });
    const readOnly = Object.fromEntries(result.collections.map((c) => [c.url.split("/").at(-2), c.readOnly]));
    expect(readOnly).toEqual({
      meetings: false,
      todos: false,
      contacts: false,
      tasks: true,
      milestones: true,
      attendance: true,
      users: true,
    });
  });

  it("reads display names, stripped colours and components", async () => {
    const caps = await queryCapabilities({ ctx: ctxFor(server), url: server.collections["todos"]! });
    expect(caps).toMatchObject({ kind: "calendar", displayName: "To-dos", color: "#8e44ad", components: ["VTODO"], readOnly: false });
    expect(caps.strategy.product).toBe("radicale");
  });

  it("adds the LDAP hint to a 401 when the profile is an Easy Project one", async () => {
    const ctx = ctxFor(server, { credentials: { username: "alice", password: "wrong" }, preset: "easyproject" });
    await expect(discover({ ctx, url: server.rootUrl })).rejects.toMatchObject({ kind: "auth", messageKey: "davErrorAuthEasyProject" });
  });
});
