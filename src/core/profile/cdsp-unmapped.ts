// Which .cdsp options have no counterpart in Thunderbird, reported by element name so the user
// knows what did not come over (cdsp-format.md, "Not applicable in Thunderbird"). Contract: an
// element is listed only when present and set; names come in the order of that list, options
// first, then the mapping section of the profile's kind. Not listed: EmailAddress, UseWebDavCollectionSync.
import { assertNever } from "../vocabulary";
import { boolOf, childOf, isSet, textOf } from "./cdsp-read";
import type { ProfileKind } from "./schema";
import type { XmlElement } from "./xml";

const OPTIONS_LEVEL = [
  // Outlook binding
  "OutlookFolderStoreId",
  "OutlookFolderAccountName",
  "ProtectedPassword",
  // Transport. CloseAfterEachRequest too: the doc lists it, and a browser's fetch cannot honour it
  // (Connection is a forbidden header), so carrying it over would promise what we cannot do.
  "ProxyOptions",
  "CloseAfterEachRequest",
  "PreemptiveAuthentication",
  "ForceBasicAuthentication",
  "ServerAdapterType",
] as const;

const EVENT_MAPPING = [
  "MapAttendees",
  "ScheduleAgentClient",
  "SendNoAppointmentNotifications",
  "OrganizerAsDelegate",
  "MapBody",
  "CreateEventsInUTC",
  "UseIanaTz",
  "EventTz",
  "IncludeHistoricalData",
  "UseGlobalAppointmentID",
  "CleanupDuplicateEvents",
  "MapEventColorToCategory",
  "EventColorToCategoryMappings",
  // Outlook-only behaviour (copies Outlook user properties as X-CALDAVSYNCHRONIZER-*); our patch
  // merge keeps every server X- property anyway.
  "MapCustomProperties",
  // Legacy (pre-2017-10): an Outlook category color and keyboard shortcut.
  "EventCategoryColor",
  "CategoryShortcutKey",
] as const;

const TASK_MAPPING = ["MapReminderAsDateTime", "MapPriority", "MapBody", "MapRecurringTasks", "MapStartAndDueAsFloating", "MapCustomProperties"] as const;

const CONTACT_MAPPING = [
  "MapAnniversary",
  "MapBirthday",
  "MapContactPhoto",
  "KeepOutlookPhoto",
  "KeepOutlookFileAs",
  "FixPhoneNumberFormat",
  "MapOutlookEmail1ToWork",
  "WriteImAsImpp",
  "DefaultImServicType",
  "MapDistributionLists",
  "DistributionListType",
] as const;

/** Elements whose "set" is not simply true / non-empty. */
function isSetHere({ element, name }: { element: XmlElement | undefined; name: string }): boolean {
  switch (name) {
    case "ServerAdapterType": {
      const type = textOf({ element, name });
      return type !== undefined && type !== "" && type !== "Default";
    }
    case "ProxyOptions":
      return boolOf({ element: childOf({ element, name }), name: "ProxyUseManual", fallback: false });
    // These three only matter together with the option they qualify ("(+EventTz)" in the doc).
    case "EventTz":
      return isSet({ element, name: "UseIanaTz" }) && isSet({ element, name });
    case "DefaultImServicType":
      return isSet({ element, name: "WriteImAsImpp" }) && isSet({ element, name });
    case "DistributionListType":
      return isSet({ element, name: "MapDistributionLists" }) && isSet({ element, name });
    case "EventCategoryColor":
      return isSet({ element, name }) && textOf({ element, name }) !== "olCategoryColorNone";
    case "CategoryShortcutKey":
      return isSet({ element, name }) && textOf({ element, name }) !== "olCategoryShortcutKeyNone";
    default:
      return isSet({ element, name });
  }
}

function mappingNames(kind: ProfileKind | undefined): readonly string[] {
  if (kind === undefined) return [];
  switch (kind) {
    case "events":
      return EVENT_MAPPING;
    case "tasks":
      return TASK_MAPPING;
    case "contacts":
      return CONTACT_MAPPING;
    default:
      return assertNever(kind);
  }
}

export function unmappedOptions({ options, kind }: { options: XmlElement; kind: ProfileKind | undefined }): string[] {
  const mapping = childOf({ element: options, name: "MappingConfiguration" });
  return [
    ...OPTIONS_LEVEL.filter((name) => isSetHere({ element: options, name })),
    ...mappingNames(kind).filter((name) => isSetHere({ element: mapping, name })),
  ];
}
