// What the listing learned about a server item, kept for the moment the same text is written into
// Thunderbird: the CalendarStore then records the item's state (UID, hash, span, scope) from it
// instead of parsing the text once more. Keyed by the item's local text (after the mapping), the
// one both sides describe; an entry is handed out once and then dropped, so what the memo holds is
// only the items listed and not yet written in this run.
import type { InspectItem, ItemFacts } from "../dav";

export class FactsMemo {
  private readonly known = new Map<string, ItemFacts>();

  remember(params: { localText: string; facts: ItemFacts }): void {
    this.known.set(params.localText, params.facts);
  }

  /** The facts listed for exactly this local text, once. */
  take(params: { localText: string }): ItemFacts | undefined {
    const facts = this.known.get(params.localText);
    if (facts) this.known.delete(params.localText);
    return facts;
  }
}

/** An InspectItem that also remembers what it found, keyed by the text (no mapping: local = server text). */
export function rememberingInspect(params: { inspect: InspectItem; memo: FactsMemo }): InspectItem {
  const { inspect, memo } = params;
  return ({ text }) => {
    const facts = inspect({ text });
    memo.remember({ localText: text, facts });
    return facts;
  };
}
