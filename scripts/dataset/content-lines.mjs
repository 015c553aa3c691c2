// @ts-check
// Text encoding shared by iCalendar (RFC 5545) and vCard (RFC 6350 / 2426) output: TEXT escaping,
// folding at 75 octets (never inside a UTF-8 sequence), CRLF line ends, and the date-time formats.
// Dates are plain JS Dates whose UTC fields carry the wall-clock value; whether that value is UTC,
// floating or Europe/Prague is decided by the property that uses it.

/** Escape a TEXT value: backslash, semicolon, comma, newline (RFC 5545 3.3.11). */
export function escapeText(/** @type {string} */ text) {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Fold one logical line into physical lines of at most 75 octets each (continuations start with a space). */
export function foldLine(/** @type {string} */ line) {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Back off over UTF-8 continuation bytes so a character is never split across two lines.
    while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
    limit = 74; // the leading space of a continuation line counts
  }
  return parts.join("\r\n ");
}

/** Logical lines → one object text: folded, CRLF after every line including the last. */
export function toText(/** @type {string[]} */ lines) {
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, "0");

/** 20260105 */
export const formatDate = (/** @type {Date} */ d) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
/** 20260105T093000 (local or floating wall clock) */
export const formatLocal = (/** @type {Date} */ d) =>
  `${formatDate(d)}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
/** 20260105T093000Z */
export const formatUtc = (/** @type {Date} */ d) => `${formatLocal(d)}Z`;
/** 1985-04-12 (vCard BDAY) */
export const formatIsoDate = (/** @type {Date} */ d) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export const addDays = (/** @type {Date} */ d, /** @type {number} */ days) => new Date(d.getTime() + days * 86_400_000);
export const addMinutes = (/** @type {Date} */ d, /** @type {number} */ minutes) => new Date(d.getTime() + minutes * 60_000);

/** A resource name that every server and file system accepts: the UID with anything unusual replaced. */
export const safeName = (/** @type {string} */ uid) => uid.replace(/[^A-Za-z0-9._-]/g, "_");
