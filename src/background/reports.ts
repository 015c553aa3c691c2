// Per-run reports: one per run per profile — when, what started it, how long it took, and per item
// what happened (created / updated / deleted on which side, merged), the conflicts with the rule's
// outcome, errors as _locales keys, and deletions held back for confirmation with item summaries.
// Kept in storage.local under one key per profile (`reports.<id>`, newest first), pruned to the
// general option's retention days and at most REPORTS_PER_PROFILE. Holds item summaries and uids
// only: never a password, token or whole item.
import type { ConflictRecord, DeletionReason, Plan, ReportEntry, RunReport, Side } from "../core";
import type { LastResult, LocalizedMessage } from "./messages";

export const REPORTS_PER_PROFILE = 50;
const DAY = 24 * 60 * 60 * 1000;
/** How many held deletions the confirmation dialog lists by name; the count covers all. */
export const PREVIEW_NAMED_LIMIT = 50;

export interface ReportItem {
  uid: string;
  action: ReportEntry["action"];
  side?: Side;
  result: ReportEntry["result"];
  /** SUMMARY / FN when the run saw the item's content. */
  summary?: string;
  /** The DAV error taxonomy's message, or syncErrorUnexpected with the raw text. */
  error?: LocalizedMessage;
}

export interface ReportConflict {
  uid: string;
  kind: ConflictRecord["kind"];
  rule: ConflictRecord["rule"];
  outcome: ConflictRecord["outcome"];
  reason: string;
  summary?: string;
}

/** Deletions the planner held back; `ids` must all be confirmed (core's Confirmations). */
export interface HeldDeletions {
  side: Side;
  reasons: DeletionReason[];
  deleteCount: number;
  sideCount: number;
  ids: string[];
  /** The first PREVIEW_NAMED_LIMIT items with what a person recognizes them by. */
  items: { id: string; uid: string; summary?: string }[];
}

export interface SyncReport {
  /** Unique per profile: the run's start time plus a counter when two start in the same ms. */
  id: string;
  profileId: string;
  startedAt: number;
  at: number;
  durationMs: number;
  trigger: LastResult["trigger"];
  outcome: LastResult["outcome"];
  message?: LocalizedMessage;
  items: ReportItem[];
  conflicts: ReportConflict[];
  held: HeldDeletions[];
}

/** What run-profile.ts learns during a run, beyond the LastResult. */
export interface RunRecord {
  plan?: Plan;
  report?: RunReport;
  /** uid → summary, from content the run read (trash, preview). */
  summaries: Map<string, string>;
  /** id → summary for held deletions. */
  heldSummaries: Map<string, string>;
}

export function newRunRecord(): RunRecord {
  return { summaries: new Map(), heldSummaries: new Map() };
}

/** SUMMARY (iCalendar) or FN (vCard) of an item's text, unfolded; undefined when it has none. */
export function summaryOf(content: string): string | undefined {
  const unfolded = content.replace(/\r?\n[ \t]/g, "");
  const match = /^(?:SUMMARY|FN)(?:;[^:\r\n]*)?:(.*)$/im.exec(unfolded);
  const text = match?.[1]?.replace(/\\([,;\\])/g, "$1").replace(/\\n/gi, " ").trim();
  return text ? text.slice(0, 200) : undefined;
}

function errorMessage(entry: ReportEntry & { messageKey?: string; substitutions?: readonly string[] }): LocalizedMessage | undefined {
  if (entry.result !== "failed" || entry.error === undefined) return undefined;
  if (entry.messageKey) return { key: entry.messageKey, substitutions: [...(entry.substitutions ?? [])] };
  return { key: "syncErrorUnexpected", substitutions: [entry.error] };
}

export function buildReport(params: { profileId: string; result: LastResult; record: RunRecord; id?: string }): SyncReport {
  const { profileId, result, record } = params;
  const summary = (uid: string) => record.summaries.get(uid);
  const items: ReportItem[] = (record.report?.entries ?? [])
    // Status-only steps change nothing a person sees.
    .filter((e) => e.action !== "update-status" && e.action !== "forget-status")
    .map((e) => {
      const error = errorMessage(e);
      const s = summary(e.uid);
      return { uid: e.uid, action: e.action, result: e.result, ...(e.side ? { side: e.side } : {}), ...(s ? { summary: s } : {}), ...(error ? { error } : {}) };
    });
  const conflicts: ReportConflict[] = (record.plan?.conflicts ?? []).map((c) => {
    const s = summary(c.uid);
    return { uid: c.uid, kind: c.kind, rule: c.rule, outcome: c.outcome, reason: c.reason, ...(s ? { summary: s } : {}) };
  });
  const held: HeldDeletions[] = (record.plan?.needsConfirmation ?? []).map((p) => ({
    side: p.side,
    reasons: [...p.reasons],
    deleteCount: p.deleteCount,
    sideCount: p.sideCount,
    ids: [...p.ids],
    items: p.ids.slice(0, PREVIEW_NAMED_LIMIT).map((id, i) => {
      const s = record.heldSummaries.get(id);
      return { id, uid: p.uids[i] ?? "", ...(s ? { summary: s } : {}) };
    }),
  }));
  const startedAt = result.at - result.durationMs;
  return {
    id: params.id ?? String(startedAt),
    profileId,
    startedAt,
    at: result.at,
    durationMs: result.durationMs,
    trigger: result.trigger,
    outcome: result.outcome,
    ...(result.message ? { message: result.message } : {}),
    items,
    conflicts,
    held,
  };
}

/** Newest first, none older than `retentionDays`, at most `max`. Pure. */
export function pruneReports(params: { reports: readonly SyncReport[]; now: number; retentionDays: number; max?: number }): SyncReport[] {
  const oldest = params.now - params.retentionDays * DAY;
  return [...params.reports]
    .filter((r) => r.at >= oldest)
    .sort((a, b) => b.at - a.at)
    .slice(0, params.max ?? REPORTS_PER_PROFILE);
}

type StorageArea = Pick<typeof messenger.storage.local, "get" | "set" | "remove">;
const keyOf = (profileId: string) => `reports.${profileId}`;

export async function loadReports(params: { storage: StorageArea; profileId: string }): Promise<SyncReport[]> {
  const key = keyOf(params.profileId);
  const stored = (await params.storage.get(key))[key];
  return Array.isArray(stored) ? (stored as SyncReport[]) : [];
}

export async function addReport(params: { storage: StorageArea; report: SyncReport; now: number; retentionDays: number; max?: number }): Promise<void> {
  const { storage, report } = params;
  const current = await loadReports({ storage, profileId: report.profileId });
  let id = report.id;
  for (let n = 1; current.some((r) => r.id === id); n++) id = `${report.id}-${n}`;
  const reports = pruneReports({ reports: [{ ...report, id }, ...current], now: params.now, retentionDays: params.retentionDays, ...(params.max ? { max: params.max } : {}) });
  await storage.set({ [keyOf(report.profileId)]: reports });
}

export async function clearReports(params: { storage: StorageArea; profileId: string }): Promise<void> {
  await params.storage.remove(keyOf(params.profileId));
}
