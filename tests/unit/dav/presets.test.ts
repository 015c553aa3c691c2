// Presets as data: every id is there, URLs come out of the templates, Google is refused up front.
import { describe, expect, it } from "vitest";
import { getPreset, PRESETS, presetUrls, type PresetId } from "../../../src/dav";

const IDS: PresetId[] = ["easyproject", "generic", "nextcloud", "sogo", "fruux", "posteo", "yandex", "gmx", "sarenet", "landmarks", "cozy", "mailboxorg", "icloud", "google"];

describe("presets", () => {
  it("has each preset once", () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual([...IDS].sort());
  });

  it("builds the Easy Project URL from the company name, however it was typed", () => {
    for (const company of ["acme", " acme ", "https://acme.easyproject.cz/", "acme.easyproject.cz"]) {
      expect(presetUrls({ preset: getPreset("easyproject"), answers: { company } })).toEqual({
        caldav: "https://acme.easyproject.cz/caldav/",
        carddav: "https://acme.easyproject.cz/caldav/",
      });
    }
  });

  it("builds server-based URLs without doubled slashes or schemes", () => {
    expect(presetUrls({ preset: getPreset("nextcloud"), answers: { server: "https://cloud.example.org/nc/" } }).caldav).toBe("https://cloud.example.org/nc/remote.php/dav/");
    expect(presetUrls({ preset: getPreset("sogo"), answers: { server: "mail.example.org" } }).carddav).toBe("https://mail.example.org/SOGo/dav/");
  });

  it("gives fixed URLs for hosted services, with separate CardDAV hosts where they have them", () => {
    expect(presetUrls({ preset: getPreset("posteo"), answers: {} })).toEqual({ caldav: "https://posteo.de:8443/", carddav: "https://posteo.de:8843/" });
    expect(presetUrls({ preset: getPreset("icloud"), answers: {} })).toEqual({ caldav: "https://caldav.icloud.com/", carddav: "https://contacts.icloud.com/" });
  });

  it("throws when a needed answer is missing (a UI bug)", () => {
    expect(() => presetUrls({ preset: getPreset("generic"), answers: {} })).toThrow(RangeError);
  });

  it("marks Google as needing OAuth, with its own message", () => {
    expect(getPreset("google")).toMatchObject({ auth: "oauth", unsupported: "oauth-not-yet", messageKey: "presetGoogleOauthNotYet" });
    expect(PRESETS.filter((p) => p.unsupported).map((p) => p.id)).toEqual(["google"]);
  });

  it("asks the user only for fields its templates use", () => {
    for (const p of PRESETS) {
      const used = new Set([...`${p.caldavUrl}${p.carddavUrl}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      expect([...used].sort(), p.id).toEqual([...p.fields].sort());
    }
  });
});
