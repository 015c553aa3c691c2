// The folder side of a mapped CLI sync (src/ical/mapping/README.md): the folder holds items in
// local form (the filter's category added, alarms filtered, CLASS mapped), the engine speaks the
// server's spelling. So every write is mapped to-local before it reaches the folder and every read
// is mapped to-server; listed hashes and scope verdicts stay those of the folder's text (the
// inspector's), comparable with the server side's, which inspects its items mapped to-local.
import type { ItemState, Store, StoredItem, WriteResult } from "../core";
import type { InspectItem } from "../dav";
import { inspectMapped, type ItemMapping } from "../ical";

/** Maps, and passes unreadable text on as it is (the inspector already reports it). */
function safely(map: (text: string) => string, text: string): string {
  try {
    return map(text);
  } catch {
    return text;
  }
}

export class MappedFolderStore implements Store {
  readonly readOnly: boolean;
  private readonly p: { store: Store; mapping: ItemMapping };

  constructor(params: { store: Store; mapping: ItemMapping }) {
    this.p = params;
    this.readOnly = params.store.readOnly;
  }

  list(): Promise<ItemState[]> {
    return this.p.store.list();
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
    const got = await this.p.store.get(params);
    return got ? { state: got.state, content: safely(this.p.mapping.toServer, got.content) } : undefined;
  }

  create(params: { uid: string; content: string }): Promise<WriteResult> {
    return this.p.store.create({ uid: params.uid, content: safely(this.p.mapping.toLocal, params.content) });
  }

  update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    return this.p.store.update({ ...params, content: safely(this.p.mapping.toLocal, params.content) });
  }

  delete(params: { id: string; version: string }): Promise<void> {
    return this.p.store.delete(params);
  }
}

/**
 * An inspector that adds the category filter's verdict (src/ical inspectMapped, as the add-on);
 * `toLocal` for the server side, whose items are hashed and judged in the form the folder would
 * hold them. The folder's own items are in that form already.
 */
export function mappedInspector(params: { inspect: InspectItem; mapping: ItemMapping; toLocal: boolean }): InspectItem {
  const { inspect, toLocal } = params;
  const mapping: ItemMapping = toLocal ? params.mapping : { ...params.mapping, toLocal: (text) => text };
  return ({ text }) => inspectMapped({ text, inspect, mapping }).facts;
}
