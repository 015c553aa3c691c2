// Server presets as data: discovery URL templates, what the user has to fill in, and known quirks.
// Contract: presetUrls() turns a preset + the user's answers into the URLs discover() starts from;
// a preset marked `unsupported` must be refused up front with its message key, never tried.
// Default URLs follow the profile types of the Outlook "CalDAV Synchronizer" (aluxnimm), which Easy
// Project documents for its customers; quirks cite where they were measured or documented.

import type { ServerStrategy } from "./capabilities";
import type { CollectionKind } from "./collection";

export type PresetId =
  | "easyproject"
  | "generic"
  | "nextcloud"
  | "sogo"
  | "fruux"
  | "posteo"
  | "yandex"
  | "gmx"
  | "sarenet"
  | "landmarks"
  | "cozy"
  | "mailboxorg"
  | "icloud"
  | "google";

/** What the user types besides user name and password. */
export type PresetField = "company" | "server" | "url";

export interface Preset {
  id: PresetId;
  /** Brand name (not translated). */
  label: string;
  fields: readonly PresetField[];
  /** Templates with {company}, {server}, {url}; undefined = this preset has no such collections. */
  caldavUrl: string | undefined;
  carddavUrl: string | undefined;
  kinds: readonly CollectionKind[];
  auth: "basic" | "oauth";
  unsupported?: "oauth-not-yet";
  /** _locales key shown when choosing the preset (a hint or the reason it is unsupported). */
  messageKey?: string;
  quirks: {
    strategy?: Partial<ServerStrategy>;
    /** Default sync window for new profiles. */
    timeRange?: { daysPast: number; daysFuture: number };
    /** Developer notes: why the quirk exists. */
    notes: readonly string[];
  };
}

const BOTH: readonly CollectionKind[] = ["calendar", "addressbook"];

export const PRESETS: readonly Preset[] = [
  {
    id: "easyproject",
    label: "Easy Project",
    fields: ["company"],
    caldavUrl: "https://{company}.easyproject.cz/caldav/",
    carddavUrl: "https://{company}.easyproject.cz/caldav/",
    kinds: BOTH,
    auth: "basic",
    messageKey: "presetEasyProjectHint",
    quirks: {
      timeRange: { daysPast: 7, daysFuture: 180 },
      notes: [
        "One root serves CalDAV and CardDAV discovery (DESIGN.md, Easy Project).",
        "Many collections are read-only: honour current-user-privilege-set.",
        "LDAP logins cannot use CalDAV: a 401 says so (davErrorAuthEasyProject).",
        "Repeating meetings are limited to 31 occurrences per series.",
      ],
    },
  },
  {
    id: "generic",
    label: "CalDAV / CardDAV",
    fields: ["url"],
    caldavUrl: "{url}",
    carddavUrl: "{url}",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: ["Any RFC 4791 / 6352 server; discovery tries the URL, then /.well-known/caldav|carddav."] },
  },
  {
    id: "nextcloud",
    label: "Nextcloud",
    fields: ["server"],
    caldavUrl: "https://{server}/remote.php/dav/",
    carddavUrl: "https://{server}/remote.php/dav/",
    kinds: BOTH,
    auth: "basic",
    messageKey: "presetAppPasswordHint",
    quirks: {
      strategy: { product: "sabre", timeRangeRecurrence: "expanded" },
      notes: ["SabreDAV: sync-collection and time-range expansion work; with 2FA an app password is required."],
    },
  },
  {
    id: "sogo",
    label: "SOGo",
    fields: ["server"],
    caldavUrl: "https://{server}/SOGo/dav/",
    carddavUrl: "https://{server}/SOGo/dav/",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: ["Principal lives under /SOGo/dav/<user>/; distribution lists are SOGo-specific vCards."] },
  },
  {
    id: "fruux",
    label: "Fruux",
    fields: [],
    caldavUrl: "https://dav.fruux.com/",
    carddavUrl: "https://dav.fruux.com/",
    kinds: BOTH,
    auth: "basic",
    quirks: { strategy: { product: "sabre" }, notes: ["SabreDAV; user name is the one shown in Fruux's sync settings."] },
  },
  {
    id: "posteo",
    label: "Posteo",
    fields: [],
    caldavUrl: "https://posteo.de:8443/",
    carddavUrl: "https://posteo.de:8843/",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: ["CalDAV and CardDAV listen on different ports (8443 / 8843)."] },
  },
  {
    id: "yandex",
    label: "Yandex",
    fields: [],
    caldavUrl: "https://caldav.yandex.ru/",
    carddavUrl: "https://carddav.yandex.ru/",
    kinds: BOTH,
    auth: "basic",
    messageKey: "presetAppPasswordHint",
    quirks: { notes: ["Separate hosts for calendars and contacts; app passwords when 2FA is on."] },
  },
  {
    id: "gmx",
    label: "GMX",
    fields: [],
    caldavUrl: "https://caldav.gmx.net/",
    carddavUrl: "https://carddav.gmx.net/",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: ["Separate hosts for calendars and contacts; the Outlook plug-in maps time zones to IANA for GMX."] },
  },
  {
    id: "sarenet",
    label: "Sarenet",
    fields: ["url"],
    caldavUrl: "{url}",
    carddavUrl: "{url}",
    kinds: BOTH,
    auth: "basic",
    messageKey: "presetSarenetHint",
    quirks: {
      notes: ["Sarenet hands out the DAV address through its configurator page, not a fixed host: the user enters it."],
    },
  },
  {
    id: "landmarks",
    label: "Landmarks",
    fields: [],
    caldavUrl: "https://dav.landmarks.skyrise.de/",
    carddavUrl: "https://dav.landmarks.skyrise.de/",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: [] },
  },
  {
    id: "cozy",
    label: "Cozy Cloud",
    fields: ["server"],
    caldavUrl: "https://{server}/public/sync/principals/me/",
    carddavUrl: "https://{server}/public/sync/principals/me/",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: ["The principal URL is fixed (principals/me); IANA time zones expected."] },
  },
  {
    id: "mailboxorg",
    label: "mailbox.org",
    fields: [],
    caldavUrl: "https://dav.mailbox.org/",
    carddavUrl: "https://dav.mailbox.org/",
    kinds: BOTH,
    auth: "basic",
    quirks: { notes: ["Open-Xchange backend."] },
  },
  {
    id: "icloud",
    label: "iCloud",
    fields: [],
    caldavUrl: "https://caldav.icloud.com/",
    carddavUrl: "https://contacts.icloud.com/",
    kinds: BOTH,
    auth: "basic",
    messageKey: "presetIcloudHint",
    quirks: {
      notes: [
        "Needs an app-specific password (appleid.apple.com).",
        "Discovery redirects to per-user partition hosts (pXX-caldav.icloud.com); hrefs must be resolved against the answering URL.",
      ],
    },
  },
  {
    id: "google",
    label: "Google",
    fields: [],
    caldavUrl: "https://apidata.googleusercontent.com/caldav/v2/",
    carddavUrl: "https://www.googleapis.com/carddav/v1/principals/",
    kinds: BOTH,
    auth: "oauth",
    unsupported: "oauth-not-yet",
    messageKey: "presetGoogleOauthNotYet",
    quirks: { notes: ["Google's CalDAV/CardDAV accept OAuth 2.0 only; Basic auth with a password always fails."] },
  },
];

export function getPreset(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`unknown preset ${id}`);
  return preset;
}

export interface PresetAnswers {
  company?: string;
  server?: string;
  url?: string;
}

/** Discovery start URLs for a preset; a missing answer the template needs throws RangeError (a UI bug). */
export function presetUrls(p: { preset: Preset; answers: PresetAnswers }): { caldav?: string; carddav?: string } {
  const fill = (template: string | undefined) => {
    if (template === undefined) return undefined;
    return template.replace(/\{(company|server|url)\}/g, (_, field: keyof PresetAnswers) => {
      const raw = p.answers[field]?.trim();
      if (!raw) throw new RangeError(`preset ${p.preset.id} needs "${field}"`);
      // {server} is a host with an optional path; never let a typed scheme or slashes double up.
      if (field === "server") return raw.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "");
      if (field === "company") return raw.replace(/^[a-z]+:\/\//i, "").replace(/\.easyproject\.(cz|com).*$/i, "").replace(/\/.*$/, "");
      return raw;
    });
  };
  const out: { caldav?: string; carddav?: string } = {};
  const caldav = fill(p.preset.caldavUrl);
  const carddav = fill(p.preset.carddavUrl);
  if (caldav) out.caldav = caldav;
  if (carddav) out.carddav = carddav;
  return out;
}
