// Property-based tests (fast-check): the hash ignores presentation, and patching the source's own
// old text reproduces the source's new content exactly (hash of patch(before → after) = hash(after)).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ItemParseError, contentHash, itemIdentity, mergeFields, parseItem, patchItem, serializeComponent } from "../../../src/ical";
import { fixture, refold, unfoldLines } from "./helpers";

const FIXTURES = ["event-weekly-prague.ics", "event-weekly-prague-server.ics", "todo-due-completed.ics", "contact-v3.vcf", "contact-v4.vcf"];
const texts = FIXTURES.map(fixture);
const hash = (text: string): string => contentHash({ text });

/** Reorders the properties inside every component by the given sort keys (used cyclically). */
function shuffleProperties(params: { text: string; keys: number[] }): string {
  let n = 0;
  const key = (): number => params.keys[n++ % params.keys.length] ?? 0;
  const out: string[] = [];
  let run: { line: string; k: number }[] = [];
  const flush = (): void => {
    out.push(...run.sort((a, b) => a.k - b.k).map((r) => r.line));
    run = [];
  };
  for (const line of unfoldLines(params.text)) {
    if (/^(BEGIN|END):/i.test(line)) {
      flush();
      out.push(line);
    } else run.push({ line, k: key() });
  }
  flush();
  return out.join("\r\n") + "\r\n";
}

const escapeText = (s: string): string => s.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\n/g, "\\n");
const text = fc.string({ unit: fc.constantFrom("a", "Z", "č", "ů", " ", ",", ";", "\\", "\n", ":", '"', "📅"), minLength: 1, maxLength: 30 });

type Edit = (t: string) => string;
const lineEdit = (f: (lines: string[]) => string[]): Edit => (t) => f(unfoldLines(t)).join("\r\n") + "\r\n";
/** Inserts `line` into the first item component (VEVENT / VTODO / VCARD). */
const addToItem = (line: string): Edit => lineEdit((ls) => {
  const i = ls.findIndex((l) => /^BEGIN:(VEVENT|VTODO|VCARD)$/.test(l));
  return [...ls.slice(0, i + 1), line, ...ls.slice(i + 1)];
});
const PROTECTED = /^(BEGIN|END|UID|RECURRENCE-ID|VERSION|TZID)[:;]/;

const edit: fc.Arbitrary<Edit> = fc.oneof(
  text.map((s): Edit => (t) => t.replace(/^(SUMMARY|FN)(;[^:\n]*)?:.*$/m, (_m, name: string) => `${name}:${escapeText(s)}`)),
  text.map((s) => addToItem(`CATEGORIES:${escapeText(s)}`)),
  fc.tuple(text, text).map(([p, v]) => addToItem(`X-TEST;X-P="${p.replace(/["\n]/g, "")}":${escapeText(v)}`)),
  fc.integer({ min: 1, max: 28 }).map((d) => addToItem(`EXDATE;TZID=Europe/Prague:202604${String(d).padStart(2, "0")}T090000`)),
  fc.constantFrom("ACCEPTED", "DECLINED", "TENTATIVE").map((s): Edit => (t) => t.replace(/PARTSTAT=[A-Z-]+/, `PARTSTAT=${s}`)),
  text.map((s) => addToItem(`EMAIL;TYPE=work:${s.replace(/[\s\\;,:"]/g, "x")}@example.cz`)),
  fc.nat().map((n) => lineEdit((ls) => {
    const removable = ls.map((l, i) => (PROTECTED.test(l) ? -1 : i)).filter((i) => i >= 0);
    const drop = removable[n % removable.length];
    return ls.filter((_l, i) => i !== drop);
  })),
);

describe("properties", () => {
  it("the hash is invariant under refolding and line ends", () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.integer({ min: 1, max: 90 }), fc.constantFrom("\r\n", "\n"), (t, width, eol) => {
        expect(hash(refold({ text: t, width, eol }))).toBe(hash(t));
      }),
    );
  });

  it("the hash is invariant under property reordering", () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.integer(), { minLength: 1, maxLength: 50 }), (t, keys) => {
        expect(hash(shuffleProperties({ text: t, keys }))).toBe(hash(t));
      }),
    );
  });

  it("serializing the parsed tree keeps the hash", () => {
    for (const t of texts) expect(hash(serializeComponent({ comp: parseItem({ text: t }).root }))).toBe(hash(t));
  });

  it("patchItem(target = before, before, after) hashes like after", () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 5 }), (before, edits) => {
        const after = edits.reduce((t, e) => e(t), before);
        expect(hash(patchItem({ target: before, before, after }))).toBe(hash(after));
      }),
      { numRuns: 300 },
    );
  });

  it("a merge where only one side changed gives that side's content, whoever is preferred", () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.constantFrom("local", "remote") as fc.Arbitrary<"local" | "remote">, (base, edits, prefer) => {
        const changed = edits.reduce((t, e) => e(t), base);
        expect(mergeFields({ base, local: changed, remote: base, prefer }).hash).toBe(hash(changed));
        expect(mergeFields({ base, local: base, remote: changed, prefer }).hash).toBe(hash(changed));
      }),
      { numRuns: 150 },
    );
  });

  it("damaged input gives a result or an ItemParseError, never another exception", () => {
    const damage = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom("", ":", ";", '"', ",", "\\", "\n", "\n ", "=", "BEGIN:VEVENT\n", "END:VCARD\n", "T", "Z", "9")), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.constantFrom(...texts), damage, (t, cuts) => {
        const broken = cuts.reduce((acc, [at, len, insert]) => {
          const i = at % (acc.length + 1);
          return acc.slice(0, i) + insert + acc.slice(i + len);
        }, t);
        for (const run of [() => contentHash({ text: broken }), () => itemIdentity({ text: broken }), () => patchItem({ target: t, before: t, after: broken })]) {
          try {
            run();
          } catch (e) {
            expect(e).toBeInstanceOf(ItemParseError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
