// Our own profile file: versioned JSON, no passwords, managed profiles left out; importing merges
// by id (update in place, append new, never regenerate) and reports what it did and refused.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportProfiles,
  findDuplicateProfiles,
  importProfiles,
  type Profile,
} from "../../../../src/core/profile/index";
import { fixture, profileArb, sample } from "./helpers";

const a = sample({ id: "a", name: "Meetings" });
const b = sample({ id: "b", name: "To-dos", kind: "tasks", server: { ...sample().server, url: "https://acme.easyproject.cz/caldav/calendars/jana/todos/" } });
const managed = sample({ id: "m", name: "Company calendar", managed: true, server: { ...sample().server, url: "https://acme.easyproject.cz/caldav/calendars/company/" } });

function fileWith(profiles: unknown[], version: unknown = EXPORT_VERSION): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version, profiles });
}

describe("exportProfiles", () => {
  test("writes a versioned envelope with the profiles as they are", () => {
    const { text, skipped } = exportProfiles({ profiles: [a, b] });
    expect(JSON.parse(text)).toEqual({ format: EXPORT_FORMAT, version: 1, profiles: [a, b] });
    expect(skipped).toEqual([]);
  });

  test("leaves out administrator-managed profiles and says so", () => {
    const { text, skipped } = exportProfiles({ profiles: [a, managed] });
    expect(JSON.parse(text).profiles).toEqual([a]);
    expect(skipped).toEqual([{ id: "m", reason: "managed" }]);
  });

  test("never writes anything the model does not know, such as a password attached at runtime", () => {
    const leaky = { ...a, server: { ...a.server, password: "secret" } } as Profile;
    const { text } = exportProfiles({ profiles: [leaky] });
    expect(text).not.toContain("secret");
    expect(text).not.toMatch(/password/i);
  });

  test("the version-1 file in fixtures still imports (files written today must import forever)", () => {
    const result = importProfiles({ existing: [], text: fixture("export-v1.json") });
    expect(result.ok && result.report).toEqual({ added: ["3f6c2a1e-8b4d-4f0a-9c7e-51d2b8a0e4f7", "b2e91d47-0c35-4a8e-a6f1-9d7c3e5b2a80"], updated: [], rejected: [] });
  });
});

describe("importProfiles merge rules", () => {
  test("same id updates in place, new id is appended, order kept", () => {
    const renamed = { ...a, name: "Meetings (new)" };
    const c = sample({ id: "c", name: "Other", local: { kind: "existing", id: "cal-9" } });
    const result = importProfiles({ existing: [a, b], text: fileWith([c, renamed]) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profiles.map((p) => [p.id, p.name])).toEqual([["a", "Meetings (new)"], ["b", "To-dos"], ["c", "Other"]]);
    expect(result.report).toEqual({ added: ["c"], updated: ["a"], rejected: [] });
  });

  test("ids are never regenerated", () => {
    const result = importProfiles({ existing: [], text: fileWith([{ ...a, id: "keep-this-id" }]) });
    expect(result.ok && result.profiles[0]?.id).toBe("keep-this-id");
  });

  test("an invalid profile is rejected with its issues; the others still import", () => {
    const result = importProfiles({ existing: [], text: fileWith([{ ...b, schedule: "often" }, a]) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.added).toEqual(["a"]);
    expect(result.report.rejected).toEqual([
      expect.objectContaining({ index: 0, id: "b", name: "To-dos", messageKey: "profileImportInvalid", substitutions: ["1", "To-dos"], issues: [expect.objectContaining({ path: "schedule" })] }),
    ]);
  });

  test("an id twice in the file: the first wins", () => {
    const result = importProfiles({ existing: [], text: fileWith([a, { ...a, name: "Second" }]) });
    expect(result.ok && result.profiles.map((p) => p.name)).toEqual(["Meetings"]);
    expect(result.ok && result.report.rejected[0]).toMatchObject({ index: 1, messageKey: "profileImportDuplicateId", substitutions: ["a"] });
  });

  test("an administrator's profile is never replaced by a file", () => {
    const result = importProfiles({ existing: [managed], text: fileWith([{ ...managed, managed: false, name: "Hijack" }]) });
    expect(result.ok && result.profiles).toEqual([managed]);
    expect(result.ok && result.report.rejected[0]).toMatchObject({ messageKey: "profileImportManagedLocked", substitutions: ["Company calendar"] });
  });

  test("a file cannot make a profile managed", () => {
    const result = importProfiles({ existing: [], text: fileWith([{ ...a, managed: true }]) });
    expect(result.ok && result.profiles[0]?.managed).toBe(false);
  });

  test("a profile duplicating another one's collection and folder is refused", () => {
    const onCal = { ...a, local: { kind: "existing" as const, id: "cal-1" } };
    const result = importProfiles({ existing: [onCal], text: fileWith([{ ...onCal, id: "other", name: "Copy" }]) });
    expect(result.ok && result.profiles).toEqual([onCal]);
    expect(result.ok && result.report.rejected[0]).toMatchObject({ messageKey: "profileImportDuplicate", substitutions: ["Copy", "Meetings"] });
  });
});

describe("importProfiles on broken input", () => {
  test.each([
    ["truncated JSON", '{"format": "caldav-synchronizer-thunderbird/profiles", "version": 1, "profiles": [', "profileImportNotJson"],
    ["empty text", "", "profileImportNotJson"],
    ["a .cdsp file", '<?xml version="1.0" encoding="utf-16"?>\r\n<ArrayOfOptions />', "profileImportLooksLikeCdsp"],
    ["JSON of another shape", '{"profiles": []}', "profileImportNotOurFormat"],
    ["a bare list", "[]", "profileImportNotOurFormat"],
    ["version 0", fileWith([], 0), "profileImportNotOurFormat"],
    ["version as text", fileWith([], "1"), "profileImportNotOurFormat"],
  ])("%s → %s", (_name, text, key) => {
    const result = importProfiles({ existing: [a], text });
    expect(result).toMatchObject({ ok: false, error: { messageKey: key } });
  });

  test("a newer version names both versions", () => {
    expect(importProfiles({ existing: [], text: fileWith([], 2) })).toEqual({ ok: false, error: { messageKey: "profileImportNewerVersion", substitutions: ["2", "1"] } });
  });

  test("a byte-order mark is fine", () => {
    expect(importProfiles({ existing: [], text: `\uFEFF${fileWith([a])}` }).ok).toBe(true);
  });

  test("the parser's own message is passed on for the details", () => {
    const result = importProfiles({ existing: [], text: "{nope" });
    expect(result.ok === false && result.error.substitutions[0]).toMatch(/JSON|property|token/i);
  });
});

describe("export → import round trip (property)", () => {
  const listArb = fc
    .uniqueArray(profileArb, { selector: (p) => p.id, maxLength: 6 })
    .filter((list) => findDuplicateProfiles({ profiles: list }).length === 0);

  test("any exported list re-imports into an empty list equal, all added", () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const exported = list.filter((p) => !p.managed);
        const result = importProfiles({ existing: [], text: exportProfiles({ profiles: list }).text });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.profiles).toEqual(exported);
        expect(result.report).toEqual({ added: exported.map((p) => p.id), updated: [], rejected: [] });
      }),
    );
  });

  test("re-importing into the same list changes nothing and reports every profile updated", () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const mine = list.filter((p) => !p.managed);
        const result = importProfiles({ existing: mine, text: exportProfiles({ profiles: mine }).text });
        expect(result.ok && result.profiles).toEqual(mine);
        expect(result.ok && result.report.updated).toEqual(mine.map((p) => p.id));
      }),
    );
  });
});
