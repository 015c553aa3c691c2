// The toolbar button's face: badge "…" while any profile syncs, "!" when a profile's last run
// failed, a tooltip listing every profile's last result ("Meetings: OK · 3 min ago") and the same
// list as the button's menu (toolbar-menu.ts).
// Translates results into button state; which results count is decided by the caller.
import type { LastResult } from "./messages";
import { ToolbarMenu, type ToolbarProfile } from "./toolbar-menu";

const BADGE_RUNNING = "…";
const BADGE_ERROR = "!";
const COLOR_RUNNING = "#1f6fb2";
const COLOR_ERROR = "#c0392b";

const t = (key: string, substitutions: string[] = []) => messenger.i18n.getMessage(key, substitutions);

/** "OK · 3 min ago" / "error · just now" for one profile. */
export function describeResult(params: { result: LastResult | undefined; now: number }): string {
  const { result, now } = params;
  if (!result) return t("toolbarNeverSynced");
  const minutes = Math.floor((now - result.at) / 60_000);
  const when = minutes < 1 ? t("toolbarJustNow") : t("toolbarMinutesAgo", [String(minutes)]);
  const outcome = result.needsSignIn ? t("toolbarSignIn") : t(`toolbarOutcome_${result.outcome}`);
  return `${outcome} · ${when}`;
}

/** The button's right-click menu: one entry per profile, then "Open settings" (main.ts handles clicks). */
export const toolbarMenu = new ToolbarMenu({ menus: messenger.menus, t, describeResult });

export const toolbar = {
  async show(params: { running: boolean; failed: boolean; lines: string[]; profiles?: ToolbarProfile[] }): Promise<void> {
    const { running, failed, lines } = params;
    if (params.profiles) await toolbarMenu.show({ profiles: params.profiles });
    if (running) {
      await messenger.browserAction.setBadgeBackgroundColor({ color: COLOR_RUNNING });
      await messenger.browserAction.setBadgeText({ text: BADGE_RUNNING });
    } else if (failed) {
      await messenger.browserAction.setBadgeBackgroundColor({ color: COLOR_ERROR });
      await messenger.browserAction.setBadgeText({ text: BADGE_ERROR });
    } else {
      await messenger.browserAction.setBadgeText({ text: "" });
    }
    await messenger.browserAction.setTitle({ title: [t("syncNowTitle"), ...lines].join("\n") });
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
