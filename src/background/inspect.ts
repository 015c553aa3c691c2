// The add-on's InspectItem for DavStore: UID, matchKey, LAST-MODIFIED and the normalized hash from
// one parse (src/ical inspectItem), and the item's span for the profile's time window (src/ical
// itemSpan; always computed, so turning a window on needs no re-download). Content src/ical cannot
// read is listed with uid "" (the planner reports and skips it) and a raw hash, never dropped:
// dropping would read as a deletion. Dates that cannot be walked give no span: inside every window.
import type { InspectItem, ItemFacts } from "../dav";
import { fnv1a64, inspectItem as inspect } from "../ical";
import { itemSpan } from "../ical/item-span";

export const inspectItem: InspectItem = ({ text }) => {
  let found: ReturnType<typeof inspect>;
  try {
    found = inspect({ text });
  } catch {
    return { uid: "", hash: `raw:${fnv1a64({ text })}` };
  }
  const facts: ItemFacts = { uid: found.uid, hash: found.hash, matchKey: found.matchKey, lastModified: found.lastModified };
  try {
    const span = itemSpan({ text, item: found.item });
    if (span) facts.span = span;
  } catch {
    // See the header: no span.
  }
  return facts;
};
