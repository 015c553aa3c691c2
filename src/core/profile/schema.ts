// The profile schema — the single source of truth for what a valid profile is. Types are derived
// from it (v.InferOutput); every check carries its _locales key as its message so validation can
// explain and fix it (validate.ts, issue-fixes.ts). Unknown keys are dropped, which is also why a
// stray "password" in an imported file never reaches storage: the model has no such field.
import * as v from "valibot";
import type { ConflictRule, SyncMode, SyncSettings } from "../sync-settings";
import { LIMITS, MAX_TEXT, type IntRange } from "./limits";
import type { ProfileIssueKey } from "./messages";

const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;
export const CATEGORY_FORBIDDEN = /[,;]/g;
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
export const PRESET_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const LOCAL_PROPERTY = /^[A-Za-z0-9-]+$/;
export const SERVER_PROPERTY = /^X-[A-Za-z0-9-]+$/i;
/** "" = Thunderbird's own zone; else an IANA-shaped id (Europe/Prague, Etc/GMT+1, UTC). */
export const ZONE_ID = /^$|^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

export const PROFILE_KINDS = ["events", "tasks", "contacts"] as const;
export const SYNC_MODES = [
  "local-to-remote-replicate",
  "remote-to-local-replicate",
  "local-to-remote-merge",
  "remote-to-local-merge",
  "two-way",
] as const satisfies readonly SyncMode[];
export const CONFLICT_RULES = ["local-wins", "remote-wins", "automatic", "field-merge"] as const satisfies readonly ConflictRule[];
export const COLOR_SYNC = ["off", "fetch", "set-on-server"] as const;
export const REMINDERS = ["all", "upcoming", "none"] as const;

function int({ range, key }: { range: IntRange; key: ProfileIssueKey }) {
  return v.pipe(v.number(key), v.integer(key), v.minValue(range.min, key), v.maxValue(range.max, key));
}

function text({ key, max }: { key: ProfileIssueKey; max: number }) {
  return v.pipe(v.string(key), v.maxLength(max, key), v.regex(NO_CONTROL_CHARS, key));
}

/** Non-empty and not only spaces. */
function label({ key, max }: { key: ProfileIssueKey; max: number }) {
  return v.pipe(text({ key, max }), v.regex(/\S/, key));
}

const flag = v.boolean("profileErrorBoolean");

function obj<T extends v.ObjectEntries>(entries: T) {
  return v.object(entries, "profileErrorInvalidValue");
}

export function isHttpUrl(value: string): boolean {
  if (value !== value.trim()) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A password in the URL would be stored in plain text next to the profile: refused. */
export function hasUrlPassword(value: string): boolean {
  try {
    return new URL(value).password !== "";
  } catch {
    return false;
  }
}

const LocalFolderSchema = v.variant(
  "kind",
  [
    obj({ kind: v.literal("existing"), id: v.pipe(v.string("profileErrorLocalId"), v.nonEmpty("profileErrorLocalId"), v.maxLength(MAX_TEXT.localId, "profileErrorLocalId")) }),
    // Address books have no color; the field is kept so every "create" has one shape.
    obj({ kind: v.literal("create"), name: label({ key: "profileErrorLocalName", max: MAX_TEXT.name }), color: v.pipe(v.string("profileErrorLocalColor"), v.regex(HEX_COLOR, "profileErrorLocalColor")) }),
  ],
  "profileErrorLocalKind",
);

const ServerSchema = obj({
  url: v.pipe(
    v.string("profileErrorUrl"),
    v.maxLength(MAX_TEXT.url, "profileErrorUrl"),
    v.check(isHttpUrl, "profileErrorUrl"),
    v.check((url) => !hasUrlPassword(url), "profileErrorUrlPassword"),
  ),
  username: text({ key: "profileErrorUsername", max: MAX_TEXT.username }),
  /**
   * Where the password lives in Thunderbird's password manager. By convention the origin it was
   * saved under (the credentials experiment keys a login by origin + user name); "" = none yet.
   */
  credentialRef: text({ key: "profileErrorCredentialRef", max: MAX_TEXT.credentialRef }),
  preset: v.pipe(v.string("profileErrorPreset"), v.regex(PRESET_ID, "profileErrorPreset")),
  /**
   * Take the password of the Thunderbird mail account with the same user name and host instead of
   * a stored one. Optional in input (false) so profiles saved before the option existed still load.
   */
  useMailAccountLogin: v.optional(flag, false),
});

const SyncSettingsSchema = obj({
  mode: v.picklist(SYNC_MODES, "profileErrorSyncMode"),
  conflict: v.picklist(CONFLICT_RULES, "profileErrorConflictRule"),
  safety: obj({
    maxDeletions: int({ range: LIMITS.maxDeletions, key: "profileErrorMaxDeletions" }),
    maxDeletionPercent: int({ range: LIMITS.maxDeletionPercent, key: "profileErrorMaxDeletionPercent" }),
  }),
  timeRange: v.variant(
    "kind",
    [
      obj({ kind: v.literal("off") }),
      obj({
        kind: v.literal("window"),
        daysPast: int({ range: LIMITS.daysPast, key: "profileErrorDaysPast" }),
        daysFuture: int({ range: LIMITS.daysFuture, key: "profileErrorDaysFuture" }),
      }),
    ],
    "profileErrorTimeRangeKind",
  ),
});

const ScheduleSchema = obj({
  interval: v.variant(
    "kind",
    [obj({ kind: v.literal("manual") }), obj({ kind: v.literal("minutes"), minutes: int({ range: LIMITS.intervalMinutes, key: "profileErrorIntervalMinutes" }) })],
    "profileErrorIntervalKind",
  ),
  onChange: obj({ enabled: flag, debounceSeconds: int({ range: LIMITS.debounceSeconds, key: "profileErrorDebounceSeconds" }) }),
  onStartup: flag,
});

const CategoryFilterSchema = v.variant(
  "kind",
  [
    obj({ kind: v.literal("off") }),
    obj({
      kind: v.literal("category"),
      name: v.pipe(
        v.string("profileErrorCategoryEmpty"),
        v.regex(/\S/, "profileErrorCategoryEmpty"),
        // Outlook and Thunderbird store an item's categories as one ","-separated text.
        v.regex(/^[^,;]*$/, "profileErrorCategoryChars"),
        v.maxLength(MAX_TEXT.category, "profileErrorCategoryChars"),
        v.regex(NO_CONTROL_CHARS, "profileErrorCategoryChars"),
      ),
      includeUncategorized: flag,
      invert: flag,
      /** Keep syncing items that were synced once even after their category is removed. */
      sticky: flag,
    }),
  ],
  "profileErrorCategoryFilterKind",
);

const MappingSchema = obj({
  reminders: v.picklist(REMINDERS, "profileErrorReminders"),
  /** The Outlook plug-in's four CLASS flags, same order and meaning (docs cdsp-format.md). */
  privacy: obj({ privateToConfidential: flag, confidentialToPrivate: flag, publicToPrivate: flag, publicToNoClass: flag }),
  htmlDescription: obj({ serverToLocal: flag, localToServer: flag }),
  timeZones: obj({
    /** Outlook/Exchange write Windows zone names ("W. Europe Standard Time"): read them as IANA. */
    translateWindowsIds: flag,
    defaultZone: v.pipe(v.string("profileErrorDefaultZone"), v.maxLength(MAX_TEXT.zone, "profileErrorDefaultZone"), v.regex(ZONE_ID, "profileErrorDefaultZone")),
  }),
  customProperties: v.array(
    obj({
      local: v.pipe(v.string("profileErrorCustomPropertyLocal"), v.maxLength(MAX_TEXT.propertyName, "profileErrorCustomPropertyLocal"), v.regex(LOCAL_PROPERTY, "profileErrorCustomPropertyLocal")),
      server: v.pipe(v.string("profileErrorCustomPropertyServer"), v.maxLength(MAX_TEXT.propertyName, "profileErrorCustomPropertyServer"), v.regex(SERVER_PROPERTY, "profileErrorCustomPropertyServer")),
    }),
    "profileErrorInvalidValue",
  ),
});

const NetworkSchema = obj({
  timeoutSeconds: int({ range: LIMITS.timeoutSeconds, key: "profileErrorTimeout" }),
  closeConnectionAfterEachRequest: flag,
  chunking: v.variant(
    "kind",
    [obj({ kind: v.literal("off") }), obj({ kind: v.literal("chunks"), size: int({ range: LIMITS.chunkSize, key: "profileErrorChunkSize" }) })],
    "profileErrorChunkingKind",
  ),
});

export const ProfileSchema = v.pipe(
  obj({
    id: v.pipe(v.string("profileErrorId"), v.regex(/^[A-Za-z0-9._:@{}-]+$/, "profileErrorId"), v.maxLength(MAX_TEXT.id, "profileErrorId")),
    name: label({ key: "profileErrorName", max: MAX_TEXT.name }),
    enabled: flag,
    kind: v.picklist(PROFILE_KINDS, "profileErrorKind"),
    local: LocalFolderSchema,
    server: ServerSchema,
    sync: SyncSettingsSchema,
    schedule: ScheduleSchema,
    categoryFilter: CategoryFilterSchema,
    color: v.picklist(COLOR_SYNC, "profileErrorColorSync"),
    mapping: MappingSchema,
    network: NetworkSchema,
    /** Set only by the administrator-policy loader: the UI shows the profile locked. */
    managed: flag,
  }),
  // Address books have neither a time window (cards have no dates to judge) nor calendar-color.
  v.forward(
    v.partialCheck([["kind"], ["sync", "timeRange"]], (p) => p.kind !== "contacts" || p.sync.timeRange.kind === "off", "profileErrorTimeRangeContacts"),
    ["sync", "timeRange"],
  ),
  v.forward(v.partialCheck([["kind"], ["color"]], (p) => p.kind !== "contacts" || p.color === "off", "profileErrorColorContacts"), ["color"]),
);

export type Profile = v.InferOutput<typeof ProfileSchema>;
export type ProfileKind = Profile["kind"];
export type LocalFolder = Profile["local"];
export type ServerSettings = Profile["server"];
export type Schedule = Profile["schedule"];
export type CategoryFilter = Profile["categoryFilter"];
export type ColorSync = Profile["color"];
export type MappingSettings = Profile["mapping"];
export type Reminders = MappingSettings["reminders"];
export type CustomPropertyMapping = MappingSettings["customProperties"][number];
export type NetworkSettings = Profile["network"];

// The embedded sync settings must stay exactly the planner's SyncSettings, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const syncSettingsMatch: Same<Profile["sync"], SyncSettings> = true;
const modesComplete: [Exclude<SyncMode, (typeof SYNC_MODES)[number]>] extends [never] ? true : false = true;
const rulesComplete: [Exclude<ConflictRule, (typeof CONFLICT_RULES)[number]>] extends [never] ? true : false = true;
void syncSettingsMatch, modesComplete, rulesComplete;
