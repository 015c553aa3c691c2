// Bad 207 answers in the DAV layer's parser: characters XML forbids (0x0C, 0x01, 0xFFFE) are
// stripped, a wrong content type does not matter (the body is parsed), and what cannot be trusted —
// a response without href, an HTML login page, an empty body — is a DavError "malformed", never
// another error and never a silently shortened listing.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMultistatus } from "../../../src/dav/multistatus";

const URL_ = "https://dav.example/cal/";
const ms = (responses: string) => `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">${responses}</d:multistatus>`;
const item = (name: string, etag: string) =>
  `<d:response><d:href>/cal/${name}</d:href><d:propstat><d:prop><d:getetag>"${etag}"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
const parse = (text: string) => parseMultistatus({ text, url: URL_, method: "PROPFIND" });

describe("bad multistatus answers", () => {
  it("strips 0x0C and other characters XML forbids", () => {
    const bad = ms(item("a.ics", "1\u000c") + item("b.ics", "2\u0001\u0008\ufffe"));
    expect(parse(bad).entries.map((e) => e.href)).toEqual([`${URL_}a.ics`, `${URL_}b.ics`]);
  });

  it("refuses a response without href rather than dropping that item from the listing", () => {
    const missing = ms(item("a.ics", "1") + `<d:response><d:propstat><d:prop><d:getetag>"2"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`);
    expect(() => parse(missing)).toThrow(expect.objectContaining({ name: "DavError", kind: "malformed", detail: "a response without href" }));
  });

  it("calls an HTML login page and an empty body malformed", () => {
    const page = readFileSync(resolve(import.meta.dirname, "../../fixtures/bad-input/response-login-page.html"), "utf8");
    for (const text of [page, ""]) expect(() => parse(text)).toThrow(expect.objectContaining({ name: "DavError", kind: "malformed" }));
  });
});
