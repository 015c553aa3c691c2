// The toolbar button's face: badge for running / error, and user notifications.
const BADGE_RUNNING = "…";

export const toolbar = {
  async showRunning(): Promise<void> {
    await messenger.browserAction.setBadgeBackgroundColor({ color: "#1f6fb2" });
    await messenger.browserAction.setBadgeText({ text: BADGE_RUNNING });
  },
  async showIdle(): Promise<void> {
    await messenger.browserAction.setBadgeText({ text: "" });
  },
  async showError(): Promise<void> {
    await messenger.browserAction.setBadgeBackgroundColor({ color: "#c0392b" });
    await messenger.browserAction.setBadgeText({ text: "!" });
  },
  async notify(message: string): Promise<void> {
    await messenger.notifications.create({
      type: "basic",
      title: messenger.i18n.getMessage("extensionName"),
      message,
      iconUrl: messenger.runtime.getURL("icons/icon.svg"),
    });
  },
};
