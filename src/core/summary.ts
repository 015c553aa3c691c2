// Counts of a plan for the preview UI and the dry run ("3 created on the server, 1 deleted
// locally, 2 conflicts"). A dry run is the plan itself; this only condenses it.
import { assertNever, type Side } from "./vocabulary";
import type { Plan } from "./plan-types";

export interface PlanSummary {
  create: Record<Side, number>;
  update: Record<Side, number>;
  delete: Record<Side, number>;
  /** Items whose previous content goes to the trash (deleted or overwritten), per side. */
  trashed: Record<Side, number>;
  merge: number;
  statusOnly: number;
  forget: number;
  conflicts: number;
  problems: number;
  /** Deletions held back until the user confirms, per side. */
  heldDeletions: Record<Side, number>;
}

const zero = (): Record<Side, number> => ({ local: 0, remote: 0 });

export function summarizePlan(plan: Plan): PlanSummary {
  const s: PlanSummary = {
    create: zero(),
    update: zero(),
    delete: zero(),
    trashed: zero(),
    merge: 0,
    statusOnly: 0,
    forget: 0,
    conflicts: plan.conflicts.length,
    problems: plan.problems.length,
    heldDeletions: zero(),
  };
  for (const a of plan.actions) {
    switch (a.kind) {
      case "create":
        s.create[a.side] += 1;
        break;
      case "update":
        s.update[a.side] += 1;
        if (a.trash) s.trashed[a.side] += 1;
        break;
      case "delete":
        s.delete[a.side] += 1;
        s.trashed[a.side] += 1;
        break;
      case "merge":
        s.merge += 1;
        s.trashed.local += 1;
        s.trashed.remote += 1;
        break;
      case "update-status":
        s.statusOnly += 1;
        break;
      case "forget-status":
        s.forget += 1;
        break;
      default:
        assertNever(a);
    }
  }
  for (const p of plan.needsConfirmation ?? []) s.heldDeletions[p.side] += p.deleteCount;
  return s;
}
