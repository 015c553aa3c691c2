// The part of a profile the planner reads: sync mode, conflict rule, deletion safety and time
// window. The full profile (server, schedule, mapping…) embeds a SyncSettings; its schema and
// validation live with the profile model, not here.

/**
 * Replicate = make the target equal to the source (items only on the target are deleted).
 * Merge = copy the source's changes to the target, never delete the target's own items.
 */
export type SyncMode =
  | "local-to-remote-replicate"
  | "remote-to-local-replicate"
  | "local-to-remote-merge"
  | "remote-to-local-merge"
  | "two-way";

/** Only two-way sync has conflicts; one-way modes let the source win by definition. */
export type ConflictRule = "local-wins" | "remote-wins" | "automatic" | "field-merge";

/**
 * A run that would delete more than max(maxDeletions, maxDeletionPercent % of a side) items on
 * that side, or delete anything while the other side is empty, asks the user first.
 */
export interface SafetySettings {
  maxDeletions: number;
  maxDeletionPercent: number;
}

/** The adapters turn the window into ItemState.inTimeRange; the planner never reads a clock. */
export type TimeRange = { kind: "off" } | { kind: "window"; daysPast: number; daysFuture: number };

export interface SyncSettings {
  mode: SyncMode;
  conflict: ConflictRule;
  safety: SafetySettings;
  timeRange: TimeRange;
}

export const DEFAULT_SAFETY: SafetySettings = { maxDeletions: 10, maxDeletionPercent: 20 };

/** New-profile defaults, as the Outlook plug-in ships them (two-way, automatic, 60 d / 365 d). */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  mode: "two-way",
  conflict: "automatic",
  safety: DEFAULT_SAFETY,
  timeRange: { kind: "window", daysPast: 60, daysFuture: 365 },
};
