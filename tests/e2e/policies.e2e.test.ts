// Administrator presets end to end: a policies.json in Thunderbird's distribution folder names a
// managed profile for the Easy-Project-like Meetings collection (and one for Contacts). In a real
// Thunderbird the add-on creates them locked and waiting for a password; the user signs in
// (the options page's request) and Meetings syncs. A restart with a changed policy renames
// Meetings and removes Contacts. policies.json is machine-wide: it exists only while Thunderbird
// starts (the policy is read once, at start-up), and whatever was there before is put back in a
// finally; the e2e project runs test files one at a time, so no other Thunderbird sees it.
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LastResult } from "../../src/background/messages";
import { startEpLike, type DavServer } from "../helpers/servers";
import { REPO_ROOT } from "./build-addon";
import { launchThunderbirdWithAddon, relaunchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { ask, overview, waitFor } from "./sync-helpers";

const POLICIES = process.env.TB_POLICIES ?? "/usr/lib/thunderbird/distribution/policies.json";
const ADDON_ID: string = JSON.parse(readFileSync(join(REPO_ROOT, "extension/manifest.json"), "utf8")).browser_specific_settings.gecko.id;

/** Writes policies.json, runs `during` (which must return once Thunderbird has read it), restores the old state. */
async function withPolicy<T>(extensionPolicy: object, during: () => Promise<T>): Promise<T> {
  const dir = dirname(POLICIES);
  const dirExisted = existsSync(dir);
  const previous = existsSync(POLICIES) ? readFileSync(POLICIES) : undefined;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(POLICIES, JSON.stringify({ policies: { "3rdparty": { Extensions: { [ADDON_ID]: extensionPolicy } } } }, null, 2));
    return await during();
  } finally {
    if (previous !== undefined) writeFileSync(POLICIES, previous);
    else rmSync(POLICIES, { force: true });
    if (!dirExisted) rmdirSync(dir);
  }
}

describe("administrator presets (policies.json → storage.managed)", () => {
  let server: DavServer;
  let tb: ThunderbirdSession;

  const policyProfile = (params: { id: string; name: string; kind: "events" | "contacts"; collection: string }) => ({
    id: params.id,
    name: params.name,
    kind: params.kind,
    server: { url: server.collections[params.collection], username: server.username, preset: "easyproject" },
    schedule: { interval: { kind: "minutes", minutes: 15 } },
    // The seeded meetings spread over a year; the whole collection is what this test counts.
    ...(params.kind === "events" ? { sync: { timeRange: { kind: "off" } } } : {}),
  });
  const profiles = async () => (await ask(tb, { type: "getProfiles" })).profiles;
  const resultOf = async (id: string): Promise<LastResult | undefined> => (await overview(tb)).profiles?.find((p) => p.id === id)?.lastResult;

  beforeAll(async () => {
    server = await startEpLike({ events: 20 });
    const policy = {
      profiles: [
        policyProfile({ id: "policy-meetings", name: "Porady (firma)", kind: "events", collection: "meetings" }),
        policyProfile({ id: "policy-contacts", name: "Kontakty (firma)", kind: "contacts", collection: "contacts" }),
        { id: "policy-broken", name: "Broken", kind: "events", server: { url: "not a url" } },
      ],
    };
    // getProfiles waits for the add-on's start-up, which applies the policy: then it may go.
    tb = await withPolicy(policy, async () => {
      const session = await launchThunderbirdWithAddon({ mode: "headless" });
      await ask(session, { type: "getProfiles" });
      return session;
    });
  });

  afterAll(async () => {
    await tb?.quit();
    await server?.stop();
  });

  it("creates the policy's profiles locked, with the preset's defaults, and skips an invalid entry", async () => {
    const list = await profiles();
    expect(list.map((p) => p.id).sort()).toEqual(["policy-contacts", "policy-meetings"]);
    const meetings = list.find((p) => p.id === "policy-meetings")!;
    expect(meetings).toMatchObject({
      name: "Porady (firma)",
      managed: true,
      server: { url: server.collections.meetings, username: "alice", preset: "easyproject", credentialRef: new URL(server.rootUrl).origin },
      schedule: { interval: { kind: "minutes", minutes: 15 }, onChange: { enabled: true } },
      sync: { mode: "two-way", conflict: "automatic", timeRange: { kind: "off" } },
    });
    // Locked: the options page's edits are refused.
    expect(await ask(tb, { type: "setProfileEnabled", id: "policy-meetings", enabled: false })).toEqual({ ok: false });
    expect(await ask(tb, { type: "saveProfiles", profiles: [{ ...meetings, name: "Mine now" }] })).toMatchObject({ ok: false });
  });

  it("without a password the managed profiles wait for the user to sign in", async () => {
    for (const id of ["policy-meetings", "policy-contacts"]) {
      expect(await resultOf(id), id).toMatchObject({ outcome: "error", needsSignIn: true, message: { key: "syncErrorNoPassword" } });
    }
    expect(await tb.call<string>("browserAction.getTitle", {})).toMatch(/Porady \(firma\): sign in again/);
  });

  it("signing in from the options page stores the password and syncs the managed profile", async () => {
    const t0 = Date.now();
    expect(await ask(tb, { type: "signIn", profileId: "policy-meetings", password: server.password })).toEqual({ ok: true });
    const result = await waitFor("the managed profile's sync after signing in", async () => {
      const r = await resultOf("policy-meetings");
      return r && r.at > t0 ? r : undefined;
    }, 60_000);
    expect(result).toMatchObject({ outcome: "ok", needsSignIn: false, written: { local: server.seeded.meetings, remote: 0 } });
    const folder = (await overview(tb)).profiles!.find((p) => p.id === "policy-meetings")!.localFolderId!;
    expect(await tb.call<unknown[]>("davsyncCalendar.listItems", folder)).toHaveLength(server.seeded.meetings!);
    // Still locked after signing in.
    expect((await profiles()).find((p) => p.id === "policy-meetings")).toMatchObject({ managed: true, name: "Porady (firma)" });
  });

  it("after a restart, a changed policy updates its profile and a profile it no longer names is removed", async () => {
    const folder = (await overview(tb)).profiles!.find((p) => p.id === "policy-meetings")!.localFolderId!;
    expect(await tb.quit()).toBe("graceful");
    const policy = { profiles: [{ ...policyProfile({ id: "policy-meetings", name: "Porady", kind: "events", collection: "meetings" }), schedule: { interval: { kind: "manual" } } }] };
    tb = await withPolicy(policy, async () => {
      const session = await relaunchThunderbirdWithAddon(tb, { mode: "headless" });
      await ask(session, { type: "getProfiles" });
      return session;
    });
    const list = await profiles();
    expect(list.map((p) => p.id)).toEqual(["policy-meetings"]);
    expect(list[0]).toMatchObject({ name: "Porady", managed: true, schedule: { interval: { kind: "manual" } } });
    // The password stays in the password manager, the calendar and its items stay too: a manual sync just works.
    const answer = await ask(tb, { type: "syncNow", profileId: "policy-meetings", wait: true });
    expect(answer.results?.["policy-meetings"]).toMatchObject({ outcome: "ok", written: { local: 0, remote: 0 } });
    expect((await overview(tb)).profiles![0]!.localFolderId).toBe(folder);
  });
});
