// CLASS mapping (the Outlook plug-in's four flags, each direction) and the custom property
// renames (parameters kept, no chains, collisions skipped).
import { describe, expect, it } from "vitest";
import { mapPrivacy, renameCustomProperties } from "../../../../src/ical";
import type { PrivacyFlags } from "../../../../src/ical/mapping";
import { fixture, replaceLine, unfoldLines } from "../helpers";

const NONE: PrivacyFlags = { privateToConfidential: false, confidentialToPrivate: false, publicToPrivate: false, publicToNoClass: false };
const base = fixture("mapping/uncategorized.ics");
const withClass = (value: string | null): string =>
  value === null ? base : replaceLine({ text: base, prefix: "SUMMARY", line: `SUMMARY:Oběd s klientem\r\nCLASS:${value}` });
const classOf = (text: string): string | undefined => unfoldLines(text).find((l) => l.startsWith("CLASS:"))?.slice(6);

describe("mapPrivacy", () => {
  it.each([
    ["to-local", "confidentialToPrivate", "CONFIDENTIAL", "PRIVATE"],
    ["to-local", "confidentialToPrivate", "confidential", "PRIVATE"],
    ["to-local", "publicToPrivate", "PUBLIC", "PRIVATE"],
    ["to-local", "publicToPrivate", null, "PRIVATE"], // no CLASS means PUBLIC (RFC 5545)
    ["to-local", "publicToPrivate", "CONFIDENTIAL", "CONFIDENTIAL"],
    ["to-local", "privateToConfidential", "PRIVATE", "PRIVATE"], // a to-server flag does nothing here
    ["to-server", "privateToConfidential", "PRIVATE", "CONFIDENTIAL"],
    ["to-server", "publicToNoClass", "PUBLIC", undefined],
    ["to-server", "publicToNoClass", null, undefined],
    ["to-server", "confidentialToPrivate", "CONFIDENTIAL", "CONFIDENTIAL"],
    ["to-server", "privateToConfidential", "X-EASY-INTERNAL", "X-EASY-INTERNAL"],
  ] as const)("%s with %s: %s → %s", (direction, flag, given, expected) => {
    const out = mapPrivacy({ text: withClass(given), direction, flags: { ...NONE, [flag]: true } });
    expect(classOf(out)).toBe(expected);
  });

  it("changes nothing, byte for byte, when no flag is set", () => {
    const text = fixture("mapping/czech-categories.ics");
    expect(mapPrivacy({ text, direction: "to-local", flags: NONE })).toBe(text);
    expect(mapPrivacy({ text, direction: "to-server", flags: NONE })).toBe(text);
  });

  it("maps the overrides of a series as well", () => {
    const text = fixture("event-weekly-prague-server.ics").replace(/^(RECURRENCE-ID.*)$/gm, "$1\nCLASS:PRIVATE");
    const out = mapPrivacy({ text, direction: "to-server", flags: { ...NONE, privateToConfidential: true } });
    expect(unfoldLines(out).filter((l) => l.startsWith("CLASS:"))).toEqual(["CLASS:CONFIDENTIAL", "CLASS:CONFIDENTIAL", "CLASS:CONFIDENTIAL"]);
  });
});

describe("renameCustomProperties", () => {
  const text = fixture("mapping/custom-properties.ics");
  const rows = [
    { local: "X-MOZ-EASY-PROJECT", server: "X-EASY-PROJECT" },
    { local: "X-MOZ-EASY-PRIORITY", server: "X-EASY-PRIORITY" },
  ];

  it("renames server names to local ones, parameters and escaped value kept", () => {
    const lines = unfoldLines(renameCustomProperties({ text, rows, direction: "to-local" }));
    expect(lines).toContain("X-MOZ-EASY-PROJECT;X-EASY-ID=42;LANGUAGE=cs:Rozpočet\\, 2026");
    expect(lines).toContain("X-MOZ-EASY-PRIORITY:vysoká");
    expect(lines.some((l) => l.startsWith("X-EASY-"))).toBe(false);
  });

  it("renames back on the way to the server, giving the original text", () => {
    const local = renameCustomProperties({ text, rows, direction: "to-local" });
    expect(renameCustomProperties({ text: local, rows, direction: "to-server" })).toBe(text);
  });

  it("matches names case-insensitively and leaves unmapped properties alone", () => {
    const out = renameCustomProperties({ text, rows: [{ local: "x-moz-easy-project", server: "x-easy-project" }], direction: "to-local" });
    expect(unfoldLines(out)).toContain("X-EASY-PRIORITY:vysoká");
    expect(unfoldLines(out).some((l) => l.startsWith("X-MOZ-EASY-PROJECT;"))).toBe(true);
  });

  it("skips a rename onto a property that is already there", () => {
    const out = renameCustomProperties({ text, rows: [{ local: "X-EASY-PRIORITY", server: "X-EASY-PROJECT" }], direction: "to-local" });
    expect(out).toBe(text);
  });

  it("applies all rows at once: no chains", () => {
    const chain = [
      { local: "X-EASY-PRIORITY", server: "X-EASY-PROJECT" },
      { local: "X-MOZ-FAVORITE", server: "X-EASY-PRIORITY" },
    ];
    const lines = unfoldLines(renameCustomProperties({ text, rows: chain, direction: "to-local" }));
    // X-EASY-PROJECT → X-EASY-PRIORITY collides (still there when rows apply); X-EASY-PRIORITY → X-MOZ-FAVORITE collides too.
    expect(lines.filter((l) => l.startsWith("X-"))).toEqual(unfoldLines(text).filter((l) => l.startsWith("X-")));
  });
});
