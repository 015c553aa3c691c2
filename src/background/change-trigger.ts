// Change-triggered sync: a local edit in a synced calendar or address book syncs that profile
// (only that one) once the user has been quiet for the profile's debounce time (~10 s). The
// add-on's own writes fire the same events; the EchoFilter drops them, or every sync would cause
// the next. ChangeRouter is the decision (pure); watchLocalChanges only wires Thunderbird's events.
import type { Profile } from "../core/profile/schema";
import { calendarVersion } from "../thunderbird/calendar-store";
import { contactVersion } from "../thunderbird/address-book-store";
import type { EchoFilter } from "../thunderbird/echo-filter";
import type { KeyedDebouncer } from "./debounce";
import type { LocalChangeLedger } from "./local-changes";

export interface LocalChange {
  folderId: string;
  itemId: string;
  /** The item's version after the change; "deleted" for a removal. */
  version: string;
}

export interface ChangeRouterParams {
  echo: EchoFilter;
  /** Told of every change that is not our own write (local-changes.ts). */
  ledger?: LocalChangeLedger | undefined;
  debouncer: KeyedDebouncer;
  profilesOfFolder: (folderId: string) => readonly Profile[];
  onQuiet: (profileId: string) => void;
}

export class ChangeRouter {
  constructor(private readonly p: ChangeRouterParams) {}

  /** Returns the ids of the profiles whose countdown this change (re)started. */
  onLocalChange(change: LocalChange): string[] {
    const { echo, debouncer, profilesOfFolder, onQuiet } = this.p;
    if (echo.isEcho({ key: { folderId: change.folderId, itemId: change.itemId }, version: change.version })) return [];
    this.p.ledger?.changed(change.folderId);
    const profiles = profilesOfFolder(change.folderId).filter((p) => p.enabled && p.schedule.onChange.enabled);
    for (const profile of profiles) {
      debouncer.touch({ key: profile.id, delayMs: profile.schedule.onChange.debounceSeconds * 1000, fire: () => onQuiet(profile.id) });
    }
    return profiles.map((p) => p.id);
  }
}

export function watchLocalChanges(router: ChangeRouter): void {
  const cal = messenger.davsyncCalendar;
  const onItem = (item: messenger.davsyncCalendar.ItemSummary) =>
    router.onLocalChange({ folderId: item.calendarId, itemId: item.id, version: calendarVersion(item) });
  cal.onItemAdded.addListener(onItem);
  cal.onItemModified.addListener(onItem);
  cal.onItemRemoved.addListener((calendarId, itemId) => router.onLocalChange({ folderId: calendarId, itemId, version: "deleted" }));

  const onContact = (node: messenger.contacts.ContactNode) =>
    router.onLocalChange({ folderId: node.parentId ?? "", itemId: node.id, version: contactVersion(node.properties.vCard ?? "") });
  messenger.contacts.onCreated.addListener(onContact);
  messenger.contacts.onUpdated.addListener((node) => onContact(node));
  messenger.contacts.onDeleted.addListener((parentId, id) => router.onLocalChange({ folderId: parentId, itemId: id, version: "deleted" }));
}
