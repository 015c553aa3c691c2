// Sync e2e, the proof of the Thunderbird integration: the built add-on in a real Thunderbird
// (Xvfb) syncing with the Easy-Project-like server (Radicale, rights file, Czech data). Profiles
// are saved through the background's own saveProfile request (password → password manager),
// syncs are started as the toolbar button and the options page start them, and every check looks
// at both Thunderbird and the server. The last test restarts Thunderbird on the same profile.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceName } from "../../src/dav";
import type { LastResult } from "../../src/background/messages";
import { startEpLike, type DavServer } from "../helpers/servers";
import { REPO_ROOT } from "./build-addon";
import { launchThunderbirdWithAddon, relaunchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import {
  ask, epProfile, eventIcs, overview, serverDelete, serverEtags, serverGet, serverPut, summaryOf, waitFor,
} from "./sync-helpers";

type CalendarInfo = messenger.davsyncCalendar.CalendarInfo;
type ItemSummary = messenger.davsyncCalendar.ItemSummary;

describe("sync: Thunderbird ↔ Easy-Project-like server", () => {
  let server: DavServer;
  let tb: ThunderbirdSession;
  const folders: Record<string, string> = {};
  const suffix = Date.now().toString(36);
  const localUid = `e2e-tb-porada-${suffix}@davsync.test`;
  let milestoneEtags: Map<string, string>;
  let initial: Record<string, LastResult | undefined>;

  const items = (calendarId: string) => tb.call<ItemSummary[]>("davsyncCalendar.listItems", calendarId);
  const contacts = (bookId: string) => tb.call<unknown[]>("contacts.list", bookId);
  const results = async () => Object.fromEntries((await overview(tb)).profiles!.map((p) => [p.id, p.lastResult]));

  beforeAll(async () => {
    const t0 = Date.now();
    server = await startEpLike({ events: 40 });
    tb = await launchThunderbirdWithAddon({ mode: "xvfb" });
    console.log(`[e2e] server ${server.rootUrl} seeded ${JSON.stringify(server.seeded)}; TB ready in ${Date.now() - t0} ms; run dir ${tb.runDir}`);
    milestoneEtags = await serverEtags(server, server.collections.milestones!);
  });

  afterAll(async () => {
    await tb?.quit();
    await server?.stop();
  });

  it("saves four profiles and syncs Meetings, To-dos, Contacts and Milestones into new Thunderbird folders", async () => {
    const profiles = [
      epProfile({ server, id: "meetings", kind: "events", collection: "meetings" }),
      epProfile({ server, id: "todos", kind: "tasks", collection: "todos" }),
      epProfile({ server, id: "contacts", kind: "contacts", collection: "contacts" }),
      epProfile({ server, id: "milestones", kind: "events", collection: "milestones" }),
    ];
    for (const profile of profiles) {
      const saved = await ask(tb, { type: "saveProfile", profile, password: server.password });
      expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    }
    const t0 = Date.now();
    const answer = await ask(tb, { type: "syncNow", wait: true });
    console.log(`[e2e] initial sync of 4 profiles: ${Date.now() - t0} ms`);
    for (const id of ["meetings", "todos", "contacts", "milestones"]) {
      expect(answer.results?.[id], `${id}: ${JSON.stringify(answer.results?.[id])}`).toMatchObject({ outcome: "ok", needsSignIn: false });
    }
    for (const p of (await overview(tb)).profiles!) if (p.localFolderId) folders[p.id] = p.localFolderId;
    initial = await results();

    const calendars = await tb.call<CalendarInfo[]>("davsyncCalendar.getCalendars");
    const meetingsCal = calendars.find((c) => c.id === folders.meetings)!;
    // Name and color come from the server collection (displayname, calendar-color).
    expect(meetingsCal).toMatchObject({ name: "Meetings", color: "#3a87ad", readOnly: false });
    expect(calendars.find((c) => c.id === folders.todos)).toMatchObject({ name: "To-dos", readOnly: false });

    expect(await items(folders.meetings!)).toHaveLength(server.seeded.meetings!);
    expect((await items(folders.todos!)).filter((i) => i.type === "task")).toHaveLength(server.seeded.todos!);
    expect(await contacts(folders.contacts!)).toHaveLength(server.seeded.contacts!);
    expect(await items(folders.milestones!)).toHaveLength(server.seeded.milestones!);

    // A sample: the server's SUMMARY (Czech diacritics) is the one Thunderbird shows.
    const [href] = [...(await serverEtags(server, server.collections.meetings!)).keys()];
    const remote = await serverGet(server, href!);
    const uid = /\r?\nUID:(.*)\r?\n/.exec(remote.text)![1]!.trim();
    const local = await tb.call<string>("davsyncCalendar.getItem", folders.meetings, uid);
    expect(summaryOf(local)).toBe(summaryOf(remote.text));
    expect(summaryOf(local)).toMatch(/[ěščřžýáíéůúťďň]/i);
  });

  it("mirrors the read-only Milestones as a read-only calendar and leaves the server unchanged", async () => {
    const milestones = await tb.call<CalendarInfo>("davsyncCalendar.getCalendar", folders.milestones);
    expect(milestones).toMatchObject({ name: "Milestones", readOnly: true });
    // The user cannot write into it (only the sync, as its owner, can).
    await expect(tb.call("davsyncCalendar.addItem", folders.milestones, eventIcs({ uid: `ro-${suffix}`, summary: "Nesmí projít", day: "20260301" }))).rejects.toThrow(
      /read-only/,
    );
    await ask(tb, { type: "syncNow", profileId: "milestones", wait: true });
    expect(await serverEtags(server, server.collections.milestones!)).toEqual(milestoneEtags);
  });

  it("does not take its own writes for user edits (no change-triggered run after a sync)", async () => {
    // The initial sync wrote every item into four folders; had those writes looked like user
    // edits, each profile would sync again by itself 10 s (the debounce) after the last of them.
    const quietUntil = Math.max(...Object.values(initial).map((r) => r!.at)) + 12_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, quietUntil - Date.now())));
    const r = await results();
    for (const id of ["meetings", "todos", "contacts"]) expect(r[id], id).toEqual(initial[id]);
    expect(r.milestones?.trigger).toBe("manual");
  });

  it("uploads an event created in Thunderbird within 20 s (change trigger)", async () => {
    const summary = `Porada z Thunderbirdu — čeština ${suffix}`;
    const t0 = Date.now();
    await tb.call("davsyncCalendar.addItem", folders.meetings, eventIcs({ uid: localUid, summary, day: "20260310" }));
    const href = `${server.collections.meetings}${resourceName({ uid: localUid })}.ics`;
    const uploaded = await waitFor("the new event on the server", async () => {
      const got = await serverGet(server, href);
      return got.status === 200 ? got : undefined;
    }, 20_000);
    console.log(`[e2e] local create reached the server after ${Date.now() - t0} ms`);
    expect(summaryOf(uploaded.text)).toBe(summary);
  });

  it("brings a server-side edit into Thunderbird after Sync now (toolbar button)", async () => {
    const [href] = [...(await serverEtags(server, server.collections.meetings!)).keys()].filter((h) => !h.includes("e2e-tb"));
    const remote = await serverGet(server, href!);
    const uid = /\r?\nUID:(.*)\r?\n/.exec(remote.text)![1]!.trim();
    const edited = remote.text.replace(/\r?\nSUMMARY[^:]*:.*(\r?\n[ \t].*)*/, `\r\nSUMMARY:Upraveno na serveru — žluťoučký kůň ${suffix}`);
    expect(await serverPut(server, href!, edited, remote.etag!)).toBeLessThan(300);
    await tb.call("davsyncTest.clickToolbarButton");
    await waitFor("the server edit in Thunderbird", async () =>
      summaryOf((await tb.call<string>("davsyncCalendar.getItem", folders.meetings, uid)) ?? "")?.startsWith("Upraveno na serveru"),
    );
    // The button syncs every profile; the badge clears once the last of them has finished.
    await waitFor("the badge to clear after all runs", async () => (await tb.call("browserAction.getBadgeText", {})) === "");
  });

  it("deletes both ways", async () => {
    // Server → Thunderbird.
    const hrefs = [...(await serverEtags(server, server.collections.meetings!)).keys()].filter((h) => !h.includes("e2e-tb"));
    const doomed = hrefs[hrefs.length - 1]!;
    const doomedUid = /\r?\nUID:(.*)\r?\n/.exec((await serverGet(server, doomed)).text)![1]!.trim();
    expect(await serverDelete(server, doomed)).toBeLessThan(300);
    await ask(tb, { type: "syncNow", profileId: "meetings", wait: true });
    expect(await tb.call("davsyncCalendar.getItem", folders.meetings, doomedUid)).toBeNull();

    // Thunderbird → server (the change trigger again).
    await tb.call("davsyncCalendar.deleteItem", folders.meetings, localUid);
    const href = `${server.collections.meetings}${resourceName({ uid: localUid })}.ics`;
    await waitFor("the deletion on the server", async () => (await serverGet(server, href)).status === 404, 20_000);
    const local = (await items(folders.meetings!)).length;
    expect((await serverEtags(server, server.collections.meetings!)).size).toBe(local);
  });

  it("a wrong password says 'sign in again' and does not retry on its own", async () => {
    const profile = epProfile({ server, id: "attendance", kind: "events", collection: "attendance", username: "mallory" });
    expect(await ask(tb, { type: "saveProfile", profile, password: "wrong-heslo" })).toMatchObject({ ok: true });
    const answer = await ask(tb, { type: "syncNow", profileId: "attendance", wait: true });
    const result = answer.results?.attendance as LastResult;
    expect(result).toMatchObject({ outcome: "error", needsSignIn: true, message: { key: expect.stringMatching(/^davErrorAuth/) } });
    expect(await tb.call("browserAction.getBadgeText", {})).toBe("!");
    // Automatic triggers skip it: a local edit in its (never created) folder cannot start it, and
    // no timer re-runs it — its result stays the same.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await results()).attendance?.at).toBe(result.at);
    expect(await tb.call<string>("browserAction.getTitle", {})).toMatch(/attendance: sign in again/);
    expect(await ask(tb, { type: "deleteProfile", id: "attendance" })).toEqual({ deleted: true });
    expect(await tb.call("browserAction.getBadgeText", {})).toBe("");
  });

  it("takes a screenshot of Thunderbird with the synced calendars", async () => {
    const [main] = await tb.call<{ id: number }[]>("windows.getAll", { windowTypes: ["normal"] });
    await tb.call("windows.update", main!.id, { left: 0, top: 0, width: 1280, height: 900 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const shot = await tb.screenshot(join(tb.runDir, "synced.png"));
    const docs = join(REPO_ROOT, "docs/screenshots");
    mkdirSync(docs, { recursive: true });
    copyFileSync(shot, join(docs, "thunderbird-synced.png"));
  });

  it("after a restart on the same profile, the start-up sync creates no duplicates", async () => {
    const before = {
      meetings: (await items(folders.meetings!)).length,
      todos: (await items(folders.todos!)).length,
      contacts: (await contacts(folders.contacts!)).length,
      server: (await serverEtags(server, server.collections.meetings!)).size,
    };
    expect(await tb.quit()).toBe("graceful");
    const restartedAt = Date.now();
    tb = await relaunchThunderbirdWithAddon(tb, { mode: "xvfb" });
    // onStartup is on: every profile syncs by itself.
    await waitFor("the start-up sync of every profile", async () => {
      const r = await results();
      return ["meetings", "todos", "contacts", "milestones"].every((id) => (r[id]?.at ?? 0) > restartedAt) ? r : undefined;
    }, 60_000);
    const r = await results();
    for (const id of ["meetings", "todos", "contacts", "milestones"]) {
      expect(r[id], `${id}: ${JSON.stringify(r[id])}`).toMatchObject({ outcome: "ok", written: { local: 0, remote: 0 } });
    }
    expect((await items(folders.meetings!)).length).toBe(before.meetings);
    expect((await items(folders.todos!)).length).toBe(before.todos);
    expect((await contacts(folders.contacts!)).length).toBe(before.contacts);
    expect((await serverEtags(server, server.collections.meetings!)).size).toBe(before.server);
    expect(await serverEtags(server, server.collections.milestones!)).toEqual(milestoneEtags);
  });
});
