// Defaults for a new profile and the Easy Project preset. Contract: newProfile() and
// easyProjectProfile() return profiles that pass validateProfile() for any valid id, name and URL;
// the caller supplies the id (core has no random source) and the server URL found by discovery.
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from "../sync-settings";
import type { LocalFolder, Profile, ProfileKind } from "./schema";

export const DEFAULT_TIMEOUT_SECONDS = 90;
/** The executor's DEFAULT_CHUNK_SIZE, restated so the options page does not import the engine. */
export const DEFAULT_PROFILE_CHUNK_SIZE = 100;
export const DEFAULT_INTERVAL_MINUTES = 30;
/** DESIGN.md: a change-triggered sync runs ~10 s after the user's last edit. */
export const DEFAULT_DEBOUNCE_SECONDS = 10;
/** Thunderbird's default calendar blue; address books ignore it. */
export const DEFAULT_LOCAL_COLOR = "#3a87ad";

export interface NewProfileParams {
  id: string;
  kind: ProfileKind;
  name: string;
  url: string;
  username?: string;
  credentialRef?: string;
  preset?: string;
  /** Omitted = create a new Thunderbird calendar / address book named like the profile. */
  local?: LocalFolder;
}

/** A copy, so editing one profile never changes the shared constant. */
function syncDefaults(kind: ProfileKind): SyncSettings {
  const s = DEFAULT_SYNC_SETTINGS;
  // Cards have no dates, so a time window means nothing for an address book.
  const timeRange: SyncSettings["timeRange"] = kind === "contacts" ? { kind: "off" } : { ...s.timeRange };
  return { ...s, safety: { ...s.safety }, timeRange };
}

/** The Outlook plug-in's defaults (ProfileTypeBase), except where DESIGN.md decides otherwise. */
export function newProfile(params: NewProfileParams): Profile {
  const { id, kind, name, url } = params;
  return {
    id,
    name,
    enabled: true,
    kind,
    local: params.local ?? { kind: "create", name, color: DEFAULT_LOCAL_COLOR },
    server: { url, username: params.username ?? "", credentialRef: params.credentialRef ?? "", preset: params.preset ?? "generic", useMailAccountLogin: false },
    sync: syncDefaults(kind),
    schedule: {
      interval: { kind: "minutes", minutes: DEFAULT_INTERVAL_MINUTES },
      onChange: { enabled: false, debounceSeconds: DEFAULT_DEBOUNCE_SECONDS },
      onStartup: true,
    },
    categoryFilter: { kind: "off" },
    color: "off",
    mapping: {
      reminders: "upcoming",
      privacy: { privateToConfidential: false, confidentialToPrivate: false, publicToPrivate: false, publicToNoClass: false },
      htmlDescription: { serverToLocal: false, localToServer: false },
      timeZones: { translateWindowsIds: true, defaultZone: "" },
      customProperties: [],
    },
    network: { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, closeConnectionAfterEachRequest: false, chunking: { kind: "chunks", size: DEFAULT_PROFILE_CHUNK_SIZE } },
    managed: false,
  };
}

/** Easy Project's profile type in the Outlook plug-in (EasyProjectProfile.cs): change-triggered, 7 / 180 days. */
export function easyProjectProfile(params: Omit<NewProfileParams, "preset">): Profile {
  const profile = newProfile({ ...params, preset: "easyproject" });
  return {
    ...profile,
    sync: { ...profile.sync, timeRange: params.kind === "contacts" ? { kind: "off" } : { kind: "window", daysPast: 7, daysFuture: 180 } },
    schedule: { ...profile.schedule, onChange: { ...profile.schedule.onChange, enabled: true } },
  };
}
