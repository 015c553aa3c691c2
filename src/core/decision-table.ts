// The sync decision table: for one pair, given whether status knows it and how each side moved
// since, what to do — per flow (two-way, or one-way replicate / merge from a source side) and
// conflict rule. Pure and total over its input types; the planner turns decisions into actions.
// A pair whose two sides hold equal hashes never reaches the table: it is simply in sync.
import { assertNever, otherSide, type Side } from "./vocabulary";
import type { ConflictRule, SyncMode } from "./sync-settings";
import type { ConflictKind, Why } from "./plan-types";

/**
 * How one side moved since the last sync. Without status only "absent" and "changed" occur
 * ("changed" = new there); with status only "unchanged", "changed" and "deleted".
 * "changed" means version changed AND hash changed; a new etag over the same hash is "unchanged".
 */
export type SideChange = "absent" | "unchanged" | "changed" | "deleted";

type Present = "absent" | "changed";
type Known = "unchanged" | "changed" | "deleted";

/** `none:` / `known:` status, then the first side's change, then the second's. */
export type CellKey = `none:${Present}/${Present}` | `known:${Known}/${Known}`;

export function cellKey(params: { inStatus: boolean; first: SideChange; second: SideChange }): CellKey | undefined {
  const { inStatus, first, second } = params;
  const valid = inStatus
    ? first !== "absent" && second !== "absent"
    : (first === "absent" || first === "changed") && (second === "absent" || second === "changed");
  return valid ? (`${inStatus ? "known" : "none"}:${first}/${second}` as CellKey) : undefined;
}

export type Decision =
  | { kind: "record-status" } // both sides are accounted for: write their current state to status
  | { kind: "keep" } // nothing to do; status stays as it is
  | { kind: "forget" } // drop the status entry; nothing is written
  | { kind: "copy"; to: Side; why: Why } // create or overwrite `to` with the other side's item
  | { kind: "delete"; on: Side; why: Why }
  | { kind: "merge"; why: Why }
  | { kind: "conflict"; conflict: ConflictKind };

/** The planner's view of a mode once read-only sides are taken into account. */
export type Flow =
  | { kind: "two-way"; rule: ConflictRule }
  | { kind: "one-way"; source: Side; replicate: boolean; revertsReadOnly: boolean }
  | { kind: "frozen" }; // both sides read-only: nothing can be written

/**
 * Two-way against a read-only side is a replicate from that side: a local edit to a read-only
 * server item can only be undone (after going to the trash), never uploaded.
 */
export function flowOf(params: { mode: SyncMode; conflict: ConflictRule; readOnly: Record<Side, boolean> }): Flow {
  const { mode, conflict, readOnly } = params;
  if (readOnly.local && readOnly.remote) return { kind: "frozen" };
  switch (mode) {
    case "two-way":
      if (readOnly.remote) return { kind: "one-way", source: "remote", replicate: true, revertsReadOnly: true };
      if (readOnly.local) return { kind: "one-way", source: "local", replicate: true, revertsReadOnly: true };
      return { kind: "two-way", rule: conflict };
    case "local-to-remote-replicate":
      return { kind: "one-way", source: "local", replicate: true, revertsReadOnly: false };
    case "remote-to-local-replicate":
      return { kind: "one-way", source: "remote", replicate: true, revertsReadOnly: false };
    case "local-to-remote-merge":
      return { kind: "one-way", source: "local", replicate: false, revertsReadOnly: false };
    case "remote-to-local-merge":
      return { kind: "one-way", source: "remote", replicate: false, revertsReadOnly: false };
    default:
      return assertNever(mode);
  }
}

const copy = (to: Side, why: Why): Decision => ({ kind: "copy", to, why });
const del = (on: Side, why: Why): Decision => ({ kind: "delete", on, why });
const KEEP: Decision = { kind: "keep" };

/** Two-way: the key reads `status:local/remote`. Conflicts are resolved by resolveConflict. */
export function decideTwoWay(key: CellKey): Decision {
  switch (key) {
    case "none:absent/absent": // cannot be built from listings; nothing to do
      return KEEP;
    case "none:changed/absent": // created locally since the last sync (or first run)
      return copy("remote", "new-item");
    case "none:absent/changed": // created on the server
      return copy("local", "new-item");
    case "none:changed/changed": // first run: same item on both sides, different content
      return { kind: "conflict", conflict: "first-sync-differs" };
    case "known:unchanged/unchanged": // nothing happened (maybe a bogus etag bump: status only)
      return { kind: "record-status" };
    case "known:unchanged/changed": // edited on the server
      return copy("local", "edit");
    case "known:unchanged/deleted": // deleted on the server, untouched locally
      return del("local", "deletion");
    case "known:changed/unchanged": // edited locally
      return copy("remote", "edit");
    case "known:changed/changed": // edited on both sides into different content
      return { kind: "conflict", conflict: "both-changed" };
    case "known:changed/deleted": // edited locally, deleted on the server
      return { kind: "conflict", conflict: "local-changed-remote-deleted" };
    case "known:deleted/unchanged": // deleted locally, untouched on the server
      return del("remote", "deletion");
    case "known:deleted/changed": // deleted locally, edited on the server
      return { kind: "conflict", conflict: "local-deleted-remote-changed" };
    case "known:deleted/deleted": // deleted on both sides
      return { kind: "forget" };
    default:
      return assertNever(key);
  }
}

/**
 * One-way: the key reads `status:source/target`. The source wins every disagreement; replicate
 * also undoes the target's own edits, deletions and extra items, merge leaves them alone.
 */
export function decideOneWay(params: { key: CellKey; source: Side; replicate: boolean }): Decision {
  const { key, source, replicate } = params;
  const target = otherSide(source);
  switch (key) {
    case "none:absent/absent":
      return KEEP;
    case "none:changed/absent": // new in the source
      return copy(target, "new-item");
    case "none:absent/changed": // only the target has it: replicate removes it, merge leaves it
      return replicate ? del(target, "target-only") : KEEP;
    case "none:changed/changed": // first run, same item, different content: the source wins
      return copy(target, "first-sync-differs");
    case "known:unchanged/unchanged":
      return { kind: "record-status" };
    case "known:unchanged/changed": // target edited its copy: replicate reverts, merge adopts it
      return replicate ? copy(target, "revert-target-edit") : { kind: "record-status" };
    case "known:unchanged/deleted": // target deleted its copy: replicate restores, merge respects
      // (merge keeps the status, so a later source edit brings the item back: the source changed)
      return replicate ? copy(target, "restore-target-delete") : KEEP;
    case "known:changed/unchanged": // source edited
      return copy(target, "edit");
    case "known:changed/changed": // both edited: the source's change is copied, the target's trashed
      return copy(target, replicate ? "revert-target-edit" : "edit");
    case "known:changed/deleted": // source edited what the target deleted: the source's change wins
      return copy(target, replicate ? "restore-target-delete" : "edit");
    case "known:deleted/unchanged": // source deleted: the target's copy goes too (both modes)
      return del(target, "deletion");
    case "known:deleted/changed":
      // replicate: the target follows the source. merge: the target edited its copy, which makes
      // it the target's own item; merge never deletes those, so only the pairing is dropped.
      return replicate ? del(target, "deletion") : { kind: "forget" };
    case "known:deleted/deleted":
      return { kind: "forget" };
    default:
      return assertNever(key);
  }
}

export interface Resolution {
  decision: Decision;
  outcome: Side | "merge";
  reason: string;
}

/**
 * Applies the two-way conflict rule. Automatic: the newer LAST-MODIFIED wins; a change beats a
 * delete; a tie or an unknown time goes to the remote copy, because the server copy is what every
 * other client already sees (two clients preferring "their" copy would ping-pong forever).
 */
export function resolveConflict(params: {
  conflict: ConflictKind;
  rule: ConflictRule;
  localModified?: number | undefined;
  remoteModified?: number | undefined;
}): Resolution {
  const { conflict, rule, localModified, remoteModified } = params;
  const win = (side: Side, reason: string): Resolution => ({
    decision: copy(otherSide(side), "conflict"),
    outcome: side,
    reason,
  });
  const deleteWins = (on: Side, reason: string): Resolution => ({
    decision: del(on, "conflict"),
    outcome: otherSide(on),
    reason,
  });
  switch (conflict) {
    case "both-changed":
    case "first-sync-differs":
      switch (rule) {
        case "local-wins":
          return win("local", "local wins");
        case "remote-wins":
          return win("remote", "remote wins");
        case "automatic":
          if (localModified !== undefined && remoteModified !== undefined && localModified > remoteModified) {
            return win("local", "local is newer");
          }
          return win("remote", localModified === remoteModified ? "tie: remote copy kept" : "remote is newer or time unknown");
        case "field-merge":
          return { decision: { kind: "merge", why: "conflict" }, outcome: "merge", reason: "fields merged" };
        default:
          return assertNever(rule);
      }
    case "local-changed-remote-deleted":
      switch (rule) {
        case "remote-wins":
          return deleteWins("local", "remote wins: its deletion applies");
        case "local-wins":
          return win("local", "local wins: recreated on the server");
        case "automatic":
        case "field-merge": // nothing to merge with a deletion
          return win("local", "a change beats a delete");
        default:
          return assertNever(rule);
      }
    case "local-deleted-remote-changed":
      switch (rule) {
        case "local-wins":
          return deleteWins("remote", "local wins: its deletion applies");
        case "remote-wins":
          return win("remote", "remote wins: recreated locally");
        case "automatic":
        case "field-merge":
          return win("remote", "a change beats a delete");
        default:
          return assertNever(rule);
      }
    default:
      return assertNever(conflict);
  }
}
