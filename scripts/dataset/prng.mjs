// @ts-check
// Deterministic randomness for the dataset generator: mulberry32 seeded from (seed, stream, index).
// Each item draws from its own generator, so item i of a stream is identical whatever the counts of
// the other streams (an ep-like server with 60 events holds the same first 20 events as one with 20).
// No clock and no Math.random anywhere: same inputs give byte-identical output.

/**
 * @typedef {object} Rng
 * @property {() => number} next               uniform in [0, 1)
 * @property {(min: number, max: number) => number} int   integer in [min, max]
 * @property {(p: number) => boolean} chance    true with probability p
 * @property {<T>(items: readonly T[]) => T} pick
 * @property {(digits: number) => string} hex
 * @property {() => string} uuid                 RFC 4122 version-4 shaped, from this generator
 */

/** FNV-1a over the key: turns (seed, stream, index) into a 32-bit mulberry32 state. */
function hashKey(/** @type {string} */ key) {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * @param {{ seed: number, stream: string, index: number }} params
 * @returns {Rng}
 */
export function rngFor({ seed, stream, index }) {
  let state = hashKey(`${seed}/${stream}/${index}`);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (/** @type {number} */ min, /** @type {number} */ max) => min + Math.floor(next() * (max - min + 1));
  const hex = (/** @type {number} */ digits) =>
    Array.from({ length: digits }, () => "0123456789abcdef"[int(0, 15)]).join("");
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("rng.pick: empty list");
      return /** @type {any} */ (items[Math.floor(next() * items.length)]);
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}
