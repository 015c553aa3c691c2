// parseContentLine's grammar at its edges: groups, case of names, bare vCard 2.1 parameters,
// quoted and caret-encoded parameter values, empty values, and the errors for broken lines.
import { describe, expect, it } from "vitest";
import { parseContentLine } from "../../../src/ical/content-line";
import { ItemParseError } from "../../../src/ical/errors";

const parse = (text: string) => parseContentLine({ text, line: 3 });
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ItemParseError);
    return (e as Error).message;
  }
  throw new Error(`${text} parsed`);
};

describe("parseContentLine", () => {
  it("reads a group, upper-cases names, keeps the group as written", () => {
    expect(parse("item1.email;type=INTERNET:x@y")).toEqual({ group: "item1", name: "EMAIL", params: [{ name: "TYPE", values: ["INTERNET"] }], value: "x@y", line: 3 });
  });

  it("decodes quotes and carets, splits unquoted lists, keeps colons of the value", () => {
    expect(parse("X-a_b-1;x-Param=\"q;u:o,te\",plain,^^^n^'x:val:ue")).toEqual({
      group: undefined, name: "X-A_B-1", params: [{ name: "X-PARAM", values: ["q;u:o,te", "plain", "^\n\"x"] }], value: "val:ue", line: 3,
    });
  });

  it("reads bare parameters as TYPE and keeps empty values", () => {
    expect(parse("TEL;CELL;voice:+1").params).toEqual([{ name: "TYPE", values: ["CELL"] }, { name: "TYPE", values: ["VOICE"] }]);
    expect(parse("ATTENDEE;CN=;ROLE=,:v").params).toEqual([{ name: "CN", values: [""] }, { name: "ROLE", values: ["", ""] }]);
  });

  it("rejects broken lines with the same messages", () => {
    expect(failure("a.:x")).toBe('expected ":" after the name and parameters of A (line 3, A)');
    expect(failure("a.b.c:x")).toBe('expected ":" after the name and parameters of B (line 3, B)');
    expect(failure("N;:x")).toBe("bad parameter name (line 3, N)");
    expect(failure(";x:y")).toBe('not a content line: ";x:y" (line 3)');
    expect(failure("é:x")).toBe('not a content line: "é:x" (line 3)');
    expect(failure("A;B=\"unterminated:x")).toBe("unterminated quote in parameter B (line 3, A)");
    expect(failure("DTSTART;TZID=Europe/Prague")).toBe('expected ":" after the name and parameters of DTSTART (line 3, DTSTART)');
  });
});
