// One .cdsp <Options> element → a profile-shaped object, field by field as in cdsp-format.md's
// "Thunderbird mapping" table; what the file leaves out gets the plug-in's default, what it has no
// place for gets ours. Contract: the result is not yet validated (cdsp-import.ts runs fixProfile on
// it); `unreadable` names elements whose value is not one the plug-in writes (an unknown enum).
import type { ConflictRule, SyncMode } from "../sync-settings";
import { assertNever } from "../vocabulary";
import { boolOf, childOf, childrenOf, intOf, textOf } from "./cdsp-read";
import { DEFAULT_LOCAL_COLOR, newProfile } from "./defaults";
import type { CategoryFilter, LocalFolder, Profile, ProfileKind, Reminders } from "./schema";
import type { XmlElement } from "./xml";

/** A Thunderbird calendar or address book the caller knows of, to bind imported profiles by name. */
export interface LocalFolderInfo {
  id: string;
  name: string;
  type: "calendar" | "addressbook";
}

const MODES: Record<string, SyncMode> = {
  ReplicateOutlookIntoServer: "local-to-remote-replicate",
  MergeOutlookIntoServer: "local-to-remote-merge",
  ReplicateServerIntoOutlook: "remote-to-local-replicate",
  MergeServerIntoOutlook: "remote-to-local-merge",
  MergeInBothDirections: "two-way",
};
/** "Manual" is not offered by the plug-in's UI and behaves as automatic there. */
const CONFLICTS: Record<string, ConflictRule> = { OutlookWins: "local-wins", ServerWins: "remote-wins", Automatic: "automatic", Manual: "automatic" };
const REMINDERS: Record<string, Reminders> = { true: "all", JustUpcoming: "upcoming", false: "none" };
/** Profile types whose preset id is not simply their lowercased name. */
const PRESETS: Record<string, string> = { CalendariCloud: "icloud", ContactsiCloud: "icloud", GmxCalendar: "gmx" };

function lookup<T>({ table, element, name, fallback, unreadable }: { table: Record<string, T>; element: XmlElement | undefined; name: string; fallback: T; unreadable: string[] }): T {
  const text = textOf({ element, name });
  if (text === undefined || text === "") return fallback;
  if (Object.hasOwn(table, text)) return table[text] as T;
  unreadable.push(name);
  return fallback;
}

function presetOf({ options }: { options: XmlElement }): string {
  const type = textOf({ element: options, name: "ProfileTypeOrNull" });
  if (type === undefined || type === "") {
    // The plug-in's rule for old files: Google if a Google adapter, else Generic.
    return textOf({ element: options, name: "ServerAdapterType" })?.startsWith("Google") ? "google" : "generic";
  }
  return PRESETS[type] ?? type.toLowerCase().replace(/[^a-z0-9-]/g, "");
}

/** Bind to the Thunderbird folder named like the Outlook one, else create it (the plug-in could not). */
function localOf({ options, kind, name, localFolders }: { options: XmlElement; kind: ProfileKind; name: string; localFolders: readonly LocalFolderInfo[] }): LocalFolder {
  const entry = textOf({ element: options, name: "OutlookFolderEntryId" });
  const hint = entry === undefined || entry === "" || entry === "<ERROR>" ? undefined : entry;
  const type = kind === "contacts" ? "addressbook" : "calendar";
  const candidates = localFolders.filter((f) => f.type === type);
  const wanted = (hint ?? name).trim();
  const match = candidates.find((f) => f.name === wanted) ?? candidates.find((f) => f.name.trim().toLowerCase() === wanted.toLowerCase());
  return match ? { kind: "existing", id: match.id } : { kind: "create", name: wanted, color: DEFAULT_LOCAL_COLOR };
}

/** The element names that differ between the event and the task mapping sections. */
function categoryNames(kind: ProfileKind): { category: string; includeEmpty: string; invert: string } | undefined {
  switch (kind) {
    case "events":
      return { category: "EventCategory", includeEmpty: "IncludeEmptyEventCategoryFilter", invert: "InvertEventCategoryFilter" };
    case "tasks":
      return { category: "TaskCategory", includeEmpty: "IncludeEmptyTaskCategoryFilter", invert: "InvertTaskCategoryFilter" };
    case "contacts":
      return undefined;
    default:
      return assertNever(kind);
  }
}

function categoryFilterOf({ mapping, kind }: { mapping: XmlElement | undefined; kind: ProfileKind }): CategoryFilter {
  const names = categoryNames(kind);
  const category = names === undefined ? undefined : textOf({ element: mapping, name: names.category });
  if (names === undefined || category === undefined || category === "") return { kind: "off" };
  return {
    kind: "category",
    name: category,
    includeUncategorized: boolOf({ element: mapping, name: names.includeEmpty, fallback: false }),
    invert: boolOf({ element: mapping, name: names.invert, fallback: false }),
    sticky: boolOf({ element: mapping, name: "IsCategoryFilterSticky", fallback: false }),
  };
}

export function mapCdspOptions(params: { options: XmlElement; kind: ProfileKind; localFolders: readonly LocalFolderInfo[] }): { input: Profile; unreadable: string[] } {
  const { options, kind } = params;
  const mapping = childOf({ element: options, name: "MappingConfiguration" });
  const unreadable: string[] = [];
  const name = textOf({ element: options, name: "Name" }) ?? "";
  const base = newProfile({ id: textOf({ element: options, name: "Id" }) ?? "", kind, name, url: textOf({ element: options, name: "CalenderUrl" }) ?? "" });
  const mode = lookup<SyncMode>({ table: MODES, element: options, name: "SynchronizationMode", fallback: "two-way", unreadable });
  // Conflict rules apply to two-way only; a one-way profile keeps the default.
  const conflict = mode === "two-way" ? lookup<ConflictRule>({ table: CONFLICTS, element: options, name: "ConflictResolution", fallback: "automatic", unreadable }) : "automatic";
  const ignoreRange = boolOf({ element: options, name: "IgnoreSynchronizationTimeRange", fallback: false });
  const interval = intOf({ element: options, name: "SynchronizationIntervalInMinutes", fallback: 30 });
  const isEvents = kind === "events";
  const flag = (n: string, fallback = false) => isEvents && boolOf({ element: mapping, name: n, fallback });
  return {
    unreadable,
    input: {
      ...base,
      enabled: !boolOf({ element: options, name: "Inactive", fallback: false }),
      local: localOf({ options, kind, name, localFolders: params.localFolders }),
      server: {
        ...base.server,
        username: textOf({ element: options, name: "UserName" }) ?? "",
        preset: presetOf({ options }),
        // The plug-in's "use the Outlook account's password" = ours with Thunderbird's mail account.
        useMailAccountLogin: boolOf({ element: options, name: "UseAccountPassword", fallback: false }),
      },
      sync: {
        ...base.sync,
        mode,
        conflict,
        timeRange:
          kind === "contacts" || ignoreRange
            ? { kind: "off" }
            : {
                kind: "window",
                daysPast: intOf({ element: options, name: "DaysToSynchronizeInThePast", fallback: 60 }),
                daysFuture: intOf({ element: options, name: "DaysToSynchronizeInTheFuture", fallback: 365 }),
              },
      },
      schedule: {
        ...base.schedule,
        // 0 means "manual only" in the plug-in; a negative number can only mean the same.
        interval: interval <= 0 ? { kind: "manual" } : { kind: "minutes", minutes: interval },
        onChange: { ...base.schedule.onChange, enabled: boolOf({ element: options, name: "EnableChangeTriggeredSynchronization", fallback: false }) },
      },
      categoryFilter: categoryFilterOf({ mapping, kind }),
      // The category color itself is not stored in the file; only the legacy flag says "fetch it".
      color: flag("UseEventCategoryColorAndMapFromCalendarColor") ? "fetch" : "off",
      mapping: {
        ...base.mapping,
        reminders: kind === "contacts" ? base.mapping.reminders : lookup<Reminders>({ table: REMINDERS, element: mapping, name: "MapReminder", fallback: "upcoming", unreadable }),
        privacy: {
          privateToConfidential: flag("MapSensitivityPrivateToClassConfidential"),
          confidentialToPrivate: flag("MapClassConfidentialToSensitivityPrivate"),
          publicToPrivate: flag("MapClassPublicToSensitivityPrivate"),
          publicToNoClass: flag("MapSensitivityPublicToDefault"),
        },
        htmlDescription: { serverToLocal: flag("MapXAltDescToRtfBody"), localToServer: flag("MapRtfBodyToXAltDesc") },
        customProperties: childrenOf({ element: childOf({ element: mapping, name: "UserDefinedCustomPropertyMappings" }), name: "PropertyMapping" }).map((m) => ({
          local: textOf({ element: m, name: "OutlookProperty" }) ?? "",
          server: textOf({ element: m, name: "DavProperty" }) ?? "",
        })),
      },
      network: {
        ...base.network,
        chunking: boolOf({ element: options, name: "IsChunkedSynchronizationEnabled", fallback: true })
          ? { kind: "chunks", size: intOf({ element: options, name: "ChunkSize", fallback: 100 }) }
          : { kind: "off" },
      },
    },
  };
}
