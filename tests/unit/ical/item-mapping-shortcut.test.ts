// itemMapping skips the parse for texts its options cannot change (only reminders mapped: no VALARM
// on the way in, nothing on the way out). The shortcut must give exactly what applyMapping gives.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newProfile } from "../../../src/core/profile/defaults";
import { applyMapping, itemMapping } from "../../../src/ical";

const dir = join(import.meta.dirname, "../../fixtures/corpus/ics");
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith(".ics"))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), "utf8") }));
const now = Date.UTC(2026, 0, 5);

describe("itemMapping shortcut", () => {
  for (const reminders of ["all", "upcoming", "none"] as const) {
    it(`equals applyMapping for every corpus item (reminders: ${reminders})`, () => {
      const profile = newProfile({ id: "p", kind: "events", name: "p", url: "https://x.example/" });
      profile.mapping.reminders = reminders;
      const mapping = itemMapping({ profile, now });
      for (const { file, text } of corpus) {
        const expected = (direction: "to-local" | "to-server") => {
          try {
            return applyMapping({ text, profile, direction, now });
          } catch {
            return text; // what the runners fall back to for text that is not one item
          }
        };
        const actual = (fn: (t: string) => string) => {
          try {
            return fn(text);
          } catch {
            return text;
          }
        };
        expect(actual(mapping.toLocal), `${file} to-local`).toBe(expected("to-local"));
        expect(actual(mapping.toServer), `${file} to-server`).toBe(expected("to-server"));
      }
    });
  }
});
