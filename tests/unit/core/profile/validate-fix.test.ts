// Every invalid field gives its own issue (path, _locales key, substitutions, suggested fix), and
// "Fix invalid settings" repairs it to that suggestion while leaving every other field alone.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fixProfile, validateProfile, type Profile, type ProfileIssueKey } from "../../../../src/core/profile/index";
import { getAt, pathKeys, setAt } from "../../../../src/core/profile/paths";
import { profileArb, sample } from "./helpers";

interface Case {
  name: string;
  path: string;
  value: unknown;
  key: ProfileIssueKey;
  fix: unknown;
  substitutions?: string[];
  /** Where the issue and its fix apply, when not at `path` (a whole variant, a list). */
  at?: string;
  base?: Profile;
}

const contacts = sample({ kind: "contacts", sync: { ...sample().sync, timeRange: { kind: "off" } } });
const withCategory = sample({ categoryFilter: { kind: "category", name: "Easy Project", includeUncategorized: false, invert: false, sticky: true } });
const withMappings = sample({ mapping: { ...sample().mapping, customProperties: [{ local: "X-A", server: "X-B" }] } });

const CASES: Case[] = [
  { name: "id with spaces", path: "id", value: "my id", key: "profileErrorId", fix: "my-id" },
  { name: "empty name", path: "name", value: "  ", key: "profileErrorName", fix: "Meetings" },
  { name: "name too long", path: "name", value: "x".repeat(250), key: "profileErrorName", fix: "x".repeat(200) },
  { name: "enabled as text", path: "enabled", value: "true", key: "profileErrorBoolean", fix: true, substitutions: ["enabled"] },
  { name: "unknown kind", path: "kind", value: "notes", key: "profileErrorKind", fix: "events" },
  { name: "unknown local choice", path: "local", value: { kind: "folder" }, at: "local", key: "profileErrorLocalKind", fix: { kind: "create", name: "Meetings", color: "#3a87ad" } },
  { name: "empty local folder id", path: "local", value: { kind: "existing", id: "" }, at: "local", key: "profileErrorLocalId", fix: { kind: "create", name: "Meetings", color: "#3a87ad" } },
  { name: "short local color", path: "local.color", value: "#ABC", key: "profileErrorLocalColor", fix: "#aabbcc" },
  { name: "URL without scheme", path: "server.url", value: "cloud.example.com/dav/", key: "profileErrorUrl", fix: "https://cloud.example.com/dav/" },
  { name: "webcal URL", path: "server.url", value: "webcal://cloud.example.com/cal.ics", key: "profileErrorUrl", fix: "https://cloud.example.com/cal.ics" },
  { name: "password in URL", path: "server.url", value: "https://jana:secret@cloud.example.com/dav/", key: "profileErrorUrlPassword", fix: "https://jana@cloud.example.com/dav/" },
  { name: "user name with a newline", path: "server.username", value: "jana\n", key: "profileErrorUsername", fix: "jana" },
  { name: "credential ref not text", path: "server.credentialRef", value: 5, key: "profileErrorCredentialRef", fix: "" },
  { name: "preset in capitals", path: "server.preset", value: "EasyProject", key: "profileErrorPreset", fix: "easyproject" },
  { name: "unknown sync mode", path: "sync.mode", value: "mirror", key: "profileErrorSyncMode", fix: "two-way" },
  { name: "unknown conflict rule", path: "sync.conflict", value: "ask", key: "profileErrorConflictRule", fix: "automatic" },
  { name: "negative deletions", path: "sync.safety.maxDeletions", value: -1, key: "profileErrorMaxDeletions", fix: 0, substitutions: ["0", "1000000"] },
  { name: "percent over 100", path: "sync.safety.maxDeletionPercent", value: 150, key: "profileErrorMaxDeletionPercent", fix: 100, substitutions: ["0", "100"] },
  { name: "unknown time range", path: "sync.timeRange", value: { kind: "month" }, key: "profileErrorTimeRangeKind", fix: { kind: "window", daysPast: 60, daysFuture: 365 } },
  { name: "fractional days past", path: "sync.timeRange.daysPast", value: 7.4, key: "profileErrorDaysPast", fix: 7, substitutions: ["0", "36500"] },
  { name: "days future as text", path: "sync.timeRange.daysFuture", value: "180", key: "profileErrorDaysFuture", fix: 365, substitutions: ["0", "36500"] },
  { name: "unknown interval", path: "schedule.interval", value: { kind: "hourly" }, key: "profileErrorIntervalKind", fix: { kind: "minutes", minutes: 30 } },
  { name: "zero minutes", path: "schedule.interval.minutes", value: 0, key: "profileErrorIntervalMinutes", fix: 1, substitutions: ["1", "10080"] },
  { name: "huge debounce", path: "schedule.onChange.debounceSeconds", value: 1e9, key: "profileErrorDebounceSeconds", fix: 3600, substitutions: ["1", "3600"] },
  { name: "on startup missing", path: "schedule.onStartup", value: undefined, key: "profileErrorMissing", fix: true, substitutions: ["schedule.onStartup"] },
  { name: "unknown category filter", path: "categoryFilter", value: { kind: "tag" }, key: "profileErrorCategoryFilterKind", fix: { kind: "off" } },
  { name: "empty category", path: "categoryFilter.name", value: "", at: "categoryFilter", key: "profileErrorCategoryEmpty", fix: { kind: "off" }, base: withCategory },
  { name: "category with ; and ,", path: "categoryFilter.name", value: "Work; Home,Team", key: "profileErrorCategoryChars", fix: "Work Home Team", base: withCategory },
  { name: "category flag as number", path: "categoryFilter.invert", value: 1, key: "profileErrorBoolean", fix: true, substitutions: ["categoryFilter.invert"], base: withCategory },
  { name: "unknown color sync", path: "color", value: "sync", key: "profileErrorColorSync", fix: "off" },
  { name: "unknown reminders", path: "mapping.reminders", value: "some", key: "profileErrorReminders", fix: "upcoming" },
  { name: "privacy flag missing", path: "mapping.privacy.publicToPrivate", value: undefined, key: "profileErrorMissing", fix: false, substitutions: ["mapping.privacy.publicToPrivate"] },
  { name: "time zone with spaces", path: "mapping.timeZones.defaultZone", value: "Central Europe", key: "profileErrorDefaultZone", fix: "" },
  { name: "local property with a space", path: "mapping.customProperties.0.local", value: "My Prop", key: "profileErrorCustomPropertyLocal", fix: "My-Prop", base: withMappings },
  { name: "server property without X-", path: "mapping.customProperties.0.server", value: "COST", key: "profileErrorCustomPropertyServer", fix: "X-COST", base: withMappings },
  { name: "mapping with no usable name", path: "mapping.customProperties.0.local", value: "!!", at: "mapping.customProperties", key: "profileErrorCustomPropertyLocal", fix: [], base: withMappings },
  { name: "timeout below 10 s", path: "network.timeoutSeconds", value: 1, key: "profileErrorTimeout", fix: 10, substitutions: ["10", "3600"] },
  { name: "unknown chunking", path: "network.chunking", value: { kind: "all" }, key: "profileErrorChunkingKind", fix: { kind: "chunks", size: 100 } },
  { name: "chunk size 0", path: "network.chunking.size", value: 0, key: "profileErrorChunkSize", fix: 1, substitutions: ["1", "10000"] },
  { name: "network not an object", path: "network", value: "fast", key: "profileErrorInvalidValue", fix: { timeoutSeconds: 90, closeConnectionAfterEachRequest: false, chunking: { kind: "chunks", size: 100 } }, substitutions: ["network"] },
  { name: "managed missing", path: "managed", value: undefined, key: "profileErrorMissing", fix: false, substitutions: ["managed"] },
  { name: "contacts with a time window", path: "sync.timeRange", value: { kind: "window", daysPast: 7, daysFuture: 180 }, key: "profileErrorTimeRangeContacts", fix: { kind: "off" }, base: contacts },
  { name: "contacts with color sync", path: "color", value: "fetch", key: "profileErrorColorContacts", fix: "off", base: contacts },
];

/** The profile with `value` at `path`; undefined deletes the key (JSON has no undefined). */
function broken(c: Case): unknown {
  const root = setAt({ root: c.base ?? sample(), path: pathKeys(c.path), value: c.value });
  if (c.value !== undefined) return root;
  const keys = pathKeys(c.path);
  const parent = getAt({ root, path: keys.slice(0, -1) }) as Record<string, unknown>;
  delete parent[String(keys.at(-1))];
  return root;
}

describe("validateProfile", () => {
  test.each(CASES)("$name → $key", (c) => {
    const result = validateProfile({ input: broken(c) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ path: c.at ?? c.path, messageKey: c.key, substitutions: c.substitutions ?? [], fix: c.fix });
  });

  test("a valid profile comes back without unknown keys (a stray password never survives)", () => {
    const input = { ...sample(), server: { ...sample().server, password: "secret" }, extra: 1 };
    const result = validateProfile({ input });
    expect(result).toEqual({ ok: true, profile: sample() });
  });

  test("something that is not an object is one issue at the root", () => {
    const result = validateProfile({ input: "profile" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => [i.path, i.messageKey])).toEqual([["", "profileErrorNotObject"]]);
  });

  test("an unusable URL has an issue but no suggestion: only the user can supply it", () => {
    const result = validateProfile({ input: broken({ name: "", path: "server.url", value: "not a url at all", key: "profileErrorUrl", fix: undefined }) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([{ path: "server.url", messageKey: "profileErrorUrl", substitutions: [] }]);
  });
});

describe("fixProfile", () => {
  test.each(CASES)("repairs $name", (c) => {
    const result = fixProfile({ input: broken(c) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(getAt({ root: result.profile, path: pathKeys(c.at ?? c.path) })).toEqual(c.fix);
    expect(result.changes.map((ch) => [ch.path, ch.messageKey])).toContainEqual([c.at ?? c.path, c.key]);
    expect(validateProfile({ input: result.profile }).ok).toBe(true);
  });

  test("a valid profile is returned unchanged with no changes", () => {
    expect(fixProfile({ input: sample() })).toEqual({ ok: true, profile: sample(), changes: [] });
  });

  test("many broken fields are all repaired in one call, the rest kept", () => {
    const input = { ...sample({ name: "Keep me" }), schedule: 7, sync: { ...sample().sync, timeRange: { kind: "window", daysPast: -3 } }, color: 1 };
    const result = fixProfile({ input });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profile.name).toBe("Keep me");
    expect(result.profile.schedule).toEqual(sample().schedule);
    expect(result.profile.sync.timeRange).toEqual({ kind: "window", daysPast: 0, daysFuture: 365 });
    expect(result.profile.color).toBe("off");
  });

  test("a missing id is made by the caller's makeId, once", () => {
    const { id: _id, ...rest } = sample();
    let calls = 0;
    const result = fixProfile({ input: { ...rest, name: 5 }, makeId: () => `new-${++calls}` });
    expect(result.ok && result.profile.id).toBe("new-1");
  });

  test("without makeId the id is derived from the content, so fixing twice gives the same id", () => {
    const { id: _id, ...rest } = sample();
    const a = fixProfile({ input: rest });
    const b = fixProfile({ input: rest });
    expect(a.ok && b.ok && a.profile.id === b.profile.id).toBe(true);
  });

  test("an Easy Project profile's missing window comes back as 7 / 180", () => {
    const input = setAt({ root: sample({ server: { ...sample().server, preset: "easyproject" } }), path: ["sync", "timeRange"], value: undefined });
    const result = fixProfile({ input });
    expect(result.ok && result.profile.sync.timeRange).toEqual({ kind: "window", daysPast: 7, daysFuture: 180 });
  });

  test("without a usable URL it stops with that issue and a draft fixed as far as possible", () => {
    const result = fixProfile({ input: { name: "Half", server: { url: "???" } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.remaining.map((i) => i.messageKey)).toEqual(["profileErrorUrl"]);
    const retry = fixProfile({ input: setAt({ root: result.draft, path: ["server", "url"], value: "https://dav.example.com/cal/" }) });
    expect(retry.ok && retry.profile.name).toBe("Half");
  });

  test("never throws, and whatever it calls valid is valid (any input)", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = fixProfile({ input });
        if (result.ok) expect(validateProfile({ input: result.profile }).ok).toBe(true);
      }),
    );
  });

  test("one field of a valid profile replaced by anything is always repaired", () => {
    const leafPaths = (value: unknown, prefix: string[] = []): string[][] =>
      typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...leafPaths(v, [...prefix, k])])
        : [];
    fc.assert(
      fc.property(profileArb, fc.nat(), fc.anything(), (profile, pick, junk) => {
        const paths = leafPaths(profile).filter((p) => p.join(".") !== "server.url" && p.join(".") !== "server");
        const path = paths[pick % paths.length] ?? ["name"];
        const result = fixProfile({ input: setAt({ root: profile, path, value: junk }) });
        expect(result.ok).toBe(true);
        if (result.ok) expect(validateProfile({ input: result.profile }).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
