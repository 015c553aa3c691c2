// Test helpers for the profile model: fixtures by name (decoded as UTF-8 the way the options page
// reads a chosen file), a valid sample profile, and a fast-check arbitrary of valid profiles.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { newProfile, type Profile } from "../../../../src/core/profile/index";

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/profiles/${name}`, import.meta.url)));
}

export function fixture(name: string): string {
  return new TextDecoder("utf-8").decode(fixtureBytes(name));
}

export function sample(overrides: Partial<Profile> = {}): Profile {
  return {
    ...newProfile({ id: "p1", kind: "events", name: "Meetings", url: "https://acme.easyproject.cz/caldav/calendars/jana/meetings/", username: "jana" }),
    ...overrides,
  };
}

/** Any text a user could type: no control characters, not only spaces. */
const label = (max: number) =>
  fc.string({ unit: "grapheme", minLength: 1, maxLength: max }).filter((s) => /\S/.test(s) && !/[\u0000-\u001f\u007f]/.test(s));
const plain = (max: number) => fc.string({ unit: "grapheme", maxLength: max }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
const int = (min: number, max: number) => fc.integer({ min, max });

export const profileArb: fc.Arbitrary<Profile> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9._:@{}-]{1,40}$/),
    name: label(60),
    enabled: fc.boolean(),
    kind: fc.constantFrom("events", "tasks", "contacts" as const),
    local: fc.oneof(
      fc.record({ kind: fc.constant("existing" as const), id: fc.string({ minLength: 1, maxLength: 40 }) }),
      fc.record({ kind: fc.constant("create" as const), name: label(40), color: fc.stringMatching(/^#[0-9a-fA-F]{6}$/) }),
    ),
    server: fc.record({
      url: fc.webUrl({ withQueryParameters: true }).filter((u) => /^https?:\/\/[^@/]+\//.test(`${u}/`)),
      username: plain(30),
      credentialRef: plain(30),
      preset: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/),
      useMailAccountLogin: fc.boolean(),
    }),
    sync: fc.record({
      mode: fc.constantFrom("local-to-remote-replicate", "remote-to-local-replicate", "local-to-remote-merge", "remote-to-local-merge", "two-way" as const),
      conflict: fc.constantFrom("local-wins", "remote-wins", "automatic", "field-merge" as const),
      safety: fc.record({ maxDeletions: int(0, 1_000_000), maxDeletionPercent: int(0, 100) }),
      timeRange: fc.oneof(
        fc.constant({ kind: "off" as const }),
        fc.record({ kind: fc.constant("window" as const), daysPast: int(0, 36_500), daysFuture: int(0, 36_500) }),
      ),
    }),
    schedule: fc.record({
      interval: fc.oneof(fc.constant({ kind: "manual" as const }), fc.record({ kind: fc.constant("minutes" as const), minutes: int(1, 10_080) })),
      onChange: fc.record({ enabled: fc.boolean(), debounceSeconds: int(1, 3_600) }),
      onStartup: fc.boolean(),
    }),
    categoryFilter: fc.oneof(
      fc.constant({ kind: "off" as const }),
      fc.record({
        kind: fc.constant("category" as const),
        name: label(40).filter((s) => !/[,;]/.test(s)),
        includeUncategorized: fc.boolean(),
        invert: fc.boolean(),
        sticky: fc.boolean(),
      }),
    ),
    color: fc.constantFrom("off", "fetch", "set-on-server" as const),
    mapping: fc.record({
      reminders: fc.constantFrom("all", "upcoming", "none" as const),
      privacy: fc.record({ privateToConfidential: fc.boolean(), confidentialToPrivate: fc.boolean(), publicToPrivate: fc.boolean(), publicToNoClass: fc.boolean() }),
      htmlDescription: fc.record({ serverToLocal: fc.boolean(), localToServer: fc.boolean() }),
      timeZones: fc.record({ translateWindowsIds: fc.boolean(), defaultZone: fc.constantFrom("", "UTC", "Europe/Prague", "America/Argentina/Buenos_Aires", "Etc/GMT+1") }),
      customProperties: fc.array(
        fc.record({ local: fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), server: fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/) }),
        { maxLength: 3 },
      ),
    }),
    network: fc.record({
      timeoutSeconds: int(10, 3_600),
      closeConnectionAfterEachRequest: fc.boolean(),
      chunking: fc.oneof(fc.constant({ kind: "off" as const }), fc.record({ kind: fc.constant("chunks" as const), size: int(1, 10_000) })),
    }),
    managed: fc.boolean(),
  })
  // Address books have neither a time window nor a color to sync (schema.ts).
  .map((p): Profile => (p.kind === "contacts" ? { ...p, sync: { ...p.sync, timeRange: { kind: "off" } }, color: "off" } : p));
