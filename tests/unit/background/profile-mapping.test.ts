// The mapping options in a run (src/background/profile-mapping.ts + CalendarStore's mapping +
// core's ScopedStore), over a fake Thunderbird calendar and an in-memory server collection that
// lists its items through the add-on's mapped inspector: two server calendars merged into one
// Thunderbird calendar by category, reminders kept on the server, CLASS mapped, an untouched pair
// hashing equal, the synthetic base of a pair without bases, and the color option.
import { describe, expect, it } from "vitest";
import {
  basesNeeded,
  emptyStatus,
  MemoryBaseStore,
  MemoryTrash,
  PreconditionFailed,
  synchronize,
  type ItemState,
  type Store,
  type SyncStatus,
} from "../../../src/core";
import { newProfile } from "../../../src/core/profile/defaults";
import type { Profile } from "../../../src/core/profile/schema";
import { itemStateOf, type InspectItem } from "../../../src/dav";
import { createFieldMerger, fromThunderbird, itemMapping, mappedPatcher, toThunderbird } from "../../../src/ical";
import { inspectItem } from "../../../src/background/inspect";
import { mappedInspect, resetCachesOnMappingChange, runMapping, runPatcher, scopedStores, syncColor } from "../../../src/background/profile-mapping";
import type { ItemCache } from "../../../src/thunderbird/item-cache";
import { eventStore, FakeCalendar } from "../thunderbird/fake-thunderbird";

const NOW = Date.UTC(2026, 0, 15);

const event = (p: { uid: string; summary: string; cls?: string; alarm?: boolean; categories?: string }) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//EP//EN",
    "BEGIN:VEVENT",
    `UID:${p.uid}`,
    "DTSTAMP:20260101T000000Z",
    "DTSTART:20260301T090000Z",
    "DTEND:20260301T100000Z",
    `SUMMARY:${p.summary}`,
    ...(p.cls ? [`CLASS:${p.cls}`] : []),
    ...(p.categories ? [`CATEGORIES:${p.categories}`] : []),
    "X-EP-ENTITY:meeting",
    ...(p.alarm ? ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "TRIGGER:-PT15M", "END:VALARM"] : []),
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");

/** A server collection in memory, listing its items through an InspectItem as DavStore does. */
class ServerCollection implements Store {
  readonly items = new Map<string, { content: string; etag: number }>();
  private etags = 0;
  constructor(
    readonly name: string,
    public inspect: InspectItem,
    readonly readOnly = false,
  ) {}
  put(uid: string, content: string): void {
    this.items.set(`/${this.name}/${uid}.ics`, { content, etag: ++this.etags });
  }
  private state(id: string): ItemState {
    const item = this.items.get(id)!;
    return itemStateOf({ id, version: `"${item.etag}"`, facts: this.inspect({ text: item.content }) });
  }
  async list() {
    return [...this.items.keys()].map((id) => this.state(id));
  }
  async get({ id }: { id: string }) {
    return this.items.has(id) ? { state: this.state(id), content: this.items.get(id)!.content } : undefined;
  }
  async create({ uid, content }: { uid: string; content: string }) {
    const id = `/${this.name}/${uid}.ics`;
    if (this.items.has(id)) throw new PreconditionFailed({ reason: "exists", id });
    this.put(uid, content);
    return { id, version: `"${this.items.get(id)!.etag}"` };
  }
  async update({ id, version, content }: { id: string; version: string; content: string }) {
    const item = this.items.get(id);
    if (!item || `"${item.etag}"` !== version) throw new PreconditionFailed({ reason: "changed", id });
    this.items.set(id, { content, etag: ++this.etags });
    return { id, version: `"${this.etags}"` };
  }
  async delete({ id, version }: { id: string; version: string }) {
    const item = this.items.get(id);
    if (!item || `"${item.etag}"` !== version) throw new PreconditionFailed({ reason: "changed", id });
    this.items.delete(id);
  }
}

function categoryProfile(p: { id: string; category: string; mode?: Profile["sync"]["mode"] }): Profile {
  const profile = newProfile({ id: p.id, kind: "events", name: p.category, url: `https://ep.example/caldav/${p.id}/` });
  profile.categoryFilter = { kind: "category", name: p.category, includeUncategorized: false, invert: false, sticky: false };
  profile.mapping.reminders = "none";
  profile.mapping.privacy.confidentialToPrivate = true;
  profile.mapping.privacy.privateToConfidential = true;
  profile.sync = { ...profile.sync, mode: p.mode ?? "two-way", timeRange: { kind: "off" } };
  return profile;
}

/** One profile's persistent state and a run over the shared fake calendar, as runProfile wires it. */
function runner(p: { profile: Profile; calendar: FakeCalendar; server: ServerCollection }) {
  const { profile, calendar, server } = p;
  const state: { status: SyncStatus; localCache: ItemCache; davCache: unknown; mappingKey?: string } = { status: emptyStatus(), localCache: {}, davCache: undefined };
  const bases = new MemoryBaseStore({ sides: basesNeeded({ mode: profile.sync.mode }) });
  return {
    state,
    async run() {
      const mapping = runMapping({ profile, now: NOW });
      resetCachesOnMappingChange({ state, profile });
      server.inspect = mapping ? mappedInspect({ inspect: inspectItem, mapping }) : inspectItem;
      const local = eventStore({ api: calendar, calendarId: calendar.calendarId, cache: state.localCache, mapping });
      const scoped = scopedStores({ profile, status: state.status, local, remote: server });
      const { plan, report } = await synchronize({
        ...scoped,
        status: state.status,
        profile: profile.sync,
        saveStatus: (s) => {
          state.status = s;
        },
        trash: new MemoryTrash(),
        merger: createFieldMerger({ prefer: "remote" }),
        patcher: runPatcher({ mapping }),
        bases,
      });
      return { plan, report, kinds: plan.actions.map((a) => `${a.kind}${"side" in a ? ` ${a.side}` : ""}`) };
    },
  };
}

function mergedWorld() {
  const calendar = new FakeCalendar("merged");
  const meetings = new ServerCollection("meetings", inspectItem);
  const attendance = new ServerCollection("attendance", inspectItem, true);
  meetings.put("m1", event({ uid: "m1", summary: "Weekly", cls: "CONFIDENTIAL", alarm: true }));
  meetings.put("m2", event({ uid: "m2", summary: "Review", alarm: true }));
  attendance.put("a1", event({ uid: "a1", summary: "Vacation", cls: "PRIVATE" }));
  const m = runner({ profile: categoryProfile({ id: "meetings", category: "Meetings" }), calendar, server: meetings });
  const a = runner({ profile: categoryProfile({ id: "attendance", category: "Attendance", mode: "remote-to-local-replicate" }), calendar, server: attendance });
  return { calendar, meetings, attendance, m, a };
}

const local = (calendar: FakeCalendar, uid: string) => calendar.items.get(uid)!.ics;

describe("two server calendars merged into one Thunderbird calendar by category", () => {
  it("every item arrives with its profile's category, without VALARMs, CLASS mapped; a second run does nothing", async () => {
    const w = mergedWorld();
    expect((await w.m.run()).kinds).toEqual(["create local", "create local"]);
    expect((await w.a.run()).kinds).toEqual(["create local"]);
    expect([...w.calendar.items.keys()].sort()).toEqual(["a1", "m1", "m2"]);
    expect(local(w.calendar, "m1")).toContain("CATEGORIES:Meetings");
    expect(local(w.calendar, "m1")).toContain("CLASS:PRIVATE");
    expect(local(w.calendar, "m1")).not.toContain("BEGIN:VALARM");
    expect(local(w.calendar, "a1")).toContain("CATEGORIES:Attendance");
    // Untouched pairs hash equal: nothing to do, and neither profile touches the other's items.
    expect((await w.m.run()).kinds).toEqual([]);
    expect((await w.a.run()).kinds).toEqual([]);
    expect(w.m.state.status.entries.map((e) => e.uid).sort()).toEqual(["m1", "m2"]);
    expect(w.a.state.status.entries.map((e) => e.uid)).toEqual(["a1"]);
  });

  it("a local title edit goes to the meetings collection only, without the category; the server keeps VALARM and CLASS", async () => {
    const w = mergedWorld();
    await w.m.run();
    await w.a.run();
    w.calendar.userEdit("m1", local(w.calendar, "m1").replace("SUMMARY:Weekly", "SUMMARY:Weekly sync"));
    expect((await w.a.run()).kinds).toEqual([]);
    expect((await w.m.run()).kinds).toEqual(["update remote"]);
    const server = w.meetings.items.get("/meetings/m1.ics")!.content;
    expect(server).toContain("SUMMARY:Weekly sync");
    expect(server).not.toContain("Meetings");
    expect(server).toContain("BEGIN:VALARM");
    expect(server).toContain("CLASS:CONFIDENTIAL");
    expect(server).toContain("X-EP-ENTITY:meeting");
    expect([...w.attendance.items.keys()]).toEqual(["/attendance/a1.ics"]);
    expect((await w.m.run()).kinds).toEqual([]);
  });

  it("a server deletion in one collection deletes only that profile's local item; local items of the other category are never deleted", async () => {
    const w = mergedWorld();
    await w.m.run();
    await w.a.run();
    w.attendance.items.clear();
    w.attendance.put("a2", event({ uid: "a2", summary: "Sick day" }));
    // Replicate server→local: a1 goes, a2 comes, the Meetings items stay.
    expect((await w.a.run()).kinds.sort()).toEqual(["create local", "delete local"]);
    expect([...w.calendar.items.keys()].sort()).toEqual(["a2", "m1", "m2"]);
    expect((await w.m.run()).kinds).toEqual([]);
  });

  it("a new local item with the Meetings category is created on the meetings server without it; one with another category stays local", async () => {
    const w = mergedWorld();
    await w.m.run();
    await w.calendar.addItem("merged", event({ uid: "n1", summary: "New", categories: "Meetings,Team" }));
    await w.calendar.addItem("merged", event({ uid: "n2", summary: "Private note", categories: "Personal" }));
    expect((await w.m.run()).kinds).toEqual(["create remote"]);
    const server = w.meetings.items.get("/meetings/n1.ics")!.content;
    expect(server).toContain("CATEGORIES:Team");
    expect(server).not.toContain("Meetings");
    expect((await w.a.run()).kinds).toEqual(["create local"]);
    expect(w.calendar.items.has("n2")).toBe(true);
  });

  it("removing the category takes an item out of a non-sticky profile: nothing is deleted on either side", async () => {
    const w = mergedWorld();
    await w.m.run();
    w.calendar.userEdit("m2", local(w.calendar, "m2").replace("CATEGORIES:Meetings", "CATEGORIES:Other").replace("SUMMARY:Review", "SUMMARY:Mine"));
    expect((await w.m.run()).kinds).toEqual([]);
    expect(w.meetings.items.get("/meetings/m2.ics")!.content).toContain("SUMMARY:Review");
    expect(w.calendar.items.has("m2")).toBe(true);
  });

  it("changing a mapping option drops the caches (their hashes were computed under the old options)", () => {
    const profile = categoryProfile({ id: "meetings", category: "Meetings" });
    const state = { localCache: { x: {} }, davCache: { y: 1 } as unknown, mappingKey: undefined as string | undefined };
    resetCachesOnMappingChange({ state, profile });
    const key = state.mappingKey;
    state.localCache = { x: {} };
    resetCachesOnMappingChange({ state, profile });
    expect(state.localCache).toEqual({ x: {} });
    profile.mapping.reminders = "all";
    resetCachesOnMappingChange({ state, profile });
    expect(state.mappingKey).not.toBe(key);
    expect(state.localCache).toEqual({});
    expect(state.davCache).toBeUndefined();
  });
});

describe("the synthetic base (a pair without a local base)", () => {
  it("carries only the user's edit and keeps the server's VALARM and CLASS", () => {
    const profile = categoryProfile({ id: "meetings", category: "Meetings" });
    const mapping = itemMapping({ profile, now: NOW });
    const server = event({ uid: "m1", summary: "Weekly", cls: "CONFIDENTIAL", alarm: true });
    const inThunderbird = fromThunderbird({ text: toThunderbird({ text: mapping.toLocal(server) }) });
    const after = mapping.toServer(inThunderbird.replace("SUMMARY:Weekly", "SUMMARY:Edited"));
    const patcher = mappedPatcher({ mapping, lossy: ["local"], thunderbird: true });
    const before = patcher.syntheticBase({ uid: "m1", side: "remote", target: server });
    expect(before).toBeDefined();
    const { content } = patcher.patch({ uid: "m1", side: "remote", target: server, before: before!, after });
    expect(content).toContain("SUMMARY:Edited");
    expect(content).toContain("BEGIN:VALARM");
    expect(content).toContain("CLASS:CONFIDENTIAL");
    expect(content).not.toContain("Meetings");
    expect(patcher.syntheticBase({ uid: "m1", side: "local", target: server })).toBeUndefined();
  });
});

describe("syncColor", () => {
  const collection = { url: "https://ep.example/caldav/meetings/", color: "#3366ff" } as Parameters<typeof syncColor>[0]["collection"];
  const apis = () => {
    const calls: string[] = [];
    const colors = { calendar: "#111111" as string | null, category: null as string | null };
    return {
      calls,
      colors,
      apis: {
        getCalendar: async () => ({ color: colors.calendar }),
        setCalendarColor: async (_id: string, c: string) => (calls.push(`calendar ${c}`), (colors.calendar = c)),
        getCategoryColor: async () => colors.category,
        setCategoryColor: async (n: string, c: string) => void (calls.push(`category ${n} ${c}`), (colors.category = c)),
      },
    };
  };
  const ctx = { credentials: { username: "u", password: "p" } };

  it("fetch: the server color becomes the category's color for a category profile, once", async () => {
    const profile = { ...categoryProfile({ id: "meetings", category: "Meetings" }), color: "fetch" as const };
    const a = apis();
    expect(await syncColor({ profile, collection, calendarId: "c", apis: a.apis, ctx })).toEqual({ did: "category", color: "#3366ff" });
    expect(await syncColor({ profile, collection, calendarId: "c", apis: a.apis, ctx })).toEqual({ did: "none" });
    expect(a.calls).toEqual(["category Meetings #3366ff"]);
  });

  it("fetch: the calendar's color for a profile without a category", async () => {
    const profile = { ...newProfile({ id: "p", kind: "events", name: "P", url: "https://x/" }), color: "fetch" as const };
    const a = apis();
    await syncColor({ profile, collection, calendarId: "c", apis: a.apis, ctx });
    expect(a.calls).toEqual(["calendar #3366ff"]);
  });

  it("off and set-on-server with the same color do nothing", async () => {
    const a = apis();
    const base = newProfile({ id: "p", kind: "events", name: "P", url: "https://x/" });
    a.colors.calendar = "#3366FF";
    expect(await syncColor({ profile: { ...base, color: "off" }, collection, calendarId: "c", apis: a.apis, ctx })).toEqual({ did: "none" });
    expect(await syncColor({ profile: { ...base, color: "set-on-server" }, collection, calendarId: "c", apis: a.apis, ctx })).toEqual({ did: "none" });
    expect(a.calls).toEqual([]);
  });
});
