// PHOTO by URI "fetched with the profile's credentials" (issue #7 item 10), against a real local HTTP
// server that wants Basic auth: same-origin photos are inlined into Thunderbird's copy (size cap,
// image/* only), foreign ones are never sent the credentials, failures keep the URI and are noted;
// Thunderbird's copy reads back as the server's card, and a later patch from Thunderbird keeps the URI
// unless the user replaced the photo.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthHeader, type DavContext } from "../../../src/dav";
import { contactPhotoForm, fetchPhoto, inlineServerPhotos } from "../../../src/dav/fetch-photo";
import { contentHash, patchItem, photoUris, restorePhotoUris } from "../../../src/ical";

const JPEG = Buffer.from("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==", "base64");
const credentials = { username: "alice", password: "heslo-ěščř" };

interface Seen {
  url: string;
  auth: string | undefined;
}

function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", auth: req.headers.authorization });
    handler(req, res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

let dav: Awaited<ReturnType<typeof serve>>;
let foreign: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  foreign = await serve((_req, res) => {
    res.writeHead(200, { "Content-Type": "image/jpeg" });
    res.end(JPEG);
  });
  dav = await serve((req, res) => {
    if (req.headers.authorization !== basicAuthHeader(credentials)) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="dav"' });
      res.end();
      return;
    }
    switch (req.url) {
      case "/photos/jan.jpg":
        res.writeHead(200, { "Content-Type": "image/jpeg" });
        res.end(JPEG);
        return;
      case "/photos/big.jpg":
        res.writeHead(200, { "Content-Type": "image/jpeg" });
        res.end(Buffer.alloc(2_000_000, 1));
        return;
      case "/photos/page.html":
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end("<html></html>");
        return;
      case "/photos/away.jpg":
        res.writeHead(302, { Location: `${foreign.origin}/x.jpg` });
        res.end();
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
});

afterAll(async () => {
  await new Promise((r) => dav.server.close(r));
  await new Promise((r) => foreign.server.close(r));
});

const ctx = (): DavContext => ({ credentials, timeoutMs: 5000 });
const card3 = (photo: string): string =>
  ["BEGIN:VCARD", "VERSION:3.0", "UID:jan@example.cz", "FN:Jan Novák", "N:Novák;Jan;;;", photo, "EMAIL;TYPE=INTERNET:jan@example.cz", "END:VCARD", ""].join("\r\n");
const card4 = (photo: string): string => ["BEGIN:VCARD", "VERSION:4.0", "UID:jan4@example.cz", "FN:Jan Novák", photo, "END:VCARD", ""].join("\r\n");

describe("fetchPhoto", () => {
  it("fetches a same-origin photo with the credentials", async () => {
    const r = await fetchPhoto({ ctx: ctx(), url: `${dav.origin}/photos/jan.jpg`, serverUrl: `${dav.origin}/dav/addressbooks/alice/contacts/` });
    expect(r).toEqual({ ok: true, base64: JPEG.toString("base64"), mediaType: "image/jpeg" });
  });

  it("refuses a foreign origin without sending anything there", async () => {
    const before = foreign.seen.length;
    const r = await fetchPhoto({ ctx: ctx(), url: `${foreign.origin}/x.jpg`, serverUrl: `${dav.origin}/dav/` });
    expect(r.ok).toBe(false);
    expect(foreign.seen.length).toBe(before);
  });

  it("a redirect off the origin never carries the credentials and is refused", async () => {
    const r = await fetchPhoto({ ctx: ctx(), url: `${dav.origin}/photos/away.jpg`, serverUrl: `${dav.origin}/dav/` });
    expect(r).toEqual({ ok: false, reason: "redirected off the server's origin" });
    expect(foreign.seen.every((s) => s.auth === undefined)).toBe(true);
  });

  it("caps the size, wants image/*, reports HTTP errors", async () => {
    const at = (path: string, maxBytes?: number) =>
      fetchPhoto({ ctx: ctx(), url: `${dav.origin}${path}`, serverUrl: dav.origin, ...(maxBytes !== undefined ? { maxBytes } : {}) });
    expect(await at("/photos/big.jpg")).toEqual({ ok: false, reason: "larger than 1000000 bytes" });
    expect((await at("/photos/jan.jpg", 100)).ok).toBe(false);
    expect(await at("/photos/page.html")).toEqual({ ok: false, reason: "not an image (text/html)" });
    expect(await at("/photos/missing.jpg")).toEqual({ ok: false, reason: "HTTP 404" });
    const noAuth = await fetchPhoto({ ctx: { timeoutMs: 5000 }, url: `${dav.origin}/photos/jan.jpg`, serverUrl: dav.origin });
    expect(noAuth).toEqual({ ok: false, reason: "HTTP 401" });
  });
});

describe("the card for Thunderbird", () => {
  it("vCard 3: the server's photo inlined in 3.0 syntax; the foreign one stays a link", async () => {
    const server = card3(`PHOTO;VALUE=uri:${dav.origin}/photos/jan.jpg\r\nLOGO;VALUE=uri:${foreign.origin}/logo.png`);
    expect(photoUris({ text: server, serverUrl: dav.origin })).toEqual({ fetch: [`${dav.origin}/photos/jan.jpg`], foreign: [] });
    const tb = await inlineServerPhotos({ text: server, ctx: ctx(), serverUrl: `${dav.origin}/dav/` });
    const photo = tb.replace(/\r\n /g, "").split("\r\n").find((l) => l.startsWith("PHOTO")) ?? "";
    expect(photo).toMatch(/^PHOTO;ENCODING=b;TYPE=JPEG;X-DAVSYNC-PHOTO-HASH=[0-9a-f]{16};X-DAVSYNC-PHOTO-ORIGINAL="PHOTO;VALUE=uri:http:\/\/127\.0\.0\.1:\d+\/photos\/jan\.jpg":/);
    expect(photo.endsWith(`:${JPEG.toString("base64")}`)).toBe(true);
    expect(tb).toContain(`LOGO;VALUE=uri:${foreign.origin}/logo.png`);
    // Read back from Thunderbird: the server's card, byte for byte, so both sides hash equal.
    expect(restorePhotoUris({ text: tb })).toBe(server);
    expect(contentHash({ text: restorePhotoUris({ text: tb }) })).toBe(contentHash({ text: server }));
  });

  it("vCard 4 (VALUE=URL spelling too): inlined as a data: URI", async () => {
    const server = card4(`PHOTO;VALUE=URL:${dav.origin}/photos/jan.jpg`);
    const tb = await inlineServerPhotos({ text: server, ctx: ctx(), serverUrl: dav.origin });
    expect(tb.replace(/\r\n /g, "")).toContain(`:data:image/jpeg;base64,${JPEG.toString("base64")}`);
    expect(restorePhotoUris({ text: tb })).toBe(server);
  });

  it("a photo on a foreign origin is left as a link, with nothing sent there", async () => {
    const before = foreign.seen.length;
    const server = card4(`PHOTO:${foreign.origin}/x.jpg`);
    expect(await inlineServerPhotos({ text: server, ctx: ctx(), serverUrl: dav.origin })).toBe(server);
    expect(foreign.seen.length).toBe(before);
  });

  it("a failed fetch keeps the URI and is noted, never fails the item", async () => {
    const notes: { uri: string; reason: string }[] = [];
    const server = card3(`PHOTO;VALUE=uri:${dav.origin}/photos/missing.jpg`);
    const tb = await inlineServerPhotos({ text: server, ctx: ctx(), serverUrl: dav.origin, onNote: (n) => notes.push(n) });
    expect(tb).toBe(server);
    expect(notes).toEqual([{ uri: `${dav.origin}/photos/missing.jpg`, reason: "HTTP 404" }]);
  });

  it("a later edit in Thunderbird keeps the server's URI; a replaced photo goes to the server", async () => {
    const form = contactPhotoForm({ ctx: ctx(), serverUrl: dav.origin });
    const server = card3(`PHOTO;VALUE=uri:${dav.origin}/photos/jan.jpg`);
    const held = await form.toThunderbird({ content: server }); // what Thunderbird stores
    const base = form.fromThunderbird({ text: held }); // read back right after the write
    const edited = form.fromThunderbird({ text: held.replace("FN:Jan Novák", "FN:Jan Novák ml.") });
    const out = patchItem({ target: server, before: base, after: edited, lossySource: true });
    expect(out).toContain(`PHOTO;VALUE=uri:${dav.origin}/photos/jan.jpg`);
    expect(out).toContain("FN:Jan Novák ml.");
    // Without the restore (Thunderbird's copies as they are) the photo is unchanged between them too.
    expect(patchItem({ target: server, before: held, after: held.replace("FN:Jan Novák", "FN:Jan Novák ml."), lossySource: true })).toContain(`PHOTO;VALUE=uri:${dav.origin}/photos/jan.jpg`);
    // The user picks another photo (same markers, other data): that edit reaches the server.
    const replaced = form.fromThunderbird({ text: held.replace(/\r\n /g, "").replace(/:\/9j\/[^\r]*/, ":iVBORw0KGgo=") });
    const out2 = patchItem({ target: server, before: base, after: replaced, lossySource: true });
    expect(out2).toContain("iVBORw0KGgo=");
    expect(out2).not.toContain(`${dav.origin}/photos/jan.jpg`);
    expect(out2).not.toContain("X-DAVSYNC");
  });
});
