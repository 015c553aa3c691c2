// The options page's "Create a new calendar / address book on the server" (createServerCollection)
// against a real Radicale: from the root URL the handler finds the home set, makes the collection
// there with the right component set and name, and answers its URL; refusals come back as messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleOptionsRequest, type OptionsApiDeps } from "../../../src/background/options-api";
import type { BackgroundResponses } from "../../../src/background/messages";
import { queryCapabilities } from "../../../src/dav";
import { basicAuth, type DavServer } from "../../helpers/servers";
import { ctxFor, start } from "./support";

type Answer = BackgroundResponses["createServerCollection"];

describe("createServerCollection on radicale", () => {
  let server: DavServer;
  beforeAll(async () => {
    server = await start("radicale");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const deps = (stored?: string): OptionsApiDeps =>
    ({
      credentials: {
        setPassword: async () => {},
        getPassword: async (login: { origin: string; username: string }) =>
          stored !== undefined && login.origin === new URL(server.rootUrl).origin && login.username === server.username ? stored : null,
      },
    }) as unknown as OptionsApiDeps;

  it("creates a task calendar in the calendar home from the root URL and answers its URL", async () => {
    const answer = (await handleOptionsRequest(deps(), {
      type: "createServerCollection",
      url: server.rootUrl,
      username: server.username,
      password: server.password,
      kind: "tasks",
      displayName: "Úkoly týmu",
      color: "#ff8800",
    })) as Answer;
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.url).toMatch(/\/alice\/ukoly-tymu\/$/);
    const res = await fetch(answer.url, {
      method: "PROPFIND",
      headers: { Authorization: basicAuth(server), Depth: "0", "Content-Type": "application/xml" },
      body: `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/></d:prop></d:propfind>`,
    });
    expect(res.status).toBe(207);
    expect(await res.text()).toContain("Úkoly týmu");
    const caps = await queryCapabilities({ ctx: ctxFor(server), url: answer.url });
    expect(caps).toMatchObject({ kind: "calendar", displayName: "Úkoly týmu", components: ["VTODO"], color: "#ff8800" });
  });

  it("creates an address book with the stored password of the login", async () => {
    const answer = (await handleOptionsRequest(deps(server.password), {
      type: "createServerCollection",
      url: server.rootUrl,
      username: server.username,
      kind: "contacts",
      displayName: "Kontakty firmy",
    })) as Answer;
    expect(answer).toMatchObject({ ok: true });
    if (!answer.ok) return;
    const caps = await queryCapabilities({ ctx: ctxFor(server), url: answer.url });
    expect(caps).toMatchObject({ kind: "addressbook", displayName: "Kontakty firmy" });
  });

  it("answers the DavError's message for a wrong password", async () => {
    const answer = (await handleOptionsRequest(deps(), {
      type: "createServerCollection",
      url: server.rootUrl,
      username: server.username,
      password: "wrong",
      kind: "events",
      displayName: "Nope",
    })) as Answer;
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.message.key).toMatch(/^davError/);
  });
});
