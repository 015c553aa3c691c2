// Property-based tests (fast-check) of applyMapping: to-local then to-server is the identity on
// the server text's hash; a Thunderbird edit patched back never takes the server's alarms or
// CLASS along with it (the reverse direction of the alarm filter); bad input only ever throws
// ItemParseError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMapping, contentHash, ItemParseError, patchItem, type MappingProfile } from "../../../../src/ical";
import { newProfile } from "../../../../src/core/profile";
import { fixture, insertAfter, replaceLine, unfoldLines } from "../helpers";

const SERVER_TEXTS = [
  "event-weekly-prague-server.ics", "event-weekly-prague.ics", "todo-due-completed.ics", "mapping/czech-categories.ics",
  "mapping/uncategorized.ics", "mapping/override-only-category.ics", "mapping/series-count-alarm.ics",
  "mapping/endless-series-alarm.ics", "mapping/todo-due-alarm.ics", "mapping/floating-alarm.ics", "mapping/custom-properties.ics",
].map(fixture);
const NOW_RANGE = { min: Date.parse("2019-01-01T00:00:00Z"), max: Date.parse("2027-01-01T00:00:00Z") };

const escape = (s: string): string => s.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\n/g, "\\n");
const czechCategory = fc.constantFrom("Schůzky", "Porada, týmová", "Účetnictví", "Práce; osobní", "Řízení projektů");
const firstItem = /^BEGIN:(VEVENT|VTODO)$/;

/** A server text: a fixture plus Czech categories (escaped), a CLASS and an X-EASY- property. */
const serverText = fc
  .record({
    base: fc.constantFrom(...SERVER_TEXTS),
    categories: fc.array(czechCategory, { maxLength: 3 }),
    klass: fc.constantFrom(null, "PUBLIC", "PRIVATE", "CONFIDENTIAL"),
    custom: fc.boolean(),
  })
  .map(({ base, categories, klass, custom }) => {
    let lines = unfoldLines(base).filter((l) => !(klass && l.startsWith("CLASS:")));
    const extra = [
      ...(categories.length ? [`CATEGORIES:${categories.map(escape).join(",")}`] : []),
      ...(klass ? [`CLASS:${klass}`] : []),
      ...(custom ? ["X-EASY-PROJECT;X-EASY-ID=7:Migrace\\, fáze 2"] : []),
    ];
    const i = lines.findIndex((l) => firstItem.test(l));
    lines = [...lines.slice(0, i + 1), ...extra, ...lines.slice(i + 1)];
    return lines.join("\r\n") + "\r\n";
  });

const mappingProfile: fc.Arbitrary<MappingProfile> = fc.record({
  categoryFilter: fc.oneof(
    fc.constant({ kind: "off" as const }),
    fc.record({ kind: fc.constant("category" as const), name: fc.constantFrom("Easy Project", "Schůzky EP"), includeUncategorized: fc.boolean(), invert: fc.boolean(), sticky: fc.boolean() }),
  ),
  mapping: fc.record({
    reminders: fc.constantFrom("all" as const, "upcoming" as const, "none" as const),
    privacy: fc.record({ privateToConfidential: fc.boolean(), confidentialToPrivate: fc.boolean(), publicToPrivate: fc.boolean(), publicToNoClass: fc.boolean() }),
    customProperties: fc.constantFrom([], [{ local: "X-MOZ-EASY-PROJECT", server: "X-EASY-PROJECT" }]),
  }),
});

const hash = (text: string): string => contentHash({ text });
const alarms = (text: string): string[] => unfoldLines(text).filter((l) => l.startsWith("TRIGGER")).sort();
const classes = (text: string): string[] => unfoldLines(text).filter((l) => l.startsWith("CLASS")).sort();

describe("applyMapping properties", () => {
  it("with the new-profile defaults, to-local then to-server keeps the server text's hash (alarms still ahead)", () => {
    const defaults = newProfile({ id: "p", kind: "events", name: "Kalendář", url: "https://example.cz/dav/" });
    fc.assert(
      fc.property(serverText, (text) => {
        const local = applyMapping({ text, profile: defaults, direction: "to-local", now: NOW_RANGE.min });
        expect(hash(applyMapping({ text: local, profile: defaults, direction: "to-server" }))).toBe(hash(text));
      }),
    );
  });

  it("with any lossless options (category filter, custom properties, all reminders), the round trip keeps the hash", () => {
    const lossless = mappingProfile.map((p) => ({ ...p, mapping: { ...p.mapping, reminders: "all" as const, privacy: { privateToConfidential: false, confidentialToPrivate: false, publicToPrivate: false, publicToNoClass: false } } }));
    fc.assert(
      fc.property(serverText, lossless, (text, profile) => {
        const local = applyMapping({ text, profile, direction: "to-local", now: 0 });
        expect(hash(applyMapping({ text: local, profile, direction: "to-server" }))).toBe(hash(text));
      }),
    );
  });

  it("a Thunderbird edit patched back changes only what was edited: filtered alarms and mapped CLASS survive on the server", () => {
    fc.assert(
      fc.property(serverText, mappingProfile, fc.integer(NOW_RANGE), fc.string({ minLength: 1, maxLength: 20 }), (server, profile, now, title) => {
        const local = applyMapping({ text: server, profile, direction: "to-local", now });
        const edited = replaceLine({ text: local, prefix: "SUMMARY", line: `SUMMARY:${escape(title)}` });
        // Both versions go through to-server before the diff, as README.md asks of the runner.
        const before = applyMapping({ text: local, profile, direction: "to-server" });
        const after = applyMapping({ text: edited, profile, direction: "to-server" });
        const patched = patchItem({ target: server, before, after });
        expect(alarms(patched)).toEqual(alarms(server));
        expect(classes(patched)).toEqual(classes(server));
        expect(hash(patched)).toBe(hash(replaceLine({ text: server, prefix: "SUMMARY", line: `SUMMARY:${escape(title)}` })));
      }),
    );
  });

  it("an alarm the user adds in Thunderbird reaches the server", () => {
    const server = fixture("mapping/uncategorized.ics");
    const profile = { ...newProfile({ id: "p", kind: "events", name: "K", url: "https://example.cz/" }), mapping: { ...newProfile({ id: "p", kind: "events", name: "K", url: "https://example.cz/" }).mapping, reminders: "none" as const } };
    const local = applyMapping({ text: server, profile, direction: "to-local", now: 0 });
    const edited = insertAfter({ text: local, prefix: "SUMMARY", line: "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nEND:VALARM" });
    const patched = patchItem({ target: server, before: applyMapping({ text: local, profile, direction: "to-server" }), after: applyMapping({ text: edited, profile, direction: "to-server" }) });
    expect(alarms(patched)).toEqual(["TRIGGER:-PT5M"]);
  });

  it("is total: any text either maps or throws ItemParseError", () => {
    const noise = fc.oneof(
      fc.string(),
      fc.constantFrom(...SERVER_TEXTS).chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
      fc.constantFrom(...SERVER_TEXTS).chain((t) => fc.tuple(fc.nat(t.length), fc.string({ maxLength: 8 })).map(([n, s]) => t.slice(0, n) + s + t.slice(n))),
    );
    fc.assert(
      fc.property(noise, mappingProfile, fc.constantFrom("to-local" as const, "to-server" as const), (text, profile, direction) => {
        try {
          expect(typeof applyMapping({ text, profile, direction, now: NOW_RANGE.min })).toBe("string");
        } catch (error) {
          expect(error).toBeInstanceOf(ItemParseError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
