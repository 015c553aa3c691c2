// The numbers a profile is checked against, in one place: the schema enforces them, validation
// quotes them in its messages ($1 = min, $2 = max) and fixProfile clamps to them.
// Contract: every range is of whole numbers, min <= max, and each default lies inside its range.

export interface IntRange {
  min: number;
  max: number;
}

export const LIMITS = {
  /** Outlook's UI offers 1–1440; files may hold any int. A week is the longest useful interval. */
  intervalMinutes: { min: 1, max: 10_080 },
  /** The change trigger waits this long after the last edit so a burst of edits syncs once. */
  debounceSeconds: { min: 1, max: 3_600 },
  daysPast: { min: 0, max: 36_500 },
  daysFuture: { min: 0, max: 36_500 },
  maxDeletions: { min: 0, max: 1_000_000 },
  maxDeletionPercent: { min: 0, max: 100 },
  /** Below 10 s a slow Easy Project REPORT on a large calendar times out on every run. */
  timeoutSeconds: { min: 10, max: 3_600 },
  chunkSize: { min: 1, max: 10_000 },
} as const satisfies Record<string, IntRange>;

export const MAX_TEXT = {
  name: 200,
  id: 200,
  localId: 1_000,
  url: 2_000,
  username: 500,
  credentialRef: 1_000,
  category: 200,
  propertyName: 100,
  zone: 100,
} as const;

/** A whole number inside the range: rounds, then clamps. Non-numbers get `fallback`. */
export function clampInt({ value, range, fallback }: { value: unknown; range: IntRange; fallback: number }): number {
  if (typeof value !== "number" || Number.isNaN(value)) return fallback;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}
