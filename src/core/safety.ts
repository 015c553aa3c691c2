// The deletion guard, run over a finished plan: deletions on a side are held back (and previewed)
// when the other side is empty — a wrong URL, a wiped server, a fresh folder replicated the wrong
// way, the best-known data-loss bug of every peer — or when they exceed max(N, P %) of that side.
// Held-back deletions keep their status, so the next run asks again until the user confirms.
import type { Action, Confirmations, DeletionPreview, DeletionReason } from "./plan-types";
import type { SafetySettings } from "./sync-settings";
import { otherSide, SIDES, type Side } from "./vocabulary";

export function guardDeletions(params: {
  actions: readonly Action[];
  sizes: Record<Side, number>;
  safety: SafetySettings;
  confirmations?: Confirmations | undefined;
}): { actions: Action[]; previews: DeletionPreview[] } {
  const { actions, sizes, safety, confirmations } = params;
  const previews: DeletionPreview[] = [];
  const held = new Set<Side>();
  for (const side of SIDES) {
    const deletes = actions.filter((a) => a.kind === "delete" && a.side === side);
    if (deletes.length === 0) continue;
    const reasons: DeletionReason[] = [];
    if (sizes[otherSide(side)] === 0) reasons.push("other-side-empty");
    const limit = Math.max(safety.maxDeletions, Math.floor((sizes[side] * safety.maxDeletionPercent) / 100));
    if (deletes.length > limit) reasons.push("too-many-deletions");
    if (reasons.length === 0) continue;
    const ids = deletes.map((a) => (a.kind === "delete" ? a.target.id : ""));
    const confirmed = new Set(confirmations?.deletions?.[side] ?? []);
    // A confirmation covers the ids the user saw; one more deletion means asking again.
    if (ids.every((id) => confirmed.has(id))) continue;
    held.add(side);
    previews.push({
      side,
      reasons,
      deleteCount: deletes.length,
      sideCount: sizes[side],
      ids,
      uids: deletes.map((a) => a.uid),
    });
  }
  return { actions: actions.filter((a) => !(a.kind === "delete" && held.has(a.side))), previews };
}
