// Every item file of the bad-input corpus through the mapping layer: parseItem / itemIdentity /
// contentHash either accept it or throw ItemParseError (never another error), exactly as the corpus
// expects — what expected.json says is "reported" in the folder is refused here, the rest is read.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { contentHash, itemIdentity, ItemParseError, parseItem } from "../../../src/ical";
import { createInspector } from "../../../src/cli/inspect";

const DIR = resolve(import.meta.dirname, "../../fixtures/bad-input");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, { outcome: string }>;
const files = readdirSync(DIR).filter((n) => /\.(ics|vcf)$/.test(n));
// The folder reads files as UTF-8 and drops a byte-order mark (VdirStore).
const text = (name: string) => readFileSync(join(DIR, name), "utf8").replace(/^\uFEFF/, "");

describe("bad-input items in the mapping layer", () => {
  it.each(files)("%s: read, or refused with ItemParseError only", (name) => {
    const key = Object.keys(expected).find((k) => k.endsWith(" @ folder") && k.split(" @ ")[0]!.split(" + ").includes(name));
    const reported = expected[key ?? ""]?.outcome === "reported";
    let thrown: unknown;
    try {
      parseItem({ text: text(name) });
      itemIdentity({ text: text(name) });
      contentHash({ text: text(name) });
    } catch (e) {
      thrown = e;
    }
    if (thrown !== undefined) expect(thrown).toBeInstanceOf(ItemParseError);
    // Two files with one UID each parse fine: the duplicate is the planner's finding, not the parser's.
    const duplicatePair = name.startsWith("ics-duplicate-uid-");
    expect(thrown !== undefined, String(thrown)).toBe(reported && !duplicatePair);
  });

  it("the CLI's inspector never throws: unreadable content is listed without a UID, with the reason", () => {
    const reasons: string[] = [];
    const inspect = createInspector({ withSpan: true, onUnreadable: ({ error }) => reasons.push(error) });
    for (const name of files) expect(() => inspect({ text: text(name) })).not.toThrow();
    expect(reasons.length).toBeGreaterThanOrEqual(15);
    expect(reasons).toContain("VEVENT without UID (line 4)");
  });

  it("a 5 MB description and a 2 MB photo are read, hashed and identified", () => {
    const big = readFileSync(join(DIR, "ics-no-uid.ics"), "utf8").replace("BEGIN:VEVENT", `BEGIN:VEVENT\r\nUID:big\r\nDESCRIPTION:${"x".repeat(5 * 1024 * 1024)}`);
    expect(itemIdentity({ text: big }).uid).toBe("big");
    const photo = ["BEGIN:VCARD", "VERSION:3.0", "UID:photo", "FN:P", `PHOTO;ENCODING=b;TYPE=JPEG:${Buffer.alloc(1_572_864, 1).toString("base64")}`, "END:VCARD", ""].join("\r\n");
    expect(contentHash({ text: photo })).toMatch(/^[0-9a-f]{16}$/);
  });
});
