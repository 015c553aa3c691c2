// The CLI's InspectItem: UID, matchKey and LAST-MODIFIED (src/ical itemIdentity), the normalized
// hash (src/ical contentHash) and, only when the profile has a time window, the item's span.
// Content src/ical cannot read is still listed — with uid "" so the planner reports and skips it —
// and a raw hash; onUnreadable gets the parser's message.
import { contentHash, fnv1a64, itemIdentity } from "../ical";
import type { InspectItem, ItemFacts } from "../dav";
import { itemSpan } from "./item-span";

export function createInspector(params: { withSpan: boolean; onUnreadable?: (p: { error: string }) => void }): InspectItem {
  return ({ text }) => {
    try {
      const id = itemIdentity({ text });
      const facts: ItemFacts = { uid: id.uid, hash: contentHash({ text }), matchKey: id.matchKey, lastModified: id.lastModified };
      if (params.withSpan) facts.span = itemSpan({ text });
      return facts;
    } catch (e) {
      params.onUnreadable?.({ error: e instanceof Error ? e.message : String(e) });
      return { uid: "", hash: fnv1a64({ text }) };
    }
  };
}
