// What the planner returns: plain-data actions, conflict records, problems and the deletion
// preview. All JSON-serializable, so a plan is also the dry run shown to the user. The executor
// (executor.ts) is the only consumer that acts on them.
import type { ItemRef, Side, StatusEntry } from "./vocabulary";
import type { ConflictRule } from "./sync-settings";

/** Why an action exists; the report and preview show it. */
export type Why =
  | "new-item" // created on one side since the last sync, copied to the other
  | "edit" // edited on one side, copied over the unchanged other side
  | "deletion" // deleted on one side, deleted on the other too
  | "target-only" // replicate: an item only the target has is removed
  | "revert-target-edit" // replicate (or a read-only source): the target's own edit is overwritten
  | "restore-target-delete" // replicate (or a read-only source): the target deleted it, put it back
  | "first-sync-differs" // paired on the first run with different content: the winner is copied
  | "conflict"; // two-way: both sides changed; the conflict rule chose (see Plan.conflicts)

/**
 * Each action touches one pair, named by `uid` (the status key). `side` is the side written.
 * `trash` says the executor must keep the content it destroys: every delete, and every update
 * whose target held content that exists nowhere else (an unsynced edit or a first-run version).
 */
export type Action =
  | { kind: "create"; side: Side; uid: string; source: ItemRef; why: Why }
  | { kind: "update"; side: Side; uid: string; target: ItemRef; source: ItemRef; trash: boolean; why: Why }
  | { kind: "delete"; side: Side; uid: string; target: ItemRef; trash: true; why: Why }
  /** Field merge of both versions by the pluggable Merger; both sides get the result. */
  | { kind: "merge"; uid: string; local: ItemRef; remote: ItemRef; trash: true; why: Why }
  /** Both sides already hold the same content (or merge mode adopts a target edit): status only. */
  | { kind: "update-status"; uid: string; entry: StatusEntry }
  /** The pair is gone from both sides (or the target now owns it): drop its status. */
  | { kind: "forget-status"; uid: string };

export type ActionKind = Action["kind"];

export type ConflictKind =
  | "both-changed" // edited on both sides since the last sync
  | "local-changed-remote-deleted"
  | "local-deleted-remote-changed"
  | "first-sync-differs"; // no status yet, same item on both sides with different content

export interface ConflictRecord {
  uid: string;
  kind: ConflictKind;
  rule: ConflictRule;
  /** The side whose version survives, or "merge" when both are merged. */
  outcome: Side | "merge";
  /** How the rule decided, for the report ("local newer", "tie: remote", "change beats delete"…). */
  reason: string;
  localId?: string;
  remoteId?: string;
}

export type Problem =
  | { kind: "duplicate-uid"; side: Side; uid: string; ids: string[] }
  | { kind: "duplicate-id"; side: Side; id: string }
  | { kind: "missing-uid"; side: Side; id: string }
  | { kind: "read-only"; side: Side; uid: string; action: ActionKind }
  | { kind: "reverted-read-only"; side: Side; uid: string; id: string }
  | { kind: "both-read-only" }
  | { kind: "status-schema"; found: number }
  | { kind: "status-duplicate"; uid: string };

export type DeletionReason = "other-side-empty" | "too-many-deletions";

/** What the user is asked before deletions on one side go ahead. */
export interface DeletionPreview {
  side: Side;
  reasons: DeletionReason[];
  deleteCount: number;
  sideCount: number;
  /** Ids (local ids or hrefs) that would be deleted; a confirmation must cover all of them. */
  ids: string[];
  uids: string[];
}

/** The user's answer to a preview: these ids may be deleted on that side. */
export interface Confirmations {
  deletions?: Partial<Record<Side, readonly string[]>>;
}

export interface Plan {
  actions: Action[];
  conflicts: ConflictRecord[];
  /** Present when deletions were held back; the rest of the plan is safe to run. */
  needsConfirmation?: DeletionPreview[];
  problems: Problem[];
}
