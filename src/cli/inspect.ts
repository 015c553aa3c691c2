// The CLI's InspectItem: UID, matchKey, LAST-MODIFIED and the normalized hash from one parse
// (src/ical inspectItem) and, only when the profile has a time window, the item's span (from the
// same parse). Content src/ical cannot read is still listed — with uid "" so the planner reports and
// skips it — and a raw hash; onUnreadable gets the parser's message.
// Memoized by text: a first sync inspects every item twice with the same string (the DavStore when
// it downloads it, the VdirStore when the executor writes it into the folder), and parsing is the
// largest CPU cost of a large sync. A hit returns the same facts and forgets the text (its second
// and, as far as the memo is concerned, last use: the memo must not keep every body of a large
// first sync alive after the stores let go of them); bounded besides (oldest first out).
import { fnv1a64, inspectItem } from "../ical";
import type { InspectItem, ItemFacts } from "../dav";
import { itemSpan } from "./item-span";

/** Texts remembered; above it the oldest are forgotten (they are only inspected once more). */
export const INSPECT_MEMO_SIZE = 20_000;

export function createInspector(params: {
  withSpan: boolean;
  onUnreadable?: (p: { error: string }) => void;
  memoSize?: number;
}): InspectItem {
  const memoSize = params.memoSize ?? INSPECT_MEMO_SIZE;
  const memo = new Map<string, { facts: ItemFacts; error?: string }>();
  const inspect = (text: string): { facts: ItemFacts; error?: string } => {
    try {
      const found = inspectItem({ text });
      const facts: ItemFacts = { uid: found.uid, hash: found.hash, matchKey: found.matchKey, lastModified: found.lastModified };
      if (params.withSpan) facts.span = itemSpan({ text, item: found.item });
      return { facts };
    } catch (e) {
      return { facts: { uid: "", hash: fnv1a64({ text }) }, error: e instanceof Error ? e.message : String(e) };
    }
  };
  return ({ text }) => {
    let known = memo.get(text);
    if (known) memo.delete(text);
    else {
      known = inspect(text);
      if (memoSize > 0) {
        if (memo.size >= memoSize) memo.delete(memo.keys().next().value as string);
        memo.set(text, known);
      }
    }
    if (known.error !== undefined) params.onUnreadable?.({ error: known.error });
    return known.facts;
  };
}
