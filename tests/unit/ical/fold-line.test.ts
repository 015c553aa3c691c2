// foldLine cuts by UTF-8 length without building the line character by character: it must cut
// exactly where the straightforward code-point walk (the reference below) cuts, for any text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldLine } from "../../../src/ical/serialize";

function reference(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (octets + n > 75) {
      parts.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join("\r\n");
}

describe("foldLine", () => {
  it("folds Czech, emoji and long ASCII lines like the reference", () => {
    for (const line of ["", "SUMMARY:krátká", `DESCRIPTION:${"Žluťoučký kůň úpěl ďábelské ódy. ".repeat(8)}`, `X-EMOJI:${"😀".repeat(40)}`, `URL:https://easy.example/${"a".repeat(300)}`]) {
      expect(foldLine(line)).toBe(reference(line));
    }
  });

  it("cuts where the reference cuts, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (line) => foldLine(line) === reference(line)),
      { numRuns: 500 },
    );
  });
});
