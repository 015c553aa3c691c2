// Text for people at the end of a run: what was done per side (from the run report, so failed
// writes are not counted as done), conflicts and how they were decided, problems (duplicate UIDs,
// unreadable items, read-only refusals), failed items, and the deletion preview that needs --yes.
import { summarizePlan, type DeletionPreview, type Plan, type Problem, type RunReport, type Side } from "../core";

const SIDE_NAME: Record<Side, string> = { local: "folder", remote: "server" };
const MAX_LINES = 50;

function counts(params: { plan: Plan; report: RunReport | undefined }): Record<Side, { created: number; updated: number; deleted: number }> {
  const zero = () => ({ created: 0, updated: 0, deleted: 0 });
  const out = { local: zero(), remote: zero() };
  if (!params.report) {
    // Dry run: what the plan would do.
    const s = summarizePlan(params.plan);
    for (const side of ["local", "remote"] as const) out[side] = { created: s.create[side], updated: s.update[side] + s.merge, deleted: s.delete[side] };
    return out;
  }
  for (const e of params.report.entries) {
    if (e.result !== "ok") continue;
    if (e.action === "merge") {
      out.local.updated += 1;
      out.remote.updated += 1;
    } else if (e.side && (e.action === "create" || e.action === "update" || e.action === "delete")) {
      out[e.side][e.action === "create" ? "created" : e.action === "update" ? "updated" : "deleted"] += 1;
    }
  }
  return out;
}

export function describeProblem(problem: Problem): string {
  switch (problem.kind) {
    case "duplicate-uid":
      return `UID ${problem.uid} appears ${problem.ids.length} times on the ${SIDE_NAME[problem.side]} (${problem.ids.join(", ")}); not synced until only one is left`;
    case "duplicate-id":
      return `${problem.id} was listed twice by the ${SIDE_NAME[problem.side]}`;
    case "missing-uid":
      return `${problem.id} on the ${SIDE_NAME[problem.side]} has no UID or cannot be read; not synced`;
    case "read-only":
      return `the ${SIDE_NAME[problem.side]} is read-only: ${problem.action} of ${problem.uid} skipped`;
    case "reverted-read-only":
      return `${problem.id} on the read-only ${SIDE_NAME[problem.side]} was changed there; the change is reverted`;
    case "both-read-only":
      return "both sides are read-only: nothing can be synced";
    case "status-schema":
      return `the saved status has version ${problem.found}; this run pairs items by UID as on a first run`;
    case "status-duplicate":
      return `the saved status names ${problem.uid} twice; the first entry is used`;
  }
}

export function describePreview(previews: readonly DeletionPreview[]): string {
  return previews
    .map((p) => {
      const why = p.reasons.map((r) => (r === "other-side-empty" ? `the ${SIDE_NAME[p.side === "local" ? "remote" : "local"]} is empty` : "that is more than the safety limit")).join(" and ");
      const shown = p.uids.slice(0, 20).map((u) => `    ${u}`);
      if (p.uids.length > 20) shown.push(`    … and ${p.uids.length - 20} more`);
      return [`${p.deleteCount} of ${p.sideCount} items would be deleted on the ${SIDE_NAME[p.side]}, held back because ${why}:`, ...shown].join("\n");
    })
    .join("\n");
}

export function summaryText(params: { plan: Plan; report: RunReport | undefined; unreadable: readonly string[]; trashed: number; dryRun: boolean }): string {
  const { plan, report } = params;
  const c = counts(params);
  const side = (s: Side) => `${SIDE_NAME[s]}: ${c[s].created} created, ${c[s].updated} updated, ${c[s].deleted} deleted`;
  const failed = report?.entries.filter((e) => e.result === "failed") ?? [];
  const lines = [
    `${params.dryRun ? "dry run, would do — " : ""}${side("remote")}; ${side("local")}`,
    `conflicts: ${plan.conflicts.length}, errors: ${failed.length}${params.trashed ? `, ${params.trashed} previous versions kept in the trash` : ""}`,
  ];
  const some = <T>(list: readonly T[], line: (x: T) => string) => {
    // A first sync of thousands of differing items must not bury the summary.
    for (const x of list.slice(0, MAX_LINES)) lines.push(line(x));
    if (list.length > MAX_LINES) lines.push(`  … and ${list.length - MAX_LINES} more`);
  };
  some(plan.conflicts, (c) => `  conflict ${c.uid}: ${c.kind}, ${c.rule} → ${c.outcome} (${c.reason})`);
  some(plan.problems, (problem) => `  warning: ${describeProblem(problem)}`);
  some([...new Set(params.unreadable)], (message) => `  warning: unreadable item: ${message}`);
  some(failed, (f) => `  failed: ${f.action}${f.side ? ` on the ${SIDE_NAME[f.side]}` : ""} of ${f.uid}: ${f.error ?? "unknown error"}`);
  if (report?.outcome === "cancelled") lines.push(`stopped after ${report.done} of ${report.total} steps; the next run continues`);
  return lines.join("\n");
}
