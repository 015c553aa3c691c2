// Background entry: builds the services and connects Thunderbird's events to them — the toolbar
// button, alarms, start-up, local edits and the options page's requests. Policy lives in
// schedule.ts and src/core; this file only wires.
import { LocalChangeLedger } from "./local-changes";
import { EchoFilter } from "../thunderbird/echo-filter";
import { listenToAlarms, scheduleRetry, updateAlarms } from "./alarms";
import { countLocalItems, runBootstrap, takeBootstrap } from "./bootstrap";
import { ChangeRouter, watchLocalChanges } from "./change-trigger";
import { KeyedDebouncer } from "./debounce";
import { loadGeneralOptions } from "./general-options";
import { Log } from "./log";
import { applyPolicy } from "./managed-profiles";
import type { BackgroundRequest } from "./messages";
import { handleRequest, type RequestDeps } from "./requests";
import { SyncService } from "./sync-service";
import { describeResult, toolbar, toolbarMenu } from "./toolbar";
import { profileOfMenuItem, SETTINGS_ID } from "./toolbar-menu";

const echo = new EchoFilter();
const log = new Log();
// Edits seen since each calendar was last listed: a run skips listing an untouched calendar.
const localChanges = new LocalChangeLedger();
const service = new SyncService({
  storage: messenger.storage.local,
  calendar: messenger.davsyncCalendar,
  addressBooks: messenger.addressBooks,
  contacts: messenger.contacts,
  credentials: messenger.davsyncCredentials,
  echo,
  localChanges,
  toolbar,
  t: (key, substitutions = []) => messenger.i18n.getMessage(key, substitutions),
  describeResult,
  log,
  scheduleRetry,
});
const requestDeps: RequestDeps = {
  service,
  storage: messenger.storage.local,
  credentials: messenger.davsyncCredentials,
  onProfilesChanged: () => updateAlarms(service),
  log,
};

async function syncAllFromToolbar(): Promise<void> {
  const outcomes = service.requestAll({ trigger: "manual" });
  if (Object.keys(outcomes).length === 0) await toolbar.notify(messenger.i18n.getMessage("statusNoProfiles"));
}

// Listeners first (synchronously), so nothing that fires during start-up is missed.
messenger.runtime.onMessage.addListener((message: unknown, sender: messenger.runtime.MessageSender) => {
  // Only our own pages talk to the background.
  if (sender.id !== messenger.runtime.id) return undefined;
  return ready.then(() => handleRequest(requestDeps, message as BackgroundRequest));
});
messenger.browserAction.onClicked.addListener(() => {
  void ready.then(syncAllFromToolbar);
});
/** A click in the button's menu: one profile's entry syncs it, "Open settings" opens the options page. */
async function onToolbarMenuClick(menuItemId: string | number): Promise<void> {
  if (menuItemId === SETTINGS_ID) return messenger.runtime.openOptionsPage();
  const profileId = profileOfMenuItem(menuItemId);
  if (profileId) service.request({ profileId, trigger: "manual" });
}
messenger.menus.onClicked.addListener((info) => {
  void ready.then(() => onToolbarMenuClick(info.menuItemId));
});
messenger.menus.onShown.addListener((info) => {
  if (info.contexts.includes("browser_action")) void toolbarMenu.onShown();
});
listenToAlarms(service);
// Every notification of ours is about a profile that needs the user (sign in, an error): show them.
messenger.notifications.onClicked.addListener(() => void messenger.runtime.openOptionsPage());
watchLocalChanges(
  new ChangeRouter({
    echo,
    ledger: localChanges,
    debouncer: new KeyedDebouncer(),
    profilesOfFolder: (folderId) => service.profilesOfFolder(folderId),
    onQuiet: (profileId) => service.request({ profileId, trigger: "change" }),
  }),
);

const t = (key: string, substitutions: string[] = []) => messenger.i18n.getMessage(key, substitutions);
const ready = (async () => {
  // The administrator's profiles first, so the first reload already has them.
  await applyPolicy({ storage: messenger.storage.local, managed: messenger.storage.managed, credentials: messenger.davsyncCredentials, notify: (m) => toolbar.notify(m), t }).catch(
    (error: unknown) => console.error("[davsync] applying the administrator policy failed", error),
  );
  const general = await loadGeneralOptions({ storage: messenger.storage.local });
  log.setLevel(general.logLevel);
  log.info("add-on started");
  await service.reload();
  await updateAlarms(service);
  // A setup from `npm start` runs the start-up sync itself, after creating its profiles.
  const setup = await takeBootstrap({ api: messenger.davsyncBootstrap, t });
  // "Sync on startup" in the general options switches every profile's own start-up sync off at once.
  if (!setup) {
    if (general.syncOnStartup) service.requestAll({ trigger: "startup" });
  }
  else {
    const countLocal = countLocalItems({ calendar: messenger.davsyncCalendar, contacts: messenger.contacts });
    void runBootstrap({ request: setup, deps: { requests: requestDeps, writeStatus: (s) => messenger.davsyncBootstrap.writeStatus(s), t, countLocal } });
  }
})().catch((error: unknown) => {
  // Requests still get answers (from an empty service) instead of hanging on a rejected start.
  console.error("[davsync] start-up failed", error);
});

if (__E2E__) {
  // Tests reach the background through the driver, which can only call messenger.<ns>.<fn>; the
  // options page's runtime messages never reach the page that sends them.
  Object.assign(messenger, {
    davsyncTest: {
      request: (request: BackgroundRequest) => ready.then(() => handleRequest(requestDeps, request)),
      clickToolbarButton: () => ready.then(syncAllFromToolbar),
      /** The button menu's entries as they were last written into messenger.menus. */
      toolbarMenuEntries: () => ready.then(() => toolbarMenu.entries()),
      /** What a click on a menu item does (menus.onClicked cannot be fired from outside). */
      clickToolbarMenuItem: (menuItemId: string) => ready.then(() => onToolbarMenuClick(menuItemId)),
    },
  });
  void import("../../tests/e2e/addon/driver").then((m) => m.startE2EDriver());
}
