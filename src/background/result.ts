// Turns how a run ended — a core RunReport and plan, or a thrown error — into the LastResult the
// toolbar, notifications and options page show. Classifies errors once (DAVx5's
// SyncExceptionHandler): a 401 means "sign in again" and stops automatic runs; everything else is
// reported with the DAV layer's own _locales message and retried at the next trigger.
import type { Plan, RunReport } from "../core";
import { summarizePlan } from "../core";
import { isDavError } from "../dav";
import type { LastResult, LocalizedMessage, SyncTrigger } from "./messages";

/** Thrown when the profile has no password in Thunderbird's password manager. */
export class MissingPassword extends Error {
  override readonly name = "MissingPassword";
  /** What to tell the user instead of "no password stored" (e.g. no matching mail account). */
  constructor(message: string, readonly hint?: LocalizedMessage) {
    super(message);
  }
}

/** Thrown when the profile's Thunderbird calendar / address book is gone. */
export class MissingLocalFolder extends Error {
  override readonly name = "MissingLocalFolder";
  constructor(readonly folderId: string) {
    super(`the local folder ${folderId} no longer exists`);
  }
}

interface Timing {
  trigger: SyncTrigger;
  startedAt: number;
  endedAt: number;
}

export function resultOfRun(params: Timing & { plan: Plan; report: RunReport | undefined }): LastResult {
  const { plan, report } = params;
  const summary = summarizePlan(plan);
  const sideCount = (side: "local" | "remote") => summary.create[side] + summary.update[side] + summary.delete[side];
  const failed = report?.entries.filter((e) => e.result === "failed").length ?? 0;
  const held = summary.heldDeletions.local + summary.heldDeletions.remote;
  let message: LocalizedMessage | undefined;
  if (failed > 0) message = { key: "syncResultItemsFailed", substitutions: [String(failed)] };
  else if (held > 0) message = { key: "syncResultDeletionsHeld", substitutions: [String(held)] };
  else if (summary.conflicts > 0) message = { key: "syncResultConflicts", substitutions: [String(summary.conflicts)] };
  return {
    at: params.endedAt,
    durationMs: params.endedAt - params.startedAt,
    trigger: params.trigger,
    outcome: message ? "warning" : "ok",
    written: { local: sideCount("local") + summary.merge, remote: sideCount("remote") + summary.merge },
    failed,
    conflicts: summary.conflicts,
    ...(message ? { message } : {}),
    needsSignIn: false,
  };
}

export function resultOfError(params: Timing & { error: unknown }): LastResult {
  const { error } = params;
  const base = {
    at: params.endedAt,
    durationMs: params.endedAt - params.startedAt,
    trigger: params.trigger,
    outcome: "error" as const,
    written: { local: 0, remote: 0 },
    failed: 0,
    conflicts: 0,
  };
  if (error instanceof MissingPassword) return { ...base, message: error.hint ?? { key: "syncErrorNoPassword", substitutions: [] }, needsSignIn: true };
  if (error instanceof MissingLocalFolder) {
    return { ...base, message: { key: "syncErrorLocalFolderGone", substitutions: [error.folderId] }, needsSignIn: false };
  }
  if (isDavError(error)) {
    const result: LastResult = { ...base, message: { key: error.messageKey, substitutions: [...error.substitutions] }, needsSignIn: error.kind === "auth" };
    if (error.retryAfterMs !== undefined) result.retryAt = params.endedAt + error.retryAfterMs;
    return result;
  }
  const text = error instanceof Error ? error.message : String(error);
  return { ...base, message: { key: "syncErrorUnexpected", substitutions: [text] }, needsSignIn: false };
}
