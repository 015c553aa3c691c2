// normalize + contentHash: the item's meaning as one canonical string, and a 64-bit FNV-1a hash of
// it (hex). Same meaning ⇒ same hash whatever the folding, line ends, property / parameter /
// component order, quoting, VTIMEZONE definitions or volatile stamps (properties.ts says which);
// any change of a kept property changes the hash. Synchronous, no crypto: runs in the background
// page and in Node alike.
import { canonicalComponent } from "./canonical";
import { parseItem } from "./parse-item";

const FNV_PRIME_LOW = 0x1b3; // the 64-bit FNV prime is 2^40 + 0x1b3
const encoder = new TextEncoder();

/** FNV-1a 64 over the UTF-8 bytes of `text`, as 16 hex digits. Two 32-bit halves: no BigInt per byte. */
export function fnv1a64(params: { text: string }): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of encoder.encode(params.text)) {
    lo = (lo ^ byte) >>> 0; // ^ yields a signed int32; keep lo unsigned for the multiplication
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64
    const loMul = lo * FNV_PRIME_LOW; // < 2^41: exact in a double
    const carry = Math.floor(loMul / 0x100000000);
    hi = (Math.imul(hi, FNV_PRIME_LOW) + (lo << 8) + carry) >>> 0;
    lo = loMul >>> 0;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** The canonical text of an item (throws ItemParseError for content that is not one item). */
export function normalize(params: { text: string }): string {
  return canonicalComponent({ comp: parseItem(params).root });
}

/** Hash of the normalized content; equal for both sides' copies of the same item. */
export function contentHash(params: { text: string }): string {
  return fnv1a64({ text: normalize(params) });
}
