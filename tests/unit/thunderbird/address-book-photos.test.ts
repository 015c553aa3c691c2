// AddressBookStore's optional cardForm hook with contactPhotoForm (src/dav/fetch-photo.ts): a server
// card whose PHOTO is on the server's own origin reaches Thunderbird with the photo inlined (fetched
// with the profile's credentials), and the store shows the engine the server's card again, so both
// sides hash equal and a sync back changes nothing.
import { describe, expect, it } from "vitest";
import { basicAuthHeader, type DavContext } from "../../../src/dav";
import { contactPhotoForm } from "../../../src/dav/fetch-photo";
import { contentHash } from "../../../src/ical";
import { AddressBookStore } from "../../../src/thunderbird/address-book-store";
import { EchoFilter } from "../../../src/thunderbird/echo-filter";
import { FakeContacts } from "./fake-thunderbird";

const credentials = { username: "alice", password: "secret" };
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const seen: { url: string; auth: string | undefined }[] = [];
const ctx: DavContext = {
  credentials,
  fetch: async (url, init) => {
    const auth = (init.headers as Record<string, string>)["Authorization"];
    seen.push({ url, auth });
    if (auth !== basicAuthHeader(credentials)) return new Response(null, { status: 401 });
    return new Response(Buffer.from(PNG, "base64"), { status: 200, headers: { "Content-Type": "image/png" } });
  },
};

const server = [
  "BEGIN:VCARD", "VERSION:4.0", "UID:p1@example.cz", "FN:Alena Dvořáková",
  "PHOTO:https://dav.example.cz/remote.php/dav/addressbooks/users/alena/contacts/photo.png", "END:VCARD", "",
].join("\r\n");

describe("AddressBookStore with contactPhotoForm", () => {
  it("Thunderbird gets the photo inline; the engine sees the server's card", async () => {
    const fake = new FakeContacts();
    const store = new AddressBookStore({
      api: fake, bookId: "book-1", readOnly: false, cache: {}, uidMap: {}, echo: new EchoFilter(),
      cardForm: contactPhotoForm({ ctx, serverUrl: "https://dav.example.cz/remote.php/dav/addressbooks/users/alena/contacts/" }),
    });
    await store.create({ uid: "p1@example.cz", content: server });
    const held = fake.cards.get("p1@example.cz")?.vCard.replace(/\r\n /g, "") ?? "";
    expect(held).toContain(`:data:image/png;base64,${PNG}`);
    expect(seen).toEqual([{ url: "https://dav.example.cz/remote.php/dav/addressbooks/users/alena/contacts/photo.png", auth: basicAuthHeader(credentials) }]);
    const got = await store.get({ id: "p1@example.cz" });
    expect(got?.content.replace(/\r\n /g, "")).toContain("PHOTO:https://dav.example.cz/remote.php/dav/addressbooks/users/alena/contacts/photo.png");
    expect(got?.content).not.toContain("base64");
    expect(got?.state.hash).toBe(contentHash({ text: server }));
    // A fresh store (no cache): the hash of Thunderbird's card is still the server's.
    const fresh = new AddressBookStore({ api: fake, bookId: "book-1", readOnly: false, cache: {}, uidMap: {}, echo: new EchoFilter(), cardForm: contactPhotoForm({ ctx, serverUrl: "https://dav.example.cz/" }) });
    expect((await fresh.list())[0]?.hash).toBe(contentHash({ text: server.replace("END:VCARD", "PRODID:-//Thunderbird//EN\r\nEND:VCARD") }));
  });
});
