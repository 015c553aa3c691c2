// parseBootstrap: the setup file from `npm start` is checked before anything is done with it,
// and its errors never repeat a value (the file holds a password).
import { describe, expect, it } from "vitest";
import { BOOTSTRAP_FORMAT, parseBootstrap } from "../../../src/background/bootstrap";

const file = (over: Record<string, unknown> = {}) => ({
  format: BOOTSTRAP_FORMAT,
  version: 1,
  username: "alice",
  password: "tajne-heslo",
  source: { kind: "discover", url: "https://acme.easyproject.cz/caldav/", preset: "easyproject" },
  ...over,
});

describe("parseBootstrap", () => {
  it("accepts a discovery setup and a profiles setup", () => {
    expect(parseBootstrap(file())).toMatchObject({ ok: true, request: { source: { kind: "discover" } } });
    expect(parseBootstrap(file({ source: { kind: "profiles", text: "{}" } }))).toMatchObject({ ok: true, request: { source: { kind: "profiles", text: "{}" } } });
  });

  it.each([
    ["another format", file({ format: "x" })],
    ["a newer version", file({ version: 2 })],
    ["no password", file({ password: "" })],
    ["an unknown source", file({ source: { kind: "ftp", url: "x" } })],
    ["no object at all", "tajne-heslo"],
  ])("refuses %s without repeating the password", (_, raw) => {
    const parsed = parseBootstrap(raw);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain("tajne-heslo");
  });
});
