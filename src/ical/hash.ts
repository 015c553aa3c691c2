// normalize + contentHash: the item's meaning as one canonical string, and a 64-bit FNV-1a hash of
// it (hex). Same meaning ⇒ same hash whatever the folding, line ends, property / parameter /
// component order, quoting, VTIMEZONE definitions or volatile stamps (properties.ts says which);
// any change of a kept property changes the hash. Synchronous, no crypto: runs in the background
// page and in Node alike.
import { canonicalComponent } from "./canonical";
import { parseItem } from "./parse-item";
import { canonicalRecurrenceIds } from "./recurrence-id";

const FNV_PRIME_LOW = 0x1b3; // the 64-bit FNV prime is 2^40 + 0x1b3

const encoder = new TextEncoder();
/** Reused between calls (grown when a text needs more): encodeInto spares an array per text. */
let scratch = new Uint8Array(64 * 1024);

/**
 * FNV-1a 64 over the UTF-8 bytes of `text`, as 16 hex digits. Two 32-bit halves: no BigInt per
 * byte; the low half is multiplied in 16-bit pieces so every step stays in 32-bit integers
 * (no floating-point product and division per byte).
 */
export function fnv1a64(params: { text: string }): string {
  const { text } = params;
  // UTF-8 is at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const bytes = scratch;
  const length = encoder.encodeInto(text, bytes).written;
  let hi = 0xcbf29ce4 | 0;
  let lo = 0x84222325 | 0;
  for (let i = 0; i < length; i += 1) {
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, with lo · 0x1b3 = t1 · 2^16 + (t0 mod 2^16):
    // its bits above 32 (t1 >>> 16) carry into hi. Written out here: a call per byte costs more than the math.
    lo ^= bytes[i]!;
    const t0 = (lo & 0xffff) * FNV_PRIME_LOW;
    const t1 = (lo >>> 16) * FNV_PRIME_LOW + (t0 >>> 16);
    hi = (Math.imul(hi, FNV_PRIME_LOW) + (lo << 8) + (t1 >>> 16)) | 0;
    lo = (t1 << 16) | (t0 & 0xffff);
  }
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
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
