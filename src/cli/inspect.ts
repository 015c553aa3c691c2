// The CLI's InspectItem: UID, matchKey, LAST-MODIFIED and the normalized hash from one parse
// (src/ical inspectItem) and, only when the profile has a time window, the item's span (from the
// same parse). Content src/ical cannot read is still listed — with uid "" so the planner reports and
// skips it — and a raw hash; onUnreadable gets the parser's message.
// Memoized by text: a first sync would inspect every item twice with the same string (the DavStore
// when it downloads it, the VdirStore when the executor writes it into the folder), and parsing is
// the largest CPU cost of a large sync. The download inspects with once(), which keeps nothing: the
// bodies of a large first sync wait in the run's body spool, not in this memo. When the executor reads
// a body back, the DavStore hands it with its facts to remember(); the folder's write of that text
// then finds them. A hit returns the facts and forgets the text; bounded besides (oldest first out).
// Inspect workers (inspect-workers.ts) run the same inspection elsewhere; accept() reports their outcome.
import { fnv1a64, inspectItem } from "../ical";
import type { InspectItem, ItemFacts } from "../dav";
import { itemSpan } from "./item-span";

/** Texts remembered; above it the oldest are forgotten (they are only inspected once more). */
export const INSPECT_MEMO_SIZE = 20_000;

/** What one inspection found: the facts, and the parser's message when the text is unreadable. */
export interface InspectOutcome {
  facts: ItemFacts;
  error?: string;
}

export type CliInspector = InspectItem & {
  /** The inspection itself, without the memo or onUnreadable (what a worker runs). */
  outcome(text: string): InspectOutcome;
  /** Inspects (or takes a remembered outcome) without keeping the text: a download's first look. */
  once: InspectItem;
  /** An outcome found elsewhere (a worker): reported like one found here, the text not kept. */
  accept(outcome: InspectOutcome): ItemFacts;
  /** An outcome known for this text (its facts, read back with it), for the text's next inspection. */
  remember(params: { text: string; outcome: InspectOutcome }): void;
};

export function createInspector(params: {
  withSpan: boolean;
  onUnreadable?: (p: { error: string }) => void;
  memoSize?: number;
}): CliInspector {
  const memoSize = params.memoSize ?? INSPECT_MEMO_SIZE;
  const memo = new Map<string, InspectOutcome>();
  const outcome = (text: string): InspectOutcome => {
    try {
      const found = inspectItem({ text });
      const facts: ItemFacts = { uid: found.uid, hash: found.hash, matchKey: found.matchKey, lastModified: found.lastModified };
      if (params.withSpan) facts.span = itemSpan({ text, item: found.item });
      return { facts };
    } catch (e) {
      return { facts: { uid: "", hash: fnv1a64({ text }) }, error: e instanceof Error ? e.message : String(e) };
    }
  };
  const keep = (text: string, known: InspectOutcome) => {
    if (memoSize <= 0) return;
    if (memo.size >= memoSize) memo.delete(memo.keys().next().value as string);
    memo.set(text, known);
  };
  const report = (known: InspectOutcome): ItemFacts => {
    if (known.error !== undefined) params.onUnreadable?.({ error: known.error });
    return known.facts;
  };
  const inspect: InspectItem = ({ text }) => {
    let known = memo.get(text);
    if (known) memo.delete(text);
    else {
      known = outcome(text);
      keep(text, known);
    }
    return report(known);
  };
  const once: InspectItem = ({ text }) => {
    const known = memo.get(text);
    if (known) memo.delete(text);
    return report(known ?? outcome(text));
  };
  return Object.assign(inspect, {
    outcome,
    once,
    accept: report,
    remember: ({ text, outcome: known }: { text: string; outcome: InspectOutcome }) => keep(text, known),
  });
}
