// The toolbar button's menu: which entries it shows for which results (menuModel), and that
// ToolbarMenu writes them into messenger.menus one rebuild at a time, only when they changed.
import { describe, expect, it } from "vitest";
import type { LastResult } from "../../../src/background/messages";
import { menuModel, profileOfMenuItem, SETTINGS_ID, ToolbarMenu, type ToolbarProfile } from "../../../src/background/toolbar-menu";

const NOW = 1_800_000_000_000;
const t = (key: string, subs: string[] = []) => (key === "toolbarMenuProfile" ? `${subs[0]} — ${subs[1]}` : key);
const describeResult = ({ result }: { result: LastResult | undefined }) => (result ? `${result.needsSignIn ? "sign in again" : result.outcome} · 3 min ago` : "never");

const result = (patch: Partial<LastResult> = {}): LastResult => ({
  at: NOW - 180_000, durationMs: 1, trigger: "manual", outcome: "ok", written: { local: 0, remote: 0 }, failed: 0, conflicts: 0, needsSignIn: false, ...patch,
});
const profile = (id: string, patch: Partial<ToolbarProfile> = {}): ToolbarProfile => ({ id, name: id, enabled: true, running: false, result: result(), ...patch });

describe("menuModel", () => {
  it("lists each profile with its last result, marked ⚠ / ✕, then Open settings", () => {
    const entries = menuModel({
      profiles: [
        profile("Meetings"),
        profile("Tasks", { result: result({ outcome: "warning" }) }),
        profile("Contacts", { result: result({ outcome: "error", needsSignIn: true }) }),
        profile("Old", { enabled: false }),
      ],
      now: NOW,
      t,
      describeResult,
    });
    expect(entries.map((e) => ("title" in e ? e.title : e.kind))).toEqual([
      "Meetings — ok · 3 min ago",
      "⚠ Tasks — warning · 3 min ago",
      "✕ Contacts — sign in again · 3 min ago",
      "Old — toolbarMenuDisabled",
      "separator",
      "toolbarMenuOpenSettings",
    ]);
    expect(entries.find((e) => e.kind === "profile" && e.profileId === "Old")).toMatchObject({ enabled: false });
    expect(entries.at(-1)).toMatchObject({ kind: "settings", id: SETTINGS_ID });
  });

  it("says 'syncing…' while a profile runs and 'never' before its first run", () => {
    const entries = menuModel({ profiles: [profile("A", { running: true }), profile("B", { result: undefined })], now: NOW, t, describeResult });
    expect(entries.slice(0, 2).map((e) => ("title" in e ? e.title : ""))).toEqual(["A — toolbarMenuRunning", "B — never"]);
  });

  it("moves the profiles into a submenu when they would pass Thunderbird's six top-level items", () => {
    const entries = menuModel({ profiles: ["a", "b", "c", "d", "e"].map((id) => profile(id)), now: NOW, t, describeResult });
    expect(entries[0]).toMatchObject({ kind: "submenu" });
    expect(entries.filter((e) => e.kind === "profile").every((e) => e.kind === "profile" && e.parentId === entries[0]!.id)).toBe(true);
    expect(entries.filter((e) => e.kind !== "profile")).toHaveLength(3);
  });

  it("maps a clicked item back to its profile", () => {
    const [entry] = menuModel({ profiles: [profile("p:1")], now: NOW, t, describeResult });
    expect(profileOfMenuItem(entry!.id)).toBe("p:1");
    expect(profileOfMenuItem(SETTINGS_ID)).toBeUndefined();
  });

  it("no entry but Open settings without profiles", () => {
    expect(menuModel({ profiles: [], now: NOW, t, describeResult }).map((e) => e.kind)).toEqual(["settings"]);
  });
});

describe("ToolbarMenu", () => {
  function setup() {
    const calls: string[] = [];
    const menus = {
      create: (props: { id?: string | number }, done?: () => void) => {
        calls.push(`create ${props.id}`);
        setTimeout(() => done?.(), 0);
        return props.id ?? 0;
      },
      removeAll: async () => void calls.push("removeAll"),
      refresh: async () => void calls.push("refresh"),
    };
    const menu = new ToolbarMenu({ menus: menus as never, t, describeResult, now: () => NOW });
    return { menu, calls };
  }

  it("rebuilds one change at a time, from the newest profiles, and skips a rebuild that changes nothing", async () => {
    const { menu, calls } = setup();
    await menu.show({ profiles: [profile("A")] });
    expect(calls).toEqual(["removeAll", "create davsync-profile:A", "create davsync-separator", "create davsync-open-settings"]);
    calls.length = 0;
    // Two updates while one rebuild is pending: never interleaved, and the last one wins.
    await Promise.all([menu.show({ profiles: [profile("A"), profile("B")] }), menu.show({ profiles: [profile("A"), profile("B"), profile("C")] })]);
    expect(calls.filter((c) => c === "removeAll")).toHaveLength(1);
    expect(menu.entries().filter((e) => e.kind === "profile")).toHaveLength(3);
    calls.length = 0;
    await menu.show({ profiles: [profile("A"), profile("B"), profile("C")] });
    await menu.onShown();
    expect(calls).toEqual([]);
  });
});
