// Foundation e2e: the built add-on inside a real Thunderbird under Xvfb. Proves the add-on
// starts, the calendar and credentials experiments work for events, tasks and passwords, contacts
// work through messenger.contacts, and — after Thunderbird has quit — that the data really is in
// the profile's files (sqlite, prefs.js, logins.json) and the password nowhere in plain text.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_DIST, REPO_ROOT } from "./build-addon";
import {
  CONTACT_EMAIL,
  contactVCard,
  icalDay,
  meetingIcs,
  MEETING_LOCATION,
  MEETING_SUMMARY,
  modifiedMeetingIcs,
  MODIFIED_SUMMARY,
  shortEventIcs,
  taskIcs,
  TASK_SUMMARY,
} from "./fixtures/foundation-items";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { filesContaining, querySqlite, readPrefs, sqlString } from "./profile-files";

type CalendarInfo = messenger.davsyncCalendar.CalendarInfo;
type ItemSummary = messenger.davsyncCalendar.ItemSummary;

/** The parts of one VEVENT/VTODO that must survive a round trip through Thunderbird. */
function meaning(ics: string, component: "vevent" | "vtodo") {
  const root = new ICAL.Component(ICAL.parse(ics));
  const masters = root.getAllSubcomponents(component).filter((c) => !c.hasProperty("recurrence-id"));
  expect(masters, `exactly one ${component} master in:\n${ics}`).toHaveLength(1);
  const c = masters[0]!;
  const dtstart = c.getFirstProperty("dtstart");
  return {
    uid: c.getFirstPropertyValue("uid"),
    summary: c.getFirstPropertyValue("summary"),
    dtstart: dtstart ? { value: String(dtstart.getFirstValue()), tzid: dtstart.getParameter("tzid") ?? null } : null,
    location: c.getFirstPropertyValue("location"),
    description: c.getFirstPropertyValue("description"),
    categories: c.getAllProperties("categories").flatMap((p) => p.getValues().map(String)).sort(),
    x: c.getFirstPropertyValue("x-easyproject-entity"),
    alarms: c.getAllSubcomponents("valarm").map((a) => String(a.getFirstPropertyValue("trigger"))),
    exceptions: root
      .getAllSubcomponents(component)
      .filter((x) => x.hasProperty("recurrence-id"))
      .map((x) => String(x.getFirstPropertyValue("summary"))),
  };
}

describe("foundation: the add-on in a real Thunderbird (Xvfb)", () => {
  let tb: ThunderbirdSession;
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const meetingUid = `e2e-porada-${suffix}@davsync.test`;
  const taskUid = `e2e-ukol-${suffix}@davsync.test`;
  const doomedUid = `e2e-smazat-${suffix}@davsync.test`;
  const contactUid = `e2e-kontakt-${suffix}`;
  const calendarName = "Porady E2E";
  const calendarColor = "#2e7d32";
  const bookName = "E2E Kontakty";
  const login = { origin: "https://acme.easyproject.cz", username: "jiri.dvorak" };
  const password = `Tajné-heslo-${suffix}-ěščř`;
  let calendar: CalendarInfo;
  let bookId: string;

  beforeAll(async () => {
    tb = await launchThunderbirdWithAddon({ mode: "xvfb" });
    const { buildMs, startMs } = tb.timings;
    console.log(`[e2e] run dir ${tb.runDir} (Thunderbird log: ${tb.logFile}); build ${buildMs} ms, start ${startMs} ms`);
  });

  afterAll(async () => {
    await tb?.quit();
  });

  it("starts the add-on: the driver reports ready with the built add-on's version", async () => {
    expect(tb.ready.appName).toBe("Thunderbird");
    const manifest = await tb.call<{ version: string; browser_specific_settings: { gecko: { id: string } } }>(
      "runtime.getManifest",
    );
    expect(manifest.version).toBe(tb.addonVersion);
    expect(tb.ready.addonVersion).toBe(tb.addonVersion);
    expect(manifest.browser_specific_settings.gecko.id).toBe(tb.addonId);
  });

  it("lists calendars and creates a local calendar with name and color", async () => {
    const before = await tb.call<CalendarInfo[]>("davsyncCalendar.getCalendars");
    expect(Array.isArray(before)).toBe(true);
    calendar = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: calendarName, color: calendarColor });
    expect(calendar).toMatchObject({ name: calendarName, color: calendarColor, type: "storage", readOnly: false });
    expect(calendar.itemTypes).toEqual(["event", "task"]);
    const after = await tb.call<CalendarInfo[]>("davsyncCalendar.getCalendars");
    expect(after.map((c) => c.id)).toContain(calendar.id);
    expect(await tb.call("davsyncCalendar.getCalendar", calendar.id)).toEqual(calendar);
    expect(await tb.call("davsyncCalendar.getCalendar", "no-such-calendar")).toBeNull();
  });

  it("adds a VEVENT from iCalendar text and reads it back with the same meaning", async () => {
    const ics = meetingIcs(meetingUid, icalDay(1));
    const summary = await tb.call<ItemSummary>("davsyncCalendar.addItem", calendar.id, ics);
    expect(summary).toMatchObject({ calendarId: calendar.id, id: meetingUid, type: "event", title: MEETING_SUMMARY });
    expect(summary.lastModified).toBe(Date.UTC(2026, 0, 1, 8, 0, 0));
    await tb.waitForEvent("davsyncCalendar.onItemAdded", ([item]) => (item as ItemSummary).id === meetingUid);

    const back = await tb.call<string | null>("davsyncCalendar.getItem", calendar.id, meetingUid);
    expect(back, "getItem returned null for the item just added").not.toBeNull();
    const expected = meaning(ics, "vevent");
    const actual = meaning(back!, "vevent");
    expect(actual).toEqual(expected);
    expect(actual.dtstart?.tzid).toBe("Europe/Prague");
    expect(back).toContain("BEGIN:VTIMEZONE");

    const items = await tb.call<ItemSummary[]>("davsyncCalendar.listItems", calendar.id);
    expect(items).toEqual([summary]);
  });

  it("modifies the event into a recurring series with an exception and fires onItemModified", async () => {
    const ics = modifiedMeetingIcs(meetingUid, icalDay(1), icalDay(8));
    const summary = await tb.call<ItemSummary>("davsyncCalendar.modifyItem", calendar.id, ics);
    expect(summary).toMatchObject({ id: meetingUid, title: MODIFIED_SUMMARY });
    await tb.waitForEvent(
      "davsyncCalendar.onItemModified",
      ([item]) => (item as ItemSummary).id === meetingUid && (item as ItemSummary).title === MODIFIED_SUMMARY,
    );
    const back = await tb.call<string>("davsyncCalendar.getItem", calendar.id, meetingUid);
    const actual = meaning(back, "vevent");
    expect(actual).toEqual(meaning(ics, "vevent"));
    expect(actual.exceptions).toEqual([`${MODIFIED_SUMMARY} — odpoledne`]);
    expect(back).toContain("RRULE:FREQ=WEEKLY;COUNT=4");
    // Still one item: the exception belongs to its master.
    expect(await tb.call<ItemSummary[]>("davsyncCalendar.listItems", calendar.id)).toHaveLength(1);

    // Replacing the series without its exception drops the exception (no stale override left).
    const withoutException = ics.slice(0, ics.indexOf("BEGIN:VEVENT", ics.indexOf("END:VEVENT"))) + "END:VCALENDAR\r\n";
    await tb.call("davsyncCalendar.modifyItem", calendar.id, withoutException);
    expect(meaning(await tb.call<string>("davsyncCalendar.getItem", calendar.id, meetingUid), "vevent").exceptions).toEqual([]);
    // ...and putting it back restores it: the state the later checks and the screenshot expect.
    await tb.call("davsyncCalendar.modifyItem", calendar.id, ics);
    expect(meaning(await tb.call<string>("davsyncCalendar.getItem", calendar.id, meetingUid), "vevent").exceptions).toHaveLength(1);
  });

  it("adds a VTODO to a task-capable calendar and reads it back", async () => {
    expect(calendar.itemTypes).toContain("task");
    const ics = taskIcs(taskUid, icalDay(2));
    const summary = await tb.call<ItemSummary>("davsyncCalendar.addItem", calendar.id, ics);
    expect(summary).toMatchObject({ id: taskUid, type: "task", title: TASK_SUMMARY });
    const back = await tb.call<string>("davsyncCalendar.getItem", calendar.id, taskUid);
    const root = new ICAL.Component(ICAL.parse(back));
    const todo = root.getFirstSubcomponent("vtodo");
    expect(todo, `no VTODO in:\n${back}`).not.toBeNull();
    expect(todo!.getFirstPropertyValue("summary")).toBe(TASK_SUMMARY);
    expect(String(todo!.getFirstPropertyValue("due"))).toBe(
      `${icalDay(2).slice(0, 4)}-${icalDay(2).slice(4, 6)}-${icalDay(2).slice(6, 8)}`,
    );
    expect(todo!.getFirstPropertyValue("priority")).toBe(1);
  });

  it("deletes an item and fires onItemRemoved", async () => {
    await tb.call("davsyncCalendar.addItem", calendar.id, shortEventIcs(doomedUid, icalDay(3), "Ke smazání"));
    await tb.call("davsyncCalendar.deleteItem", calendar.id, doomedUid);
    const removed = await tb.waitForEvent("davsyncCalendar.onItemRemoved", ([, id]) => id === doomedUid);
    expect(removed.args).toEqual([calendar.id, doomedUid]);
    expect(await tb.call("davsyncCalendar.getItem", calendar.id, doomedUid)).toBeNull();
    const ids = (await tb.call<ItemSummary[]>("davsyncCalendar.listItems", calendar.id)).map((i) => i.id).sort();
    expect(ids).toEqual([meetingUid, taskUid].sort());
  });

  it("refuses bad input with errors that name the calendar or item", async () => {
    await expect(tb.call("davsyncCalendar.listItems", "nope-1234")).rejects.toThrow("Calendar nope-1234 does not exist");
    await expect(tb.call("davsyncCalendar.addItem", calendar.id, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).rejects.toThrow(
      `No VEVENT or VTODO in the iCalendar text given for calendar ${calendar.id}`,
    );
    await expect(tb.call("davsyncCalendar.addItem", calendar.id, meetingIcs(meetingUid, icalDay(1)))).rejects.toThrow(
      `Item ${meetingUid} already exists in calendar ${calendar.id}`,
    );
    await expect(tb.call("davsyncCalendar.deleteItem", calendar.id, "missing-uid")).rejects.toThrow(
      `Item missing-uid does not exist in calendar ${calendar.id}`,
    );
    const readOnly = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Jen ke čtení", readOnly: true });
    expect(readOnly.readOnly).toBe(true);
    await expect(
      tb.call("davsyncCalendar.addItem", readOnly.id, shortEventIcs(`ro-${suffix}`, icalDay(1), "Nesmí projít")),
    ).rejects.toThrow(`Calendar ${readOnly.id} ("Jen ke čtení") is read-only`);
    await tb.call("davsyncCalendar.deleteCalendar", readOnly.id);
    expect(await tb.call("davsyncCalendar.getCalendar", readOnly.id)).toBeNull();
  });

  it("addItems stores N items in one call and reports a failing text per item, without failing the others", async () => {
    const bulk = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Hromadně" });
    const uids = Array.from({ length: 20 }, (_, i) => `bulk-${i}-${suffix}`);
    const texts = uids.map((uid, i) => shortEventIcs(uid, icalDay(1 + (i % 5)), `Hromadně ${i}`));
    await tb.call("davsyncCalendar.addItem", bulk.id, shortEventIcs(`bulk-old-${suffix}`, icalDay(2), "Už tam je"));
    const bad = [
      "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", // no item
      shortEventIcs(`bulk-old-${suffix}`, icalDay(2), "Podruhé"), // already in the calendar
      shortEventIcs(uids[3]!, icalDay(4), "Dvakrát v jednom volání"), // twice in this call
    ];
    const all = [...texts.slice(0, 5), bad[0]!, ...texts.slice(5, 10), bad[1]!, ...texts.slice(10), bad[2]!];
    type AddResult = { summary?: ItemSummary; ics?: string; error?: string };
    const results = await tb.call<AddResult[]>("davsyncCalendar.addItems", bulk.id, all);
    expect(results).toHaveLength(all.length);
    const errors = results.flatMap((r, i) => (r.error !== undefined ? [i] : []));
    expect(errors).toEqual([5, 11, all.length - 1]);
    expect(results[5]!.error).toContain("No VEVENT or VTODO");
    expect(results[11]!.error).toContain(`Item bulk-old-${suffix} already exists in calendar ${bulk.id}`);
    expect(results[all.length - 1]!.error).toContain("given twice");
    const ok = results.filter((r) => r.error === undefined);
    expect(ok.map((r) => r.summary!.id)).toEqual(uids);
    for (const r of ok) expect(r.ics).toContain(`UID:${r.summary!.id}`);
    // What addItems returns is what the calendar holds, zones named but not defined.
    const [first] = await tb.call<{ ics: string | null; summary: ItemSummary | null }[]>("davsyncCalendar.getItems", bulk.id, [uids[0]]);
    expect(first!.summary).toEqual(ok[0]!.summary);
    const withoutZones = (ics: string) => ics.replace(/BEGIN:VTIMEZONE\r\n[\s\S]*?END:VTIMEZONE\r\n/g, "");
    expect(ok[0]!.ics).not.toContain("BEGIN:VTIMEZONE");
    expect(ok[0]!.ics).toBe(withoutZones(first!.ics!));
    const listed = (await tb.call<ItemSummary[]>("davsyncCalendar.listItems", bulk.id)).map((i) => i.id).sort();
    expect(listed).toEqual([...uids, `bulk-old-${suffix}`].sort());
    // A read-only calendar refuses every text, each with its own error.
    const readOnly = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Hromadně jen ke čtení", readOnly: true });
    const refused = await tb.call<AddResult[]>("davsyncCalendar.addItems", readOnly.id, texts.slice(0, 2));
    expect(refused.map((r) => r.error)).toEqual([expect.stringContaining("is read-only"), expect.stringContaining("is read-only")]);
    await tb.call("davsyncCalendar.deleteCalendar", readOnly.id);
    await tb.call("davsyncCalendar.deleteCalendar", bulk.id);
  });

  it("addItems keeps each text's own VTIMEZONE when two texts define one TZID differently", async () => {
    const bulk = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Zóny" });
    // Outlook writes custom zones under one TZID with the definition of the sender's machine.
    const zoneText = (offset: string) =>
      ["BEGIN:VTIMEZONE", "TZID:Custom Zone", "BEGIN:STANDARD", "DTSTART:16010101T000000", `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, "END:STANDARD", "END:VTIMEZONE"].join("\r\n");
    const eventText = (uid: string, offset: string) =>
      ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", zoneText(offset), "BEGIN:VEVENT", `UID:${uid}`, "DTSTAMP:20260101T000000Z", "DTSTART;TZID=Custom Zone:20260310T120000", "DURATION:PT1H", "SUMMARY:Zóna", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
    const uids = [`zone-a-${suffix}`, `zone-b-${suffix}`, `zone-c-${suffix}`];
    const results = await tb.call<{ summary?: ItemSummary; ics?: string; error?: string }[]>("davsyncCalendar.addItems", bulk.id, [
      eventText(uids[0]!, "+0100"),
      eventText(uids[1]!, "+0500"),
      eventText(uids[2]!, "+0100"),
    ]);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    const stored = await tb.call<{ ics: string | null }[]>("davsyncCalendar.getItems", bulk.id, uids);
    const offsets = stored.map((r) => /TZOFFSETTO:([+-]\d{4})/.exec(r.ics ?? "")?.[1]);
    expect(offsets).toEqual(["+0100", "+0500", "+0100"]);
    await tb.call("davsyncCalendar.deleteCalendar", bulk.id);
  });

  it("stores, replaces, reads and deletes passwords in the login manager", async () => {
    const key = login;
    expect(await tb.call("davsyncCredentials.getPassword", { origin: "https://unknown.example", username: "x" })).toBeNull();
    await tb.call("davsyncCredentials.setPassword", { ...key, password: "first" });
    expect(await tb.call("davsyncCredentials.getPassword", key)).toBe("first");
    await tb.call("davsyncCredentials.setPassword", { ...key, password: "second" });
    // Same login in another spelling of the origin: one entry, replaced.
    expect(await tb.call("davsyncCredentials.getPassword", { ...key, origin: "HTTPS://ACME.easyproject.cz:443" })).toBe("second");
    expect(await tb.call("davsyncCredentials.deletePassword", key)).toBe(true);
    expect(await tb.call("davsyncCredentials.deletePassword", key)).toBe(false);
    expect(await tb.call("davsyncCredentials.getPassword", key)).toBeNull();
    await expect(
      tb.call("davsyncCredentials.getPassword", { origin: "https://acme.easyproject.cz/caldav/", username: "x" }),
    ).rejects.toThrow('Invalid server origin "https://acme.easyproject.cz/caldav/"');
    // Left in place for the file checks after quit.
    await tb.call("davsyncCredentials.setPassword", { ...key, password });
    expect(await tb.call("davsyncCredentials.getPassword", key)).toBe(password);
  });

  it("creates a contact from a vCard in a new address book", async () => {
    bookId = await tb.call<string>("addressBooks.create", { name: bookName });
    const id = await tb.call<string>("contacts.create", bookId, { vCard: contactVCard(contactUid) });
    expect(id).toBe(contactUid);
    await tb.waitForEvent("contacts.onCreated", ([node]) => (node as { id: string }).id === contactUid);
    // MV2: the vCard is at node.properties.vCard.
    const node = await tb.call<{ properties: Record<string, string> }>("contacts.get", contactUid);
    expect(node.properties.PrimaryEmail).toBe(CONTACT_EMAIL);
    expect(node.properties.vCard).toContain("FN:Jiří Dvořák");
  });

  it("shows the toolbar button in the main window (screenshot)", async () => {
    const buttons = await tb.call<messenger.e2eDriver.ElementInfo[]>(
      "e2eDriver.queryMainWindow",
      `button[extension="${tb.addonId}"]`,
    );
    expect(buttons, "the add-on's toolbar button is not in the main window").toHaveLength(1);
    // The label comes from the English locale (Thunderbird runs en-US here): "Sync now".
    const messages = JSON.parse(readFileSync(join(E2E_DIST, "_locales/en/messages.json"), "utf8")) as Record<string, { message: string }>;
    expect(buttons[0]).toMatchObject({ label: messages.syncNowLabel?.message, visible: true });
    // Fill the screen so the screenshot shows the whole window (Xvfb has no window manager).
    const [main] = await tb.call<{ id: number }[]>("windows.getAll", { windowTypes: ["normal"] });
    await tb.call("windows.update", main!.id, { left: 0, top: 0, width: 1280, height: 900 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const shot = await tb.screenshot(join(tb.runDir, "main-window.png"));
    console.log(`[e2e] screenshot ${shot}`);
    const docs = join(REPO_ROOT, "docs/screenshots");
    mkdirSync(docs, { recursive: true });
    copyFileSync(shot, join(docs, "thunderbird-main-window.png"));
  });

  it("after quitting, the profile's own files hold the data", async () => {
    const quitStart = Date.now();
    const how = await tb.quit();
    console.log(`[e2e] quit (${how}) in ${Date.now() - quitStart} ms`);
    expect(how, `Thunderbird had to be stopped by ${how}; log: ${tb.logFile}`).toBe("graceful");
    const profile = tb.profileDir;
    const localDb = join(profile, "calendar-data/local.sqlite");

    const events = await querySqlite<{ title: string }>(
      localDb,
      `SELECT title FROM cal_events WHERE cal_id = ${sqlString(calendar.id)} AND id = ${sqlString(meetingUid)} AND recurrence_id IS NULL`,
    );
    expect(events).toEqual([{ title: MODIFIED_SUMMARY }]);
    const overrides = await querySqlite<{ title: string }>(
      localDb,
      `SELECT title FROM cal_events WHERE cal_id = ${sqlString(calendar.id)} AND id = ${sqlString(meetingUid)} AND recurrence_id IS NOT NULL`,
    );
    expect(overrides).toEqual([{ title: `${MODIFIED_SUMMARY} — odpoledne` }]);
    const location = await querySqlite<{ value: string }>(
      localDb,
      `SELECT value FROM cal_properties WHERE cal_id = ${sqlString(calendar.id)} AND item_id = ${sqlString(meetingUid)} AND key = 'LOCATION' AND recurrence_id IS NULL`,
    );
    expect(location).toEqual([{ value: "Zasedačka 5" }]);
    const todos = await querySqlite<{ title: string }>(
      localDb,
      `SELECT title FROM cal_todos WHERE cal_id = ${sqlString(calendar.id)} AND id = ${sqlString(taskUid)}`,
    );
    expect(todos).toEqual([{ title: TASK_SUMMARY }]);
    const doomed = await querySqlite(localDb, `SELECT id FROM cal_events WHERE id = ${sqlString(doomedUid)}`);
    expect(doomed).toEqual([]);

    const prefs = readPrefs(profile);
    const registry = `calendar.registry.${calendar.id}`;
    expect(prefs.get(`${registry}.type`)).toBe("storage");
    expect(prefs.get(`${registry}.name`)).toBe(calendarName);
    expect(prefs.get(`${registry}.color`)).toBe(calendarColor);

    // Find the new book's file through its registration, then the card in it.
    const server = [...prefs].find(([k, v]) => /^ldap_2\.servers\.[^.]+\.description$/.test(k) && v === bookName)?.[0];
    expect(server, `address book "${bookName}" not registered in prefs.js`).toBeDefined();
    const bookFile = prefs.get(server!.replace(/description$/, "filename"));
    expect(typeof bookFile).toBe("string");
    const card = await querySqlite<{ name: string; value: string }>(
      join(profile, String(bookFile)),
      `SELECT name, value FROM properties WHERE card = ${sqlString(contactUid)} AND name IN ('PrimaryEmail', '_vCard')`,
    );
    expect(card.find((r) => r.name === "PrimaryEmail")?.value).toBe(CONTACT_EMAIL);
    expect(card.find((r) => r.name === "_vCard")?.value).toContain("FN:Jiří Dvořák");

    // The password exists only encrypted: logins.json has our entry, no file has the plain text.
    const logins = JSON.parse(readFileSync(join(profile, "logins.json"), "utf8")) as {
      logins: { hostname: string; httpRealm: string; encryptedPassword: string }[];
    };
    const ours = logins.logins.filter((l) => l.httpRealm === "CalDAV Synchronizer");
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ hostname: login.origin });
    expect(ours[0]!.encryptedPassword).not.toContain(password);
    expect(filesContaining(profile, password)).toEqual([]);

    // Everything checked: the profile may go (a failing run keeps it for inspection).
    await tb.removeProfile();
  });
});
