// inspectItem: everything a store lists about one resource — identity (kind, UID, matchKey,
// LAST-MODIFIED) and the normalized content hash — from a single parse. Equal, field by field, to
// itemIdentity({ text }) plus contentHash({ text }), which parse the text once each; a sync that
// lists thousands of items spends most of its CPU time there. The parsed item is returned too, for
// callers that read more of it (the CLI's time-window span). Throws ItemParseError like parseItem.
import { canonicalComponent } from "./canonical";
import { fnv1a64 } from "./hash";
import { identityOf, type ItemIdentity } from "./identity";
import { parseItem, type ParsedItem } from "./parse-item";
import { canonicalRecurrenceIds } from "./recurrence-id";

export interface ItemInspection extends ItemIdentity {
  /** contentHash of the same text. */
  hash: string;
  item: ParsedItem;
}

export function inspectItem(params: { text: string }): ItemInspection {
  const item = parseItem(params);
  const hash = fnv1a64({ text: canonicalComponent({ comp: canonicalRecurrenceIds(item.root) }) });
  return { ...identityOf(item), hash, item };
}
