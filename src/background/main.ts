// Background entry: wires the toolbar button and the options page's requests to the add-on's
// services. Policy lives in src/core; this file only connects events to it.
import type { BackgroundRequest, Overview, BackgroundResponses } from "./messages";
import { toolbar } from "./toolbar";

let syncState: Overview["syncState"] = "idle";

async function getOverview(): Promise<Overview> {
  const calendars = await messenger.davsyncCalendar.getCalendars();
  const books = await messenger.addressBooks.list(false);
  return {
    calendars: calendars.map(({ id, name, color, readOnly, itemTypes }) => ({ id, name, color, readOnly, itemTypes })),
    addressBooks: books.map((b) => ({ id: b.id, name: b.name, readOnly: Boolean(b.readOnly) })),
    syncState,
  };
}

async function syncNow(): Promise<BackgroundResponses["syncNow"]> {
  if (syncState === "running") return { started: false, reason: "already-running" };
  const { profiles } = (await messenger.storage.local.get("profiles")) as { profiles?: unknown[] };
  if (!profiles || profiles.length === 0) {
    await toolbar.notify(messenger.i18n.getMessage("statusNoProfiles"));
    return { started: false, reason: "no-profiles" };
  }
  syncState = "running";
  await toolbar.showRunning();
  try {
    // The sync engine (issue: sync engine) plugs in here.
  } finally {
    syncState = "idle";
    await toolbar.showIdle();
  }
  return { started: true };
}

function handle(request: BackgroundRequest): Promise<unknown> {
  switch (request.type) {
    case "getOverview":
      return getOverview();
    case "syncNow":
      return syncNow();
  }
}

messenger.runtime.onMessage.addListener((message: unknown, sender: messenger.runtime.MessageSender) => {
  // Only our own pages talk to the background.
  if (sender.id !== messenger.runtime.id) return undefined;
  return handle(message as BackgroundRequest);
});

messenger.browserAction.onClicked.addListener(() => {
  void syncNow();
});

if (__E2E__) {
  void import("../../tests/e2e/addon/driver").then((m) => m.startE2EDriver());
}
