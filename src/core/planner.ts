// The sync planner: plan({ status, local, remote, profile, confirmations }) → Plan. Pure: no I/O,
// no clock, same input → same plan. It pairs items (matching.ts), classifies each side of each
// pair, looks the cell up in the decision table (decision-table.ts), turns the decision into
// plain-data actions, drops writes to read-only sides, and finally runs the deletion guard.
import {
  assertNever,
  itemRef,
  makeEntry,
  otherSide,
  statusRef,
  type ItemState,
  type Side,
  type SideState,
  type StatusEntry,
  type SyncStatus,
} from "./vocabulary";
import type { SyncSettings } from "./sync-settings";
import type { Action, ConflictRecord, Confirmations, Plan, Problem } from "./plan-types";
import { pairItems, type Pair } from "./matching";
import {
  cellKey,
  decideOneWay,
  decideTwoWay,
  flowOf,
  resolveConflict,
  type Decision,
  type Flow,
  type SideChange,
} from "./decision-table";
import { guardDeletions } from "./safety";
import { outOfScope } from "./filters/scope";

export interface PairPlan {
  actions: Action[];
  conflicts: ConflictRecord[];
  problems: Problem[];
}

/** "changed" = version changed AND hash changed (vdirsyncer's is_changed); new items count as changed. */
export function sideChange(params: { pair: Pair; side: Side }): SideChange {
  const { pair, side } = params;
  const item = pair[side];
  if (!pair.entry) return item ? "changed" : "absent";
  if (!item) return "deleted";
  const known = statusRef({ entry: pair.entry, side });
  return item.version !== known.version && item.hash !== known.hash ? "changed" : "unchanged";
}

function sameEntry(a: StatusEntry | undefined, b: StatusEntry): boolean {
  return (
    a !== undefined &&
    a.uid === b.uid &&
    a.local.id === b.local.id &&
    a.local.version === b.local.version &&
    a.local.hash === b.local.hash &&
    a.remote.href === b.remote.href &&
    a.remote.etag === b.remote.etag &&
    a.remote.hash === b.remote.hash
  );
}

function decide(params: {
  pair: Pair;
  flow: Exclude<Flow, { kind: "frozen" }>;
  changes: Record<Side, SideChange>;
}): { decision: Decision; conflict?: ConflictRecord } {
  const { pair, flow, changes } = params;
  const inStatus = pair.entry !== undefined;
  if (flow.kind === "one-way") {
    const target = otherSide(flow.source);
    const key = cellKey({ inStatus, first: changes[flow.source], second: changes[target] });
    return { decision: key ? decideOneWay({ key, source: flow.source, replicate: flow.replicate }) : { kind: "keep" } };
  }
  const key = cellKey({ inStatus, first: changes.local, second: changes.remote });
  const decision: Decision = key ? decideTwoWay(key) : { kind: "keep" };
  if (decision.kind !== "conflict") return { decision };
  const resolution = resolveConflict({
    conflict: decision.conflict,
    rule: flow.rule,
    localModified: pair.local?.lastModified,
    remoteModified: pair.remote?.lastModified,
  });
  const conflict: ConflictRecord = {
    uid: pair.key,
    kind: decision.conflict,
    rule: flow.rule,
    outcome: resolution.outcome,
    reason: resolution.reason,
  };
  if (pair.local) conflict.localId = pair.local.id;
  if (pair.remote) conflict.remoteId = pair.remote.id;
  return { decision: resolution.decision, conflict };
}

function toActions(params: { pair: Pair; decision: Decision; changes: Record<Side, SideChange> }): Action[] {
  const { pair, decision, changes } = params;
  const uid = pair.key;
  switch (decision.kind) {
    case "keep":
    case "conflict": // resolved before this point; an unresolved conflict does nothing
      return [];
    case "forget":
      return pair.entry ? [{ kind: "forget-status", uid }] : [];
    case "record-status": {
      if (!pair.local || !pair.remote) return [];
      const entry = makeEntry({ uid, local: itemRef(pair.local), remote: itemRef(pair.remote) });
      return sameEntry(pair.entry, entry) ? [] : [{ kind: "update-status", uid, entry }];
    }
    case "copy": {
      const source = pair[otherSide(decision.to)];
      const target = pair[decision.to];
      if (!source) return [];
      if (!target) return [{ kind: "create", side: decision.to, uid, source: itemRef(source), why: decision.why }];
      return [
        {
          kind: "update",
          side: decision.to,
          uid,
          target: itemRef(target),
          source: itemRef(source),
          // An unchanged target holds the last synced content, which the source just replaced.
          trash: changes[decision.to] !== "unchanged",
          why: decision.why,
        },
      ];
    }
    case "delete": {
      const target = pair[decision.on];
      return target ? [{ kind: "delete", side: decision.on, uid, target: itemRef(target), trash: true, why: decision.why }] : [];
    }
    case "merge":
      return pair.local && pair.remote
        ? [{ kind: "merge", uid, local: itemRef(pair.local), remote: itemRef(pair.remote), trash: true, why: decision.why }]
        : [];
    default:
      return assertNever(decision);
  }
}

function writtenSides(action: Action): Side[] {
  switch (action.kind) {
    case "create":
    case "update":
    case "delete":
      return [action.side];
    case "merge":
      return ["local", "remote"];
    case "update-status":
    case "forget-status":
      return [];
    default:
      return assertNever(action);
  }
}

/** Plans one pair, without the deletion guard (the executor re-plans single items with this). */
export function planPair(params: { pair: Pair; profile: SyncSettings; readOnly: Record<Side, boolean> }): PairPlan {
  const { pair, profile, readOnly } = params;
  const out: PairPlan = { actions: [], conflicts: [], problems: [] };
  const flow = flowOf({ mode: profile.mode, conflict: profile.conflict, readOnly });
  if (flow.kind === "frozen") return out;

  const { local, remote } = pair;
  const outOfRange = (item: ItemState | undefined) => profile.timeRange.kind === "window" && item?.inTimeRange === false;
  // The other side's listing is filtered by the window too: absence there is not a deletion,
  // and an item outside the window is not copied anywhere.
  if ((local === undefined) !== (remote === undefined) && outOfRange(local ?? remote)) return out;
  // The category filter hides items the same way, and also freezes a pair with one side out of
  // scope (README of src/ical/mapping): a filter never copies, deletes or overwrites anything.
  if (outOfScope({ local, remote })) return out;

  const changes = { local: sideChange({ pair, side: "local" }), remote: sideChange({ pair, side: "remote" }) };
  const { decision, conflict } =
    local && remote && local.hash === remote.hash
      ? { decision: { kind: "record-status" } as Decision, conflict: undefined } // same content: in sync
      : decide({ pair, flow, changes });
  if (conflict) out.conflicts.push(conflict);

  for (const action of toActions({ pair, decision, changes })) {
    const blocked = writtenSides(action).find((side) => readOnly[side]);
    if (blocked) {
      out.problems.push({ kind: "read-only", side: blocked, uid: pair.key, action: action.kind });
      continue;
    }
    out.actions.push(action);
    if (flow.kind === "one-way" && flow.revertsReadOnly) {
      const target = otherSide(flow.source);
      const undoesUserChange = changes[target] === "changed" || (changes[target] === "deleted" && action.kind === "create");
      if (writtenSides(action).includes(target) && undoesUserChange) {
        const id = pair[target]?.id ?? (pair.entry ? statusRef({ entry: pair.entry, side: target }).id : "");
        out.problems.push({ kind: "reverted-read-only", side: target, uid: pair.key, id });
      }
    }
  }
  return out;
}

export function plan(params: {
  status: SyncStatus;
  local: SideState;
  remote: SideState;
  profile: SyncSettings;
  confirmations?: Confirmations | undefined;
}): Plan {
  const { status, local, remote, profile, confirmations } = params;
  const readOnly = { local: local.readOnly, remote: remote.readOnly };
  const { pairs, problems } = pairItems({ status, local: local.items, remote: remote.items });
  if (readOnly.local && readOnly.remote) {
    return { actions: [], conflicts: [], problems: [...problems, { kind: "both-read-only" }] };
  }
  const actions: Action[] = [];
  const conflicts: ConflictRecord[] = [];
  for (const pair of pairs) {
    const p = planPair({ pair, profile, readOnly });
    actions.push(...p.actions);
    conflicts.push(...p.conflicts);
    problems.push(...p.problems);
  }
  const guarded = guardDeletions({
    actions,
    sizes: { local: local.items.length, remote: remote.items.length },
    safety: profile.safety,
    confirmations,
  });
  const result: Plan = { actions: guarded.actions, conflicts, problems };
  if (guarded.previews.length > 0) result.needsConfirmation = guarded.previews;
  return result;
}
