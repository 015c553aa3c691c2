// applyPolicy over an in-memory storage.local and a scripted storage.managed: profiles follow the
// policy (created locked, replaced, removed), invalid entries are skipped, and managed profiles
// without a password wait for the user with one notification.
import { describe, expect, it } from "vitest";
import { applyPolicy, profileFromPolicy } from "../../../src/background/managed-profiles";
import type { Profile } from "../../../src/core/profile/schema";
import { newProfile } from "../../../src/core/profile/defaults";

function memoryStorage(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(structuredClone(initial)));
  return {
    data,
    async get(key?: string | string[] | Record<string, unknown>) {
      const keys = typeof key === "string" ? [key] : Array.isArray(key) ? key : [...data.keys()];
      return Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const k of typeof keys === "string" ? [keys] : keys) data.delete(k);
    },
  };
}

const URL_MEETINGS = "https://acme.easyproject.cz/caldav/alice/meetings/";
const entry = (over: Record<string, unknown> = {}) => ({
  id: "p-meetings",
  name: "Meetings",
  kind: "events",
  server: { url: URL_MEETINGS, username: "alice", preset: "easyproject" },
  ...over,
});

function setup(params: { policy: unknown; stored?: Profile[]; passwords?: string[]; accountPasswords?: string[] }) {
  const storage = memoryStorage({ profiles: params.stored ?? [] });
  const notified: string[] = [];
  const deps = {
    storage,
    managed: {
      get: async () => {
        if (params.policy === undefined) throw new Error("Managed storage manifest not found");
        return params.policy as Record<string, unknown>;
      },
    },
    credentials: {
      getPassword: async ({ username }: { username: string }) => ((params.passwords ?? []).includes(username) ? "pw" : null),
      getAccountPassword: async ({ username }: { username: string }) => ((params.accountPasswords ?? []).includes(username) ? "mail-pw" : null),
    },
    notify: async (m: string) => void notified.push(m),
    t: (key: string, subs: string[] = []) => `${key}(${subs.join("|")})`,
    now: () => 1000,
  };
  const stored = () => storage.data.get("profiles") as Profile[];
  return { deps, storage, notified, stored };
}

describe("profileFromPolicy", () => {
  it("fills what the entry leaves out from the preset's defaults and locks the profile", () => {
    const built = profileFromPolicy(entry({ schedule: { interval: { kind: "manual" } } }));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.profile).toMatchObject({
      managed: true,
      server: { credentialRef: "https://acme.easyproject.cz", preset: "easyproject" },
      schedule: { interval: { kind: "manual" }, onChange: { enabled: true } },
      sync: { timeRange: { kind: "window", daysPast: 7, daysFuture: 180 } },
    });
  });

  it("takes a whole variant in place of the default one", () => {
    const built = profileFromPolicy(entry({ sync: { timeRange: { kind: "off" } } }));
    expect(built.ok && built.profile.sync.timeRange).toEqual({ kind: "off" });
  });

  it("refuses an entry without a kind or with a bad URL", () => {
    expect(profileFromPolicy({ id: "x", name: "x", server: { url: URL_MEETINGS } }).ok).toBe(false);
    expect(profileFromPolicy(entry({ server: { url: "nope" } })).ok).toBe(false);
  });
});

describe("applyPolicy", () => {
  it("creates managed profiles, skips invalid entries and asks once for the missing passwords", async () => {
    const { deps, notified, stored, storage } = setup({ policy: { profiles: [entry(), entry({ id: "p-bad", server: { url: "nope" } }), entry()] } });
    const outcome = await applyPolicy(deps);
    expect(outcome).toMatchObject({ added: ["p-meetings"], needPassword: ["p-meetings"] });
    expect(outcome.invalid.map((i) => i.index)).toEqual([1, 2]);
    expect(stored().map((p) => [p.id, p.managed])).toEqual([["p-meetings", true]]);
    expect(storage.data.get("sync.p-meetings.result")).toMatchObject({ outcome: "error", needsSignIn: true, message: { key: "syncErrorNoPassword" } });
    expect(notified).toEqual(["managedSignInNotify(Meetings)"]);
  });

  it("replaces a changed managed profile, keeps an unchanged one, removes one the policy dropped and leaves the user's own", async () => {
    const first = setup({ policy: { profiles: [entry(), entry({ id: "p-old", name: "Old", server: { url: `${URL_MEETINGS}x/`, username: "alice", preset: "easyproject" } })] }, passwords: ["alice"] });
    await applyPolicy(first.deps);
    const own = { ...newProfile({ id: "own", kind: "contacts", name: "Mine", url: "https://dav.example/books/", username: "bob" }) };
    const before = [...first.stored(), own];

    const second = setup({ policy: { profiles: [entry({ name: "Renamed" })] }, stored: before, passwords: ["alice"] });
    second.storage.data.set("sync.p-old.state", { status: {} });
    const outcome = await applyPolicy(second.deps);
    expect(outcome).toMatchObject({ added: [], updated: ["p-meetings"], removed: ["p-old"], needPassword: [] });
    expect(second.stored().map((p) => [p.id, p.name, p.managed])).toEqual([["p-meetings", "Renamed", true], ["own", "Mine", false]]);
    expect(second.storage.data.has("sync.p-old.state")).toBe(false);
    expect(second.notified).toEqual([]);

    const third = setup({ policy: { profiles: [entry({ name: "Renamed" })] }, stored: second.stored(), passwords: ["alice"] });
    expect(await applyPolicy(third.deps)).toMatchObject({ added: [], updated: [], removed: [] });
  });

  it("does not ask to sign in when a managed profile uses the mail account's password and the account exists", async () => {
    const withAccount = setup({
      policy: { profiles: [entry({ server: { url: URL_MEETINGS, username: "alice", preset: "easyproject", useMailAccountLogin: true } })] },
      accountPasswords: ["alice"],
    });
    expect(await applyPolicy(withAccount.deps)).toMatchObject({ added: ["p-meetings"], needPassword: [] });
    expect(withAccount.notified).toEqual([]);

    const withoutAccount = setup({
      policy: { profiles: [entry({ server: { url: URL_MEETINGS, username: "alice", preset: "easyproject", useMailAccountLogin: true } })] },
    });
    expect(await applyPolicy(withoutAccount.deps)).toMatchObject({ needPassword: ["p-meetings"] });
  });

  it("applies the policy's general options over the user's, keeping what the policy leaves out", async () => {
    const { deps, storage } = setup({ policy: { profiles: [], generalOptions: { syncOnStartup: false, reportRetentionDays: 7, bogus: 1, logLevel: "loud" } } });
    storage.data.set("generalOptions", { logLevel: "debug", checkConnectivity: true });
    const outcome = await applyPolicy(deps);
    expect(outcome.generalOptions).toEqual(["syncOnStartup", "reportRetentionDays", "logLevel"]);
    // An invalid policy value falls back to the default; the user's other choices stay.
    expect(storage.data.get("generalOptions")).toMatchObject({ syncOnStartup: false, reportRetentionDays: 7, logLevel: "info", checkConnectivity: true });
  });

  it("with no policy at all, every managed profile goes", async () => {
    const first = setup({ policy: { profiles: [entry()] }, passwords: ["alice"] });
    await applyPolicy(first.deps);
    const second = setup({ policy: undefined, stored: first.stored() });
    expect(await applyPolicy(second.deps)).toMatchObject({ removed: ["p-meetings"] });
    expect(second.stored()).toEqual([]);
  });
});
