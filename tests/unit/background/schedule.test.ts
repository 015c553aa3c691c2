// Scheduling decisions: alarms per profile interval, and which triggers may run a profile —
// above all, no automatic retries after the server refused the password.
import { describe, expect, it } from "vitest";
import { newProfile } from "../../../src/core/profile/defaults";
import type { Profile } from "../../../src/core/profile/schema";
import type { LastResult } from "../../../src/background/messages";
import { alarmName, desiredAlarms, diffAlarms, mayRun, profileIdOfAlarm, profileIdOfRetryAlarm, retryAlarmName } from "../../../src/background/schedule";
import { resultOfError } from "../../../src/background/result";
import { DavError } from "../../../src/dav";
import { NotificationGate } from "../../../src/background/notification-gate";

const profile = (id: string, patch: Partial<Profile> = {}): Profile => ({
  ...newProfile({ id, kind: "events", name: id, url: "https://acme.easyproject.cz/caldav/alice/meetings/", username: "alice" }),
  ...patch,
});

const result = (patch: Partial<LastResult> = {}): LastResult => ({
  at: 1, durationMs: 1, trigger: "manual", outcome: "ok", written: { local: 0, remote: 0 }, failed: 0, conflicts: 0, needsSignIn: false, ...patch,
});

describe("alarms", () => {
  it("one alarm per enabled profile with an interval, named after the profile", () => {
    const a = profile("a");
    const manual = profile("m", { schedule: { ...a.schedule, interval: { kind: "manual" } } });
    const off = profile("off", { enabled: false });
    expect(desiredAlarms([a, manual, off])).toEqual([{ name: alarmName("a"), periodInMinutes: 30 }]);
    expect(profileIdOfAlarm(alarmName("a"))).toBe("a");
    expect(profileIdOfAlarm("someone-else")).toBeUndefined();
  });

  it("creates missing or changed alarms and clears ours that are no longer wanted, never others'", () => {
    const diff = diffAlarms({
      desired: [{ name: alarmName("a"), periodInMinutes: 30 }, { name: alarmName("b"), periodInMinutes: 5 }],
      existing: [
        { name: alarmName("a"), periodInMinutes: 30 },
        { name: alarmName("b"), periodInMinutes: 60 },
        { name: alarmName("gone"), periodInMinutes: 30 },
        { name: "not-ours", periodInMinutes: 1 },
      ],
    });
    expect(diff).toEqual({ create: [{ name: alarmName("b"), periodInMinutes: 5 }], clear: [alarmName("gone")] });
  });
});

describe("mayRun", () => {
  it("Sync now always runs an enabled profile, even one that must sign in again", () => {
    expect(mayRun({ profile: profile("a"), trigger: "manual", lastResult: result({ outcome: "error", needsSignIn: true }) })).toBe(true);
    expect(mayRun({ profile: profile("a", { enabled: false }), trigger: "manual", lastResult: undefined })).toBe(false);
  });

  it("after a refused password no automatic trigger runs the profile (no lock-out loop)", () => {
    const failed = result({ outcome: "error", needsSignIn: true });
    const p = profile("a", { schedule: { ...profile("a").schedule, onChange: { enabled: true, debounceSeconds: 10 } } });
    for (const trigger of ["schedule", "startup", "change"] as const) {
      expect(mayRun({ profile: p, trigger, lastResult: failed })).toBe(false);
      expect(mayRun({ profile: p, trigger, lastResult: result({ outcome: "error" }) })).toBe(true);
    }
  });

  it("each automatic trigger follows its own switch", () => {
    const base = profile("a");
    const p = profile("a", { schedule: { interval: { kind: "manual" }, onStartup: false, onChange: { enabled: false, debounceSeconds: 10 } } });
    expect(mayRun({ profile: p, trigger: "schedule", lastResult: undefined })).toBe(false);
    expect(mayRun({ profile: p, trigger: "startup", lastResult: undefined })).toBe(false);
    expect(mayRun({ profile: p, trigger: "change", lastResult: undefined })).toBe(false);
    expect(mayRun({ profile: base, trigger: "schedule", lastResult: undefined })).toBe(true);
    expect(mayRun({ profile: base, trigger: "startup", lastResult: undefined })).toBe(true);
  });
});

describe("NotificationGate", () => {
  it("shows a repeated failure once per quiet period, a new kind of failure at once", () => {
    let now = 0;
    const gate = new NotificationGate({ quietMs: 60_000, now: () => now });
    expect(gate.allow({ profileId: "a", messageKey: "davErrorServer" })).toBe(true);
    now = 30_000;
    expect(gate.allow({ profileId: "a", messageKey: "davErrorServer" })).toBe(false);
    expect(gate.allow({ profileId: "b", messageKey: "davErrorServer" })).toBe(true);
    expect(gate.allow({ profileId: "a", messageKey: "davErrorAuth" })).toBe(true);
    now = 100_000;
    expect(gate.allow({ profileId: "a", messageKey: "davErrorAuth" })).toBe(true);
    gate.reset("a");
    expect(gate.allow({ profileId: "a", messageKey: "davErrorAuth" })).toBe(true);
  });
});

describe("Retry-After", () => {
  it("holds automatic runs until the time the server asked for; Sync now still runs", () => {
    const last = result({ outcome: "error", needsSignIn: false, retryAt: 10_000 });
    for (const trigger of ["schedule", "startup", "change"] as const) {
      expect(mayRun({ profile: profile("a"), trigger, lastResult: last, now: 9_999 }), trigger).toBe(false);
    }
    expect(mayRun({ profile: profile("a"), trigger: "schedule", lastResult: last, now: 10_000 })).toBe(true);
    expect(mayRun({ profile: profile("a"), trigger: "manual", lastResult: last, now: 0 })).toBe(true);
  });

  it("names one-shot retry alarms apart from the interval alarms", () => {
    expect(profileIdOfRetryAlarm(retryAlarmName("p1"))).toBe("p1");
    expect(profileIdOfAlarm(retryAlarmName("p1"))).toBeUndefined();
    expect(profileIdOfRetryAlarm(alarmName("p1"))).toBeUndefined();
  });
});

describe("resultOfError", () => {
  it("turns a rate limit's Retry-After into the time automatic runs wait for", () => {
    const error = new DavError({ kind: "rate-limit", method: "REPORT", status: 429, url: "https://dav.example/cal/", retryAfterMs: 120_000, messageKey: "davErrorRateLimit", substitutions: ["https://dav.example/cal/", "120"] });
    const got = resultOfError({ trigger: "schedule", startedAt: 1_000, endedAt: 2_000, error });
    expect(got).toMatchObject({ outcome: "error", needsSignIn: false, retryAt: 122_000 });
  });
});
