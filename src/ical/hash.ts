// normalize + contentHash: the item's meaning as one canonical string, and a 64-bit FNV-1a hash of
// it (hex). Same meaning ⇒ same hash whatever the folding, line ends, property / parameter /
// component order, quoting, VTIMEZONE definitions or volatile stamps (properties.ts says which);
// any change of a kept property changes the hash. Synchronous, no crypto: runs in the background
// page and in Node alike.
import { canonicalComponent } from "./canonical";
import { parseItem } from "./parse-item";
import { canonicalRecurrenceIds } from "./recurrence-id";

const FNV_PRIME_LOW = 0x1b3; // the 64-bit FNV prime is 2^40 + 0x1b3

/** FNV-1a 64 over the UTF-8 bytes of `text`, as 16 hex digits. Two 32-bit halves: no BigInt per byte. */
export function fnv1a64(params: { text: string }): string {
  const { text } = params;
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  // One step per UTF-8 byte: (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64. lo · 0x1b3 < 2^41 stays
  // exact in a double; its bits above 32 carry into hi.
  const step = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    const loMul = lo * FNV_PRIME_LOW;
    hi = (Math.imul(hi, FNV_PRIME_LOW) + (lo << 8) + ((loMul / 0x100000000) >>> 0)) >>> 0;
    lo = loMul >>> 0;
  };
  // UTF-8 encoded on the fly (as TextEncoder does, a lone surrogate as U+FFFD): no byte array.
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      step(c);
      continue;
    }
    if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
        step(0xf0 | (c >> 18));
        step(0x80 | ((c >> 12) & 0x3f));
        step(0x80 | ((c >> 6) & 0x3f));
        step(0x80 | (c & 0x3f));
        continue;
      }
      c = 0xfffd;
    }
    step(0xe0 | (c >> 12));
    step(0x80 | ((c >> 6) & 0x3f));
    step(0x80 | (c & 0x3f));
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/**
 * The canonical text of an item (throws ItemParseError for content that is not one item). A
 * RECURRENCE-ID counts by the occurrence it names: UTC and zoned spellings of it are one value.
 */
export function normalize(params: { text: string }): string {
  return canonicalComponent({ comp: canonicalRecurrenceIds(parseItem(params).root) });
}

/** Hash of the normalized content; equal for both sides' copies of the same item. */
export function contentHash(params: { text: string }): string {
  return fnv1a64({ text: normalize(params) });
}
