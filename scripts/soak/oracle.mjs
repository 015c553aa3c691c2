// @ts-check
// The soak's oracle: what must be true once the faults stop and the sides are stable.
//   lost       an edit made on either side that is in no surviving version (server, folder, trash)
//              and was not knowingly removed (a person deleted a version that contained it)
//   duplicates two items with one UID, or two with one matchKey, on one side
//   equal      both sides hold the same UIDs with the same normalized content (two-way and replicate)
import { contentHash, itemIdentity } from "../../src/ical";
import { historyOf, uidOf } from "./items.mjs";

export class Oracle {
  /** edit id → who made it, for the report of a lost edit. @type {Map<string, string>} */
  edits = new Map();
  /** Edit ids a person deleted knowingly (they were in the version deleted). @type {Set<string>} */
  removed = new Set();

  /** @param {{ editId: string, what: string }} p */
  edited(p) {
    this.edits.set(p.editId, p.what);
  }

  /** @param {{ text: string }} p  the version the person deleted */
  deleted(p) {
    for (const id of historyOf(p.text)) this.removed.add(id);
  }

  /**
   * Edits that survive nowhere.
   * @param {{ versions: readonly string[] }} p  every version on both sides and in the trash
   * @returns {string[]} "edit-id (what)"
   */
  lost(p) {
    const seen = new Set(p.versions.flatMap(historyOf));
    return [...this.edits].filter(([id]) => !seen.has(id) && !this.removed.has(id)).map(([id, what]) => `${id} (${what})`);
  }
}

/**
 * UIDs and matchKeys that occur more than once on one side.
 * @param {readonly string[]} texts
 * @returns {{ byUid: string[], byMatchKey: string[] }}
 */
export function duplicates(texts) {
  /** @param {string[]} keys */
  const repeated = (keys) => [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  const uids = texts.map(uidOf);
  const keys = texts.map((text) => itemIdentity({ text }).matchKey);
  return { byUid: repeated(uids), byMatchKey: repeated(keys) };
}

/**
 * @param {{ a: readonly string[], b: readonly string[] }} p
 * @returns {{ equal: boolean, onlyA: string[], onlyB: string[], differ: string[] }}
 */
export function compareSides(p) {
  /** @param {readonly string[]} texts */
  const byUid = (texts) => new Map(texts.map((text) => [uidOf(text), contentHash({ text })]));
  const a = byUid(p.a);
  const b = byUid(p.b);
  const onlyA = [...a.keys()].filter((u) => !b.has(u));
  const onlyB = [...b.keys()].filter((u) => !a.has(u));
  const differ = [...a].filter(([u, h]) => b.has(u) && b.get(u) !== h).map(([u]) => u);
  return { equal: onlyA.length + onlyB.length + differ.length === 0, onlyA, onlyB, differ };
}
