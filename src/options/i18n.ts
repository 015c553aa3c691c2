// User-facing text comes from _locales (English and Czech); a missing key shows its name, loudly.
// Messages from the background and the profile model arrive as key + substitutions: tm() shows them.
import type { LocalizedMessage } from "../background/messages";

export function t(key: string, substitutions?: string | string[]): string {
  return messenger.i18n.getMessage(key, substitutions) || `[${key}]`;
}

/** The background's { key, substitutions } and the profile model's { messageKey, substitutions }. */
export function tm(message: LocalizedMessage | { messageKey: string; substitutions: string[] }): string {
  return t("key" in message ? message.key : message.messageKey, message.substitutions);
}

const MINUTE = 60_000;

/** "just now", "3 min ago", "2 h ago", "4 days ago": the same words as the toolbar's tooltip. */
export function timeAgo(params: { at: number; now: number }): string {
  const minutes = Math.max(0, Math.floor((params.now - params.at) / MINUTE));
  if (minutes < 1) return t("toolbarJustNow");
  if (minutes < 60) return t("toolbarMinutesAgo", [String(minutes)]);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("timeHoursAgo", [String(hours)]);
  return t("timeDaysAgo", [String(Math.floor(hours / 24))]);
}
