// Typed entry point to the project's real test DAV servers (scripts/servers/): a test starts one in
// beforeAll (`const server = await startEpLike({ events: 60 })`) and stops it in afterAll
// (`await server.stop()`). Every server listens on a free 127.0.0.1 port with user alice / secret.
export { startRadicale, startXandikos, startEpLike, EP_COLLECTIONS } from "../../scripts/servers/index.mjs";
export type { DavServer, ServerKind, StartOptions, EpLikeOptions } from "../../scripts/servers/index.mjs";

/** The Authorization header value for a server's user. */
export function basicAuth({ username, password }: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}
