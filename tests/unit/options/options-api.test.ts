// The background side of the options page (src/background/options-api.ts) over an in-memory
// storage.local: saving several profiles all or none, duplicates refused with their message,
// passwords to the password manager once per login, reordering, clearing a cache, and discovery
// errors turned into _locales messages.
import { describe, expect, test, vi } from "vitest";
import { handleOptionsRequest, type OptionsApiDeps } from "../../../src/background/options-api";
import type { SyncService } from "../../../src/background/sync-service";
import { PROFILES } from "../../fixtures/options/profiles";

function setup(params: { stored?: Record<string, unknown>; running?: string[]; fetch?: OptionsApiDeps["fetch"] } = {}) {
  const data: Record<string, unknown> = structuredClone(params.stored ?? { profiles: PROFILES.slice(0, 2) });
  const storage = {
    get: async (key: string | string[]) => Object.fromEntries((Array.isArray(key) ? key : [key]).filter((k) => k in data).map((k) => [k, structuredClone(data[k])])),
    set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
    remove: async (key: string | string[]) => void (Array.isArray(key) ? key : [key]).forEach((k) => delete data[k]),
  };
  const service = {
    listProfiles: () => (data["profiles"] as { id: string }[]) ?? [],
    isRunning: (id?: string) => (id ? (params.running ?? []).includes(id) : false),
    reload: vi.fn(async () => undefined),
  };
  const setPassword = vi.fn(async () => undefined);
  const deps = {
    service: service as unknown as SyncService,
    storage: storage as unknown as OptionsApiDeps["storage"],
    credentials: { setPassword },
    onProfilesChanged: vi.fn(async () => undefined),
    ...(params.fetch ? { fetch: params.fetch } : {}),
  } satisfies OptionsApiDeps;
  return { data, deps, setPassword };
}

describe("saveProfiles", () => {
  test("stores every profile and the password once per login", async () => {
    const { data, deps, setPassword } = setup({ stored: { profiles: [] } });
    const answer = await handleOptionsRequest(deps, { type: "saveProfiles", profiles: PROFILES.slice(0, 3), password: "secret" });
    expect(answer).toMatchObject({ ok: true });
    expect((data["profiles"] as { id: string }[]).map((p) => p.id)).toEqual(["p-meetings", "p-todos", "p-contacts"]);
    expect(setPassword).toHaveBeenCalledExactlyOnceWith({ origin: "https://acme.easyproject.cz", username: "jan.novak", password: "secret" });
  });

  test("saves nothing when one profile duplicates an existing one, and says which", async () => {
    const { data, deps } = setup();
    const clash = { ...PROFILES[0]!, id: "p-clash", name: "Meetings again" };
    const answer = await handleOptionsRequest(deps, { type: "saveProfiles", profiles: [PROFILES[2], clash] });
    expect(answer).toMatchObject({ ok: false, duplicates: [{ profileIds: ["p-meetings", "p-clash"], message: { key: "profileDuplicate", substitutions: ["Meetings", "Meetings again"] } }] });
    expect((data["profiles"] as unknown[]).length).toBe(2);
  });

  test("refuses to change a profile an administrator manages", async () => {
    const { deps } = setup({ stored: { profiles: [PROFILES[3]] } });
    const answer = await handleOptionsRequest(deps, { type: "saveProfiles", profiles: [{ ...PROFILES[3]!, managed: false, name: "Mine now" }] });
    expect(answer).toMatchObject({ ok: false, invalid: [{ index: 0 }] });
  });
});

describe("list maintenance", () => {
  test("reorders the stored list, keeping unnamed profiles after the named ones", async () => {
    const { data, deps } = setup({ stored: { profiles: PROFILES.slice(0, 3) } });
    await handleOptionsRequest(deps, { type: "reorderProfiles", ids: ["p-contacts", "p-meetings"] });
    expect((data["profiles"] as { id: string }[]).map((p) => p.id)).toEqual(["p-contacts", "p-meetings", "p-todos"]);
  });

  test("switching a profile off keeps its last result", async () => {
    const { data, deps } = setup({ stored: { profiles: PROFILES.slice(0, 1), "sync.p-meetings.result": { outcome: "ok" } } });
    await handleOptionsRequest(deps, { type: "setProfileEnabled", id: "p-meetings", enabled: false });
    expect((data["profiles"] as { enabled: boolean }[])[0]!.enabled).toBe(false);
    expect(data["sync.p-meetings.result"]).toEqual({ outcome: "ok" });
  });

  test("clearing the cache forgets the status but keeps the Thunderbird folder", async () => {
    const state = { status: { schemaVersion: 999, pairs: ["old"] }, localCache: { a: 1 }, uidMap: { a: "b" }, davCache: { x: 1 }, folder: { id: "c1", createdByUs: true } };
    const { data, deps } = setup({ stored: { profiles: PROFILES.slice(0, 1), "sync.p-meetings.state": state } });
    expect(await handleOptionsRequest(deps, { type: "clearProfileCache", id: "p-meetings" })).toEqual({ ok: true });
    expect(data["sync.p-meetings.state"]).toMatchObject({ localCache: {}, uidMap: {}, folder: { id: "c1", createdByUs: true } });
  });

  test("does not clear the cache under a running sync", async () => {
    const { deps } = setup({ running: ["p-meetings"] });
    expect(await handleOptionsRequest(deps, { type: "clearProfileCache", id: "p-meetings" })).toEqual({ ok: false, reason: "running" });
  });
});

describe("discoverCollections", () => {
  test("turns a refused Easy Project login into its message with the LDAP hint", async () => {
    const fetch = vi.fn(async () => new Response("", { status: 401 }));
    const { deps } = setup({ fetch });
    const answer = await handleOptionsRequest(deps, { type: "discoverCollections", url: "https://acme.easyproject.cz/caldav/", username: "jan", password: "x", preset: "easyproject" });
    expect(answer).toMatchObject({ ok: false, error: { key: "davErrorAuthEasyProject" } });
  });
});

describe("run screens' requests", () => {
  const held = { side: "local", reasons: ["too-many-deletions"], deleteCount: 2, sideCount: 4, ids: ["L1", "L2"], items: [] };
  const report = { id: "r", profileId: "p-meetings", startedAt: 0, at: 1, durationMs: 1, trigger: "schedule", outcome: "warning", items: [], conflicts: [], held: [held] };

  test("confirmDeletions runs the profile only when the confirmation covers every held id of its last report", async () => {
    const { deps } = setup({ stored: { profiles: PROFILES.slice(0, 2), "reports.p-meetings": [report] } });
    const requestConfirmed = vi.fn(() => "started");
    Object.assign(deps.service, { requestConfirmed });
    expect(await handleOptionsRequest(deps, { type: "confirmDeletions", profileId: "p-meetings", deletions: { local: ["L1"] } })).toEqual({ ok: false, reason: "stale" });
    expect(requestConfirmed).not.toHaveBeenCalled();
    expect(await handleOptionsRequest(deps, { type: "confirmDeletions", profileId: "p-meetings", deletions: { local: ["L1", "L2"] } })).toEqual({ ok: true, outcome: "started" });
    expect(requestConfirmed).toHaveBeenCalledWith({ profileId: "p-meetings", confirmations: { deletions: { local: ["L1", "L2"] } } });
    expect(await handleOptionsRequest(deps, { type: "confirmDeletions", profileId: "p-todos", deletions: {} })).toEqual({ ok: false, reason: "nothing-held" });
  });

  test("general options are stored as parsed, and set the log's level", async () => {
    const { Log } = await import("../../../src/background/log");
    const { deps, data } = setup();
    const log = new Log();
    const withLog = { ...deps, log };
    const answer = (await handleOptionsRequest(withLog, { type: "saveGeneralOptions", options: { logLevel: "debug", reportRetentionDays: 0 } as never })) as { options: { logLevel: string; reportRetentionDays: number } };
    expect(answer.options).toMatchObject({ logLevel: "debug", reportRetentionDays: 30 });
    expect(data["generalOptions"]).toEqual(answer.options);
    log.debug("now visible");
    expect(await handleOptionsRequest(withLog, { type: "getLog" })).toMatchObject({ lines: [{ level: "debug", message: "now visible" }] });
    await handleOptionsRequest(withLog, { type: "clearLog" });
    expect(await handleOptionsRequest(withLog, { type: "getLog" })).toEqual({ lines: [] });
  });

  test("reports are listed and cleared per profile", async () => {
    const { deps, data } = setup({ stored: { profiles: PROFILES.slice(0, 2), "reports.p-meetings": [report] } });
    expect(await handleOptionsRequest(deps, { type: "getReports", profileId: "p-meetings" })).toEqual({ reports: [report] });
    await handleOptionsRequest(deps, { type: "clearReports", profileId: "p-meetings" });
    expect(data["reports.p-meetings"]).toBeUndefined();
  });
});
