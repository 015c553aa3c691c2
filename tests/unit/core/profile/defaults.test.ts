// New-profile defaults and the Easy Project preset: valid as created, and the documented values.
import { describe, expect, test } from "vitest";
import { DEFAULT_SYNC_SETTINGS } from "../../../../src/core/sync-settings";
import { easyProjectProfile, newProfile, PROFILE_KINDS, validateProfile } from "../../../../src/core/profile/index";

const url = "https://acme.easyproject.cz/caldav/calendars/jana/meetings/";

describe("new profile defaults", () => {
  test.each(PROFILE_KINDS)("a new %s profile validates unchanged", (kind) => {
    const profile = newProfile({ id: "p1", kind, name: "Meetings", url });
    expect(validateProfile({ input: profile })).toEqual({ ok: true, profile });
  });

  test("they are the Outlook plug-in's defaults plus ours for timeout and chunks", () => {
    const profile = newProfile({ id: "p1", kind: "events", name: "Meetings", url });
    expect(profile.sync).toEqual(DEFAULT_SYNC_SETTINGS);
    expect(profile.schedule).toEqual({ interval: { kind: "minutes", minutes: 30 }, onChange: { enabled: false, debounceSeconds: 10 }, onStartup: true });
    expect(profile.network).toEqual({ timeoutSeconds: 90, closeConnectionAfterEachRequest: false, chunking: { kind: "chunks", size: 100 } });
    expect(profile.mapping.reminders).toBe("upcoming");
    expect(profile.managed).toBe(false);
    expect(profile.local).toEqual({ kind: "create", name: "Meetings", color: "#3a87ad" });
    expect(profile.server).toEqual({ url, username: "", credentialRef: "", preset: "generic", useMailAccountLogin: false });
  });

  test("a contacts profile has no time window", () => {
    expect(newProfile({ id: "p1", kind: "contacts", name: "Contacts", url }).sync.timeRange).toEqual({ kind: "off" });
  });

  test("editing one profile's settings never changes the shared defaults", () => {
    const profile = newProfile({ id: "p1", kind: "events", name: "Meetings", url });
    profile.sync.safety.maxDeletions = 999;
    expect(DEFAULT_SYNC_SETTINGS.safety.maxDeletions).not.toBe(999);
  });

  test("the model has no password field anywhere", () => {
    const text = JSON.stringify(newProfile({ id: "p1", kind: "events", name: "Meetings", url }));
    expect(text).not.toMatch(/password/i);
  });
});

describe("Easy Project preset", () => {
  test("is change-triggered with a 7 / 180 day window (EasyProjectProfile.cs)", () => {
    const profile = easyProjectProfile({ id: "p1", kind: "events", name: "Meetings", url, username: "jana" });
    expect(profile.server.preset).toBe("easyproject");
    expect(profile.schedule.onChange.enabled).toBe(true);
    expect(profile.sync.timeRange).toEqual({ kind: "window", daysPast: 7, daysFuture: 180 });
    expect(validateProfile({ input: profile }).ok).toBe(true);
  });

  test("for contacts keeps the window off", () => {
    const profile = easyProjectProfile({ id: "p2", kind: "contacts", name: "Contacts", url });
    expect(profile.sync.timeRange).toEqual({ kind: "off" });
    expect(validateProfile({ input: profile }).ok).toBe(true);
  });
});
