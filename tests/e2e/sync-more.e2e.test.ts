// More of the Thunderbird integration, in a real Thunderbird against the Easy-Project-like server:
// the password borrowed from a mail account, a profile's time window, two-way edits of to-dos and
// contacts, the toolbar button's menu, and — after Thunderbird has quit — no trace of the password
// in the profile folder outside the encrypted login store. One Thunderbird, one server, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LastResult } from "../../src/background/messages";
import type { Profile } from "../../src/core/profile/schema";
import { inWindow, resourceName } from "../../src/dav";
import { itemSpan } from "../../src/ical/item-span";
import { basicAuth, startEpLike, type DavServer } from "../helpers/servers";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { filesContaining } from "./profile-files";
import { ask, epProfile, eventIcs, overview, serverEtags, serverGet, serverPut, summaryOf, waitFor } from "./sync-helpers";

type ItemSummary = messenger.davsyncCalendar.ItemSummary;
type ContactNode = { id: string; properties: { vCard?: string } };
type MenuEntry = { kind: string; id: string; title?: string; enabled?: boolean; profileId?: string };

const DAY_MS = 86_400_000;
/** Distinctive, so a hit in the profile scan can only be ours. */
const PASSWORD = `Heslo-e2e-${Date.now().toString(36)}-žluť`;

const uidOf = (text: string) => /\r?\nUID:(.*)\r?\n/.exec(text)![1]!.trim();
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");

/** The Monday of this week (the seeded dates spread around it, so the window cuts through them). */
function thisMonday(): string {
  const today = new Date();
  const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

/** Every resource of a collection: href → text. */
async function serverItems(server: DavServer, collection: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const href of (await serverEtags(server, server.collections[collection]!)).keys()) out.set(href, (await serverGet(server, href)).text);
  return out;
}

async function serverPutCard(server: DavServer, href: string, text: string, etag: string): Promise<number> {
  const response = await fetch(new URL(href, server.rootUrl), {
    method: "PUT",
    headers: { Authorization: basicAuth(server), "Content-Type": "text/vcard; charset=utf-8", "If-Match": etag },
    body: text,
  });
  return response.status;
}

/** Replaces (or adds) one property of the first `component` (VTODO, VEVENT, VCARD); other components stay. */
function setProp(text: string, params: { name: string; value: string; component: string }): string {
  const { name, value, component } = params;
  const unfolded = text.replace(/\r?\n[ \t]/g, "");
  const start = unfolded.indexOf(`BEGIN:${component}`);
  const end = unfolded.indexOf(`END:${component}`, start);
  const body = unfolded.slice(start, end).replace(new RegExp(`\\r?\\n${name.split(";")[0]}[;:][^\\r\\n]*`, "g"), "").replace(/\r?\n$/, "");
  return `${unfolded.slice(0, start)}${body}\r\n${name}:${value}\r\n${unfolded.slice(end)}`;
}

describe("sync, more: mail-account password, time window, to-dos and contacts, the toolbar menu", () => {
  let server: DavServer;
  let tb: ThunderbirdSession;
  const folders: Record<string, string> = {};
  const items = (calendarId: string) => tb.call<ItemSummary[]>("davsyncCalendar.listItems", calendarId);
  const syncOne = async (profileId: string) => (await ask(tb, { type: "syncNow", profileId, wait: true })).results?.[profileId] as LastResult;
  const save = async (profile: Profile, password?: string) => {
    const saved = await ask(tb, { type: "saveProfile", profile, ...(password ? { password } : {}) });
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
  };
  const learnFolders = async () => {
    for (const p of (await overview(tb)).profiles!) if (p.localFolderId) folders[p.id] = p.localFolderId;
  };

  beforeAll(async () => {
    const t0 = Date.now();
    server = await startEpLike({ events: 40, anchor: thisMonday(), password: PASSWORD });
    tb = await launchThunderbirdWithAddon({ mode: "xvfb" });
    console.log(`[e2e] server ${server.rootUrl} seeded ${JSON.stringify(server.seeded)}; TB ready in ${Date.now() - t0} ms; run dir ${tb.runDir}`);
  });

  afterAll(async () => {
    await tb?.quit();
    await server?.stop();
  });

  it("syncs To-dos with the password of the mail account on the same host, none stored for the profile", async () => {
    const host = new URL(server.rootUrl).hostname;
    const base = epProfile({ server, id: "todos", kind: "tasks", collection: "todos" });
    await save({ ...base, server: { ...base.server, useMailAccountLogin: true } });

    // No mail account yet: the run says which one it looked for.
    const missing = await syncOne("todos");
    expect(missing).toMatchObject({ outcome: "error", needsSignIn: true, message: { key: "syncErrorNoMailAccountPassword", substitutions: [server.username, host] } });

    await tb.call("e2eDriver.addMailLogin", { origin: `imap://${host}`, username: server.username, password: PASSWORD });
    expect(await tb.call("davsyncCredentials.getAccountPassword", { host, username: server.username })).toBe(PASSWORD);
    expect(await tb.call("davsyncCredentials.getAccountPassword", { host, username: "mallory" })).toBeNull();
    const result = await syncOne("todos");
    expect(result, JSON.stringify(result)).toMatchObject({ outcome: "ok", needsSignIn: false });
    await learnFolders();
    expect((await items(folders.todos!)).filter((i) => i.type === "task")).toHaveLength(server.seeded.todos!);
    // Nothing was stored under the add-on's own realm for this server.
    expect(await tb.call("davsyncCredentials.getPassword", { origin: new URL(server.rootUrl).origin, username: server.username })).toBeNull();
  });

  it("carries to-do edits both ways: completed in Thunderbird → server, renamed on the server → Thunderbird", async () => {
    const todos = [...(await serverItems(server, "todos"))];
    const [doneHref, doneText] = todos[0]!;
    const [renamedHref, renamedText] = todos[1]!;

    const local = (await tb.call<string>("davsyncCalendar.getItem", folders.todos, uidOf(doneText)))!;
    let completed = setProp(local, { name: "STATUS", value: "COMPLETED", component: "VTODO" });
    completed = setProp(completed, { name: "PERCENT-COMPLETE", value: "100", component: "VTODO" });
    completed = setProp(completed, { name: "COMPLETED", value: "20261120T080000Z", component: "VTODO" });
    await tb.call("davsyncCalendar.modifyItem", folders.todos, completed);

    const renamed = `Úkol přejmenovaný na serveru ${Date.now().toString(36)}`;
    const etag = (await serverGet(server, renamedHref)).etag!;
    expect(await serverPut(server, renamedHref, setProp(renamedText, { name: "SUMMARY", value: renamed, component: "VTODO" }), etag)).toBeLessThan(300);

    expect(await syncOne("todos")).toMatchObject({ outcome: "ok", written: { local: 1, remote: 1 } });
    const onServer = (await serverGet(server, doneHref)).text.replace(/\r?\n[ \t]/g, "");
    expect(onServer).toMatch(/\r?\nSTATUS:COMPLETED\r?\n/);
    expect(onServer).toMatch(/\r?\nPERCENT-COMPLETE:100\r?\n/);
    expect(summaryOf((await tb.call<string>("davsyncCalendar.getItem", folders.todos, uidOf(renamedText)))!)).toBe(renamed);
  });

  it("carries contact edits both ways (contacts.update → server, server vCard → Thunderbird)", async () => {
    await save(epProfile({ server, id: "contacts", kind: "contacts", collection: "contacts" }), PASSWORD);
    expect(await syncOne("contacts")).toMatchObject({ outcome: "ok" });
    await learnFolders();
    const cards = [...(await serverItems(server, "contacts"))];
    const nodes = await tb.call<ContactNode[]>("contacts.list", folders.contacts);
    const nodeOf = (text: string) => nodes.find((n) => (n.properties.vCard ?? "").includes(uidOf(text)))!;

    const [localHref, localText] = cards[0]!;
    const node = nodeOf(localText);
    const note = `Poznámka z Thunderbirdu ${Date.now().toString(36)}`;
    await tb.call("contacts.update", node.id, { vCard: setProp(node.properties.vCard!, { name: "NOTE", value: note, component: "VCARD" }) });

    const [remoteHref, remoteText] = cards[1]!;
    const phone = "+420 777 123 456";
    const etag = (await serverGet(server, remoteHref)).etag!;
    expect(await serverPutCard(server, remoteHref, setProp(remoteText, { name: "TEL;TYPE=work", value: phone, component: "VCARD" }), etag)).toBeLessThan(300);

    expect(await syncOne("contacts")).toMatchObject({ outcome: "ok", written: { local: 1, remote: 1 } });
    expect((await serverGet(server, localHref)).text.replace(/\r?\n[ \t]/g, "")).toContain(`NOTE:${note}`);
    const updated = await tb.call<ContactNode>("contacts.get", nodeOf(remoteText).id);
    expect(updated.properties.vCard).toContain(phone);
  });

  it("syncs only the items inside a 7/180-day window and deletes nothing outside it, on either side", async () => {
    const base = epProfile({ server, id: "meetings", kind: "events", collection: "meetings" });
    await save(
      { ...base, sync: { ...base.sync, timeRange: { kind: "window", daysPast: 7, daysFuture: 180 } }, schedule: { ...base.schedule, onChange: { enabled: false, debounceSeconds: 10 } } },
      PASSWORD,
    );
    const before = await serverItems(server, "meetings");
    const now = Date.now();
    const window = { start: now - 7 * DAY_MS, end: now + 180 * DAY_MS };
    const inside = new Set([...before.values()].filter((text) => inWindow({ span: itemSpan({ text }), window })).map(uidOf));
    // The seeded dates spread over −4…+8 months around this week: the window cuts through them.
    expect(inside.size).toBeGreaterThan(0);
    expect(inside.size).toBeLessThan(before.size);

    expect(await syncOne("meetings")).toMatchObject({ outcome: "ok" });
    await learnFolders();
    expect(new Set((await items(folders.meetings!)).map((i) => i.id))).toEqual(inside);

    // A local event far in the past stays local; one next week goes up.
    const suffix = Date.now().toString(36);
    const oldUid = `e2e-old-${suffix}@davsync.test`;
    const soonUid = `e2e-soon-${suffix}@davsync.test`;
    await tb.call("davsyncCalendar.addItem", folders.meetings, eventIcs({ uid: oldUid, summary: "Stará porada", day: "20200310" }));
    await tb.call("davsyncCalendar.addItem", folders.meetings, eventIcs({ uid: soonUid, summary: "Porada příští týden", day: ymd(now + 7 * DAY_MS) }));
    // A synced server event moved out of the window is updated, not deleted, in Thunderbird.
    const [movedHref, movedText] = [...before].find(([, text]) => inside.has(uidOf(text)) && !/\nRRULE/.test(text))!;
    const moved = setProp(setProp(movedText, { name: "DTSTART", value: "20200101T090000Z", component: "VEVENT" }), { name: "DTEND", value: "20200101T100000Z", component: "VEVENT" });
    expect(await serverPut(server, movedHref, moved, (await serverGet(server, movedHref)).etag!)).toBeLessThan(300);

    const second = await syncOne("meetings");
    expect(second, JSON.stringify(second)).toMatchObject({ outcome: "ok", written: { local: 1, remote: 1 } });
    const after = await serverEtags(server, server.collections.meetings!);
    for (const href of before.keys()) expect(after.has(href), href).toBe(true);
    expect(after.size).toBe(before.size + 1);
    expect((await serverGet(server, `${server.collections.meetings}${resourceName({ uid: soonUid })}.ics`)).status).toBe(200);
    expect((await serverGet(server, `${server.collections.meetings}${resourceName({ uid: oldUid })}.ics`)).status).toBe(404);
    const localIds = new Set((await items(folders.meetings!)).map((i) => i.id));
    expect(localIds).toEqual(new Set([...inside, oldUid, soonUid]));
    expect(await tb.call<string>("davsyncCalendar.getItem", folders.meetings, uidOf(movedText))).toMatch(/DTSTART[^:]*:20200101T/);
  });

  it("lists every profile with its last result in the button's menu; an entry syncs its profile", async () => {
    const wrong = epProfile({ server, id: "attendance", kind: "events", collection: "attendance", username: "mallory" });
    await save(wrong, "wrong-heslo");
    expect(await syncOne("attendance")).toMatchObject({ outcome: "error", needsSignIn: true });

    const entries = await tb.call<MenuEntry[]>("davsyncTest.toolbarMenuEntries");
    const titles = Object.fromEntries(entries.filter((e) => e.kind === "profile").map((e) => [e.profileId, e.title]));
    expect(titles).toEqual({
      todos: expect.stringMatching(/^todos — OK · (just now|1 min ago)$/),
      contacts: expect.stringMatching(/^contacts — OK · /),
      meetings: expect.stringMatching(/^meetings — OK · /),
      attendance: expect.stringMatching(/^✕ attendance — sign in again · just now$/),
    });
    expect(entries.at(-1)).toMatchObject({ kind: "settings", title: "Open settings" });
    // The same entries in Thunderbird's own menu, opened by a right click on the button.
    const shown = await tb.call<{ label: string; disabled: boolean }[]>("e2eDriver.openToolbarContextMenu", `button[extension="${tb.addonId}"]`, 10_000);
    const labels = shown.map((i) => i.label);
    for (const e of entries) if (e.title) expect(labels, JSON.stringify(labels)).toContain(e.title);

    const before = (await overview(tb)).profiles!.find((p) => p.id === "contacts")!.lastResult!.at;
    await tb.call("davsyncTest.clickToolbarMenuItem", "davsync-profile:contacts");
    const after = await waitFor("the contacts run started from the menu", async () => {
      const r = (await overview(tb)).profiles!.find((p) => p.id === "contacts")!.lastResult!;
      return r.at > before ? r : undefined;
    });
    expect(after).toMatchObject({ trigger: "manual", outcome: "ok" });
    // The other profiles did not run.
    const results = Object.fromEntries((await overview(tb)).profiles!.map((p) => [p.id, p.lastResult?.at]));
    expect(results.todos).toBeLessThan(after.at);

    await tb.call("davsyncTest.clickToolbarMenuItem", "davsync-open-settings");
    await waitFor("the options page in a tab", async () => {
      const tabs = await tb.call<{ url?: string }[]>("tabs.query", {});
      return tabs.some((t) => t.url?.includes("/options/index.html"));
    });
  });

  it("leaves no trace of the password in the profile folder outside the encrypted login store", async () => {
    expect(await tb.quit()).toBe("graceful");
    // The scan reads the sqlite files: a synced event's (Czech) summary is found in them.
    expect(filesContaining(tb.profileDir, "Porada příští týden").length).toBeGreaterThan(0);
    const encrypted = new Set(["logins.json", "key4.db"]);
    const basic = basicAuth(server).slice("Basic ".length);
    for (const needle of [PASSWORD, basic]) {
      expect(filesContaining(tb.profileDir, needle).filter((f) => !encrypted.has(f)), needle).toEqual([]);
    }
  });
});
