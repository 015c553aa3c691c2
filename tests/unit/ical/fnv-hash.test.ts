// fnv1a64 walks UTF-16 text and hashes its UTF-8 bytes without building them: it must equal
// FNV-1a 64 over TextEncoder's bytes (BigInt reference) for any text, lone surrogates included —
// every stored status and cache holds these hashes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fnv1a64 } from "../../../src/ical/hash";

function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

describe("fnv1a64", () => {
  it("matches the reference on known texts", () => {
    for (const text of ["", "a", "Porada — čeština ☕", "😀 emoji", "\ud800 lone", "end \udfff", "BEGIN:VEVENT\r\nUID:x\r\n"]) {
      expect(fnv1a64({ text })).toBe(reference(text));
    }
    expect(fnv1a64({ text: "" })).toBe("cbf29ce484222325");
  });

  it("matches the reference on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => fnv1a64({ text }) === reference(text)),
      { numRuns: 500 },
    );
  });
});
