// Reading and replacing the UID of a vCard text. Thunderbird uses a contact's UID as its id across
// *all* address books, so the same server card synced into two books needs a local UID of its own
// in the second book; these helpers swap it in on the way in and back out on the way out.
// Contract: only the UID line changes; every other line keeps its exact text.

/** Splits into logical lines (RFC 6350 §3.2 unfolding), keeping each one's original physical text. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  for (const physical of text.split(/\r?\n/)) {
    if ((physical.startsWith(" ") || physical.startsWith("\t")) && out.length > 0) out[out.length - 1] += "\r\n" + physical;
    else out.push(physical);
  }
  return out;
}

const unfold = (line: string): string => line.replace(/\r\n[ \t]/g, "");
const isUidLine = (line: string): boolean => /^(?:[\w-]+\.)?UID[;:]/i.test(unfold(line));

export function vcardUid(text: string): string | undefined {
  const line = logicalLines(text).find(isUidLine);
  if (!line) return undefined;
  const unfolded = unfold(line);
  return unfolded.slice(unfolded.indexOf(":") + 1).trim();
}

/** The same vCard with UID set to `uid` (added before END:VCARD when it had none). */
export function withVcardUid(params: { text: string; uid: string }): string {
  const lines = logicalLines(params.text);
  const index = lines.findIndex(isUidLine);
  const uidLine = `UID:${params.uid}`;
  if (index >= 0) lines[index] = uidLine;
  else {
    const end = lines.findIndex((l) => /^END:VCARD/i.test(l));
    lines.splice(end < 0 ? lines.length : end, 0, uidLine);
  }
  return lines.join("\r\n");
}

/** A UID for a second copy of a card: stable per book, so a re-sync finds the same local card. */
export function localUidFor(params: { uid: string; bookId: string }): string {
  return `${params.uid}-davsync-${params.bookId.replace(/[^\w-]/g, "").slice(0, 12)}`;
}
