// @ts-check
// The soak's items: small VEVENTs that carry their own edit history in X-SOAK-HISTORY (every edit
// id that went into this version, oldest first). A sync copies content unread, so the history travels
// with the item and the oracle (oracle.mjs) can tell, from the final state alone, which edits survived.
// Every version has a unique SUMMARY, so two items with one matchKey can only be a duplicated version.

const DAY_MS = 86_400_000;
/** All stamps derive from the step number: no clock, so a fixed seed gives byte-identical items. */
const EPOCH = Date.UTC(2026, 0, 1);

/** @param {number} ms */
function stamp(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * @param {{ uid: string, n: number, editId: string, step: number, history: readonly string[] }} p
 * @returns {string}
 */
export function itemText(p) {
  const start = EPOCH + (p.n % 300) * DAY_MS + 10 * 3_600_000;
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//davsync soak//EN",
    "BEGIN:VEVENT",
    `UID:${p.uid}`,
    "DTSTAMP:20260101T000000Z",
    // Later edits carry later stamps: the "automatic" conflict rule (newer wins) is deterministic.
    `LAST-MODIFIED:${stamp(EPOCH + p.step * 1000)}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(start + 3_600_000)}`,
    `SUMMARY:Soak ${p.n} ${p.editId}`,
    // Space-separated: Radicale (vobject) keeps only the first value of a comma list in an X- property.
    `X-SOAK-HISTORY:${[...p.history, p.editId].join(" ")}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** Unfolds content lines (servers fold long ones at 75 octets). @param {string} text */
function unfold(text) {
  return text.replace(/\r?\n[ \t]/g, "");
}

/** Edit ids this version contains. @param {string} text @returns {string[]} */
export function historyOf(text) {
  const m = /^X-SOAK-HISTORY:(.*)$/m.exec(unfold(text));
  return m?.[1] ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

/** @param {string} text */
export function uidOf(text) {
  return /^UID:(.*)$/m.exec(unfold(text))?.[1]?.trim() ?? "";
}

/** The item number in "soak-<seed>-<n>". @param {string} uid */
export function numberOf(uid) {
  return Number(/-(\d+)$/.exec(uid)?.[1] ?? 0);
}

/**
 * A new version of `text` as a person would save it after editing what they see: same UID, the
 * history they saw plus the new edit id.
 * @param {{ text: string, editId: string, step: number }} p
 */
export function editedText(p) {
  const uid = uidOf(p.text);
  return itemText({ uid, n: numberOf(uid), editId: p.editId, step: p.step, history: historyOf(p.text) });
}
