// Mapping e2e: the profile's mapping options in a real Thunderbird against the Easy-Project-like
// server (one launch). Two profiles — Meetings (two-way, read-write) and Attendance (server →
// Thunderbird, read-only on the server) — merge two server calendars into ONE Thunderbird
// calendar, one category each, as the Outlook plug-in's Easy Project setup does. Checked in
// Thunderbird and on the server: every item carries its category, category colors come from the
// server's calendar-color, reminders "none" leaves Thunderbird without VALARMs while the server
// keeps them after a local edit, CLASS is mapped, and the two profiles never touch each other's items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "../../src/core/profile/schema";
import { startEpLike, type DavServer } from "../helpers/servers";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { ask, epProfile, serverEtags, serverGet, summaryOf } from "./sync-helpers";

type ItemSummary = messenger.davsyncCalendar.ItemSummary;
type ItemText = messenger.davsyncCalendar.ItemText;

const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, "");
const uidOf = (ics: string) => /\r?\nUID:(.*)/.exec(unfold(ics))![1]!.trim();
const categoriesOf = (ics: string) =>
  [...unfold(ics).matchAll(/\r?\nCATEGORIES[^:]*:(.*)/g)].flatMap((m) => m[1]!.split(",").map((c) => c.trim().replace(/\\,/g, ",")));
const classOf = (ics: string) => /\r?\nCLASS:(.*)/.exec(unfold(ics))?.[1]?.trim();
const alarms = (ics: string) => (ics.match(/BEGIN:VALARM/g) ?? []).length;

describe("mapping: two server calendars merged into one Thunderbird calendar by category", () => {
  let server: DavServer;
  let tb: ThunderbirdSession;
  let calendarId: string;
  /** UID → server text, per collection, as seeded. */
  const seeded: Record<"meetings" | "attendance", Map<string, { href: string; text: string }>> = { meetings: new Map(), attendance: new Map() };

  const localItems = async (): Promise<Map<string, string>> => {
    const list = await tb.call<ItemSummary[]>("davsyncCalendar.listItems", calendarId);
    const texts = await tb.call<ItemText[]>("davsyncCalendar.getItems", calendarId, list.map((i) => i.id));
    return new Map(texts.map((t) => [t.id, t.ics!]));
  };

  const profile = (p: { id: "meetings" | "attendance"; category: string; mode: Profile["sync"]["mode"] }): Profile => {
    const base = epProfile({ server, id: p.id, kind: "events", collection: p.id });
    return {
      ...base,
      name: p.category,
      local: { kind: "existing", id: calendarId },
      sync: { ...base.sync, mode: p.mode },
      // Manual runs only: the test decides when each profile syncs.
      schedule: { ...base.schedule, onChange: { enabled: false, debounceSeconds: 10 }, onStartup: false },
      categoryFilter: { kind: "category", name: p.category, includeUncategorized: false, invert: false, sticky: false },
      color: "fetch",
      mapping: { ...base.mapping, reminders: "none", privacy: { ...base.mapping.privacy, confidentialToPrivate: true, privateToConfidential: true } },
    };
  };

  const syncBoth = async () => {
    const answer = await ask(tb, { type: "syncNow", wait: true });
    for (const id of ["meetings", "attendance"]) {
      expect(answer.results?.[id], `${id}: ${JSON.stringify(answer.results?.[id])}`).toMatchObject({ outcome: "ok", failed: 0 });
    }
    return answer.results!;
  };

  beforeAll(async () => {
    const t0 = Date.now();
    [server, tb] = await Promise.all([startEpLike({ events: 30 }), launchThunderbirdWithAddon({ mode: "xvfb" })]);
    for (const name of ["meetings", "attendance"] as const) {
      for (const href of (await serverEtags(server, server.collections[name]!)).keys()) {
        const { text } = await serverGet(server, href);
        seeded[name].set(uidOf(text), { href, text });
      }
    }
    const created = await tb.call<messenger.davsyncCalendar.CalendarInfo>("davsyncCalendar.createCalendar", { name: "Easy Project" });
    calendarId = created.id;
    console.log(`[e2e] server ${server.rootUrl} seeded ${JSON.stringify(server.seeded)}; ready in ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    await tb?.quit();
    await server?.stop();
  });

  it("syncs both collections into the one calendar, each item with its category, no VALARM, CLASS mapped", async () => {
    expect(seeded.meetings.size).toBeGreaterThan(0);
    expect(seeded.attendance.size).toBeGreaterThan(0);
    for (const p of [profile({ id: "meetings", category: "Meetings", mode: "two-way" }), profile({ id: "attendance", category: "Attendance", mode: "remote-to-local-replicate" })]) {
      const saved = await ask(tb, { type: "saveProfile", profile: p, password: server.password });
      expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    }
    const results = await syncBoth();
    expect(results.meetings!.written).toEqual({ local: seeded.meetings.size, remote: 0 });
    expect(results.attendance!.written).toEqual({ local: seeded.attendance.size, remote: 0 });

    const local = await localItems();
    expect(local.size).toBe(seeded.meetings.size + seeded.attendance.size);
    let confidential = 0;
    for (const [name, category, other] of [["meetings", "Meetings", "Attendance"], ["attendance", "Attendance", "Meetings"]] as const) {
      for (const [uid, { text }] of seeded[name]) {
        const ics = local.get(uid);
        expect(ics, `${name} ${uid} in Thunderbird`).toBeDefined();
        expect(categoriesOf(ics!), uid).toContain(category);
        expect(categoriesOf(ics!), uid).not.toContain(other);
        // The server's own categories stay beside the filter's one.
        for (const c of categoriesOf(text)) expect(categoriesOf(ics!)).toContain(c);
        expect(alarms(ics!), uid).toBe(0);
        if (classOf(text) === "CONFIDENTIAL") {
          confidential += 1;
          expect(classOf(ics!), uid).toBe("PRIVATE");
        }
      }
    }
    expect(confidential).toBeGreaterThan(0);
  });

  it("sets the category colors from the servers' calendar-color", async () => {
    expect(await tb.call("davsyncCalendar.getCategoryColor", "Meetings")).toBe("#3a87ad");
    expect(await tb.call("davsyncCalendar.getCategoryColor", "Attendance")).toBe("#5cb85c");
  });

  it("a second run of both profiles writes nothing (untouched pairs hash equal)", async () => {
    const results = await syncBoth();
    expect(results.meetings!.written).toEqual({ local: 0, remote: 0 });
    expect(results.attendance!.written).toEqual({ local: 0, remote: 0 });
    expect(results.meetings!.conflicts).toBe(0);
  });

  it("a local title edit of a Meetings item goes to the meetings collection only, without the category; the server keeps its VALARMs and CLASS", async () => {
    const [uid, seed] = [...seeded.meetings].find(([, s]) => alarms(s.text) > 0 && classOf(s.text) === "CONFIDENTIAL") ??
      [...seeded.meetings].find(([, s]) => alarms(s.text) > 0)!;
    const attendanceBefore = await serverEtags(server, server.collections.attendance!);
    const meetingsBefore = await serverEtags(server, server.collections.meetings!);
    const before = (await localItems()).get(uid)!;
    const title = `Upraveno v Thunderbirdu ${Date.now().toString(36)}`;
    const edited = unfold(before).replace(/(\r?\nSUMMARY[^:]*:).*/, `$1${title}`);
    await tb.call("davsyncCalendar.modifyItem", calendarId, edited);

    const results = await syncBoth();
    expect(results.meetings!.written).toEqual({ local: 0, remote: 1 });
    expect(results.attendance!.written).toEqual({ local: 0, remote: 0 });

    const after = await serverGet(server, seed.href);
    expect(summaryOf(after.text)).toBe(title);
    expect(alarms(after.text)).toBe(alarms(seed.text));
    expect(categoriesOf(after.text)).toEqual(categoriesOf(seed.text));
    expect(classOf(after.text)).toBe(classOf(seed.text));
    // Only that one item changed on the server, and nothing in the attendance collection.
    const meetingsAfter = await serverEtags(server, server.collections.meetings!);
    expect([...meetingsAfter.keys()].sort()).toEqual([...meetingsBefore.keys()].sort());
    expect([...meetingsAfter].filter(([href, etag]) => meetingsBefore.get(href) !== etag).map(([href]) => href)).toEqual([seed.href]);
    expect(await serverEtags(server, server.collections.attendance!)).toEqual(attendanceBefore);
    // Nothing was deleted in Thunderbird; the edited item still has no VALARM and keeps its category.
    const local = await localItems();
    expect(local.size).toBe(seeded.meetings.size + seeded.attendance.size);
    expect(alarms(local.get(uid)!)).toBe(0);
    expect(categoriesOf(local.get(uid)!)).toContain("Meetings");
  });
});
