// Data fidelity in a real Thunderbird: every corpus item goes server text → toThunderbird →
// Thunderbird → back. An untouched item must patch onto the server copy as no change at all; a
// title edit made in Thunderbird must reach the server copy alone (every server property,
// parameter and override survives). Records what Thunderbird keeps / transforms / drops into
// docs/data-fidelity.md. Runs in Asia/Tokyo (UTC+9); all-day items are rechecked in New York.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type HtmlWindow, contentHash, createHtmlSanitizer, fromThunderbird, htmlToText, itemIdentity, normalize, parseItem, patchItem, toThunderbird,
} from "../../src/ical";
import { REPO_ROOT } from "./build-addon";
import { compareItem, type Observation } from "./fidelity-compare";
import { allDayEnd, corpus, masterDates, withTitle, type CorpusFile } from "./fidelity-items";
import { renderReport, writeReport, type FileResult } from "./fidelity-report";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { querySqlite, sqlString } from "./profile-files";

type CalendarInfo = messenger.davsyncCalendar.CalendarInfo;
/** Files also added without toThunderbird, to see what Thunderbird itself does with their TZIDs. */
const RAW_PROBES = ["outlook-pacific-no-vtimezone.ics", "outlook-weurope-alt-desc.ics", "outlook-display-name-tzid.ics"];
// jsdom ships no types (and @types/jsdom is not a dependency): typed here by what we use of it.
const { JSDOM } = createRequire(import.meta.url)("jsdom") as { JSDOM: new (html: string) => { window: HtmlWindow } };
const { window } = new JSDOM("");
const sanitize = createHtmlSanitizer({ window });
const prepare = (text: string): string => toThunderbird({ text, sanitize, htmlToText: (html) => htmlToText({ html, window }) });

interface Stored extends CorpusFile {
  given: string;
  afterAdd: string;
  uid: string;
  /** Calendar id, or the contact id Thunderbird gave the card. */
  where: string;
}

/** Canonical lines only one of the two texts has, for a failure message. */
function canonicalDelta(params: { actual: string; expected: string }): string {
  const [a, e] = [normalize({ text: params.actual }).split("\n"), normalize({ text: params.expected }).split("\n")];
  return [...a.filter((l) => !e.includes(l)).map((l) => `+ ${l}`), ...e.filter((l) => !a.includes(l)).map((l) => `- ${l}`)].join("\n");
}

async function launch(zone: string): Promise<ThunderbirdSession> {
  const tb = await launchThunderbirdWithAddon({ mode: "xvfb", prefs: { "calendar.timezone.useSystemTimezone": false, "calendar.timezone.local": zone } });
  console.log(`[fidelity] ${zone}: run dir ${tb.runDir}, start ${tb.timings.startMs} ms`);
  return tb;
}

/** The item without Thunderbird's reminder state (X-MOZ-LASTACK, X-MOZ-SNOOZE-TIME*), folded lines included. */
function withoutReminderState(text: string): string {
  return text.replace(/^X-MOZ-(LASTACK|SNOOZE-TIME)[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n/gim, "");
}

describe("data fidelity: the corpus through Thunderbird (calendar.timezone.local = Asia/Tokyo)", () => {
  let tb: ThunderbirdSession;
  let events: CalendarInfo;
  let tasks: CalendarInfo;
  let bookId: string;
  let raw: CalendarInfo;
  const stored: Stored[] = [];
  const observations: Observation[] = [];
  const results = new Map<string, FileResult>();
  const result = (file: string): FileResult => results.get(file) ?? (results.set(file, { file, untouched: false, edit: false, note: "" }).get(file) as FileResult);
  const note = (file: string, text: string): void => {
    const r = result(file);
    r.note = [r.note, text].filter(Boolean).join("; ");
  };

  beforeAll(async () => {
    tb = await launch("Asia/Tokyo");
    events = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Fidelity events" });
    tasks = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Fidelity tasks" });
    bookId = await tb.call<string>("addressBooks.create", { name: "Fidelity contacts" });
    mkdirSync(join(tb.runDir, "thunderbird-texts"), { recursive: true });
  });
  /** Thunderbird's text of a corpus file, kept with the run's artifacts for reading the findings. */
  const keep = (file: string, text: string): void => writeFileSync(join(tb.runDir, "thunderbird-texts", basename(file)), text);

  afterAll(async () => {
    if (observations.length > 0) {
      const section = renderReport({ observations, results: [...results.values()], thunderbird: tb?.ready.appVersion ?? "?", zone: "Asia/Tokyo" });
      writeReport({ file: join(REPO_ROOT, "docs/data-fidelity.md"), section });
    }
    await tb?.quit();
  });

  it("stores every corpus .ics and reads it back at the same instants (≥ 50 files)", async () => {
    const files = corpus({ format: "ics" });
    expect(files.length).toBeGreaterThanOrEqual(50);
    const failures: string[] = [];
    for (const f of files) {
      const given = prepare(f.text);
      const item = parseItem({ text: given });
      const calendarId = item.kind === "task" ? tasks.id : events.id;
      try {
        await tb.call("davsyncCalendar.addItem", calendarId, given);
      } catch (e) {
        failures.push(`${f.file}: addItem failed: ${(e as Error).message}`);
        continue;
      }
      const afterAdd = await tb.call<string>("davsyncCalendar.getItem", calendarId, item.uid);
      stored.push({ ...f, given, afterAdd, uid: item.uid, where: calendarId });
      keep(f.file, afterAdd);
      observations.push(...compareItem({ file: f.file, given, got: afterAdd }));
      const dropped = observations.filter((o) => o.file === f.file && o.outcome === "dropped").map((o) => `${o.where} ${o.name}`);
      if (dropped.length) note(f.file, `Thunderbird dropped ${[...new Set(dropped)].join(", ")}`);
      // Same start / end instants and title, whatever zone spelling Thunderbird chose.
      const [was, now] = [itemIdentity({ text: f.text }).matchKey, itemIdentity({ text: afterAdd }).matchKey];
      if (was !== now) failures.push(`${f.file}: times moved: ${was} → ${now}`);
    }
    expect(failures).toEqual([]);
  });

  it("an untouched item patches onto the server copy as no change (same text, same hash)", async () => {
    const failures: string[] = [];
    for (const s of stored.filter((x) => x.file.endsWith(".ics"))) {
      const now = await tb.call<string>("davsyncCalendar.getItem", s.where, s.uid);
      const patched = patchItem({ target: s.text, before: fromThunderbird({ text: s.afterAdd }), after: fromThunderbird({ text: now }) });
      const ok = patched === s.text && contentHash({ text: patched }) === contentHash({ text: s.text });
      result(s.file).untouched = ok;
      if (!ok) failures.push(`${s.file}:\n${canonicalDelta({ actual: patched, expected: s.text })}`);
    }
    expect(failures).toEqual([]);
  });

  it("a title edit in Thunderbird changes only the title of the server copy", async () => {
    const failures: string[] = [];
    for (const s of stored.filter((x) => x.file.endsWith(".ics"))) {
      const title = `Upraveno v Thunderbirdu – ${s.file.slice(4, 24)}`;
      const now = await tb.call<string>("davsyncCalendar.getItem", s.where, s.uid);
      await tb.call("davsyncCalendar.modifyItem", s.where, withTitle({ text: now, title }));
      const edited = await tb.call<string>("davsyncCalendar.getItem", s.where, s.uid);
      const patched = patchItem({ target: s.text, before: fromThunderbird({ text: s.afterAdd }), after: fromThunderbird({ text: edited }) });
      const expected = withTitle({ text: s.text, title });
      // Thunderbird's alarm service may acknowledge or snooze a reminder that falls due while the
      // test runs (the corpus has real dates): that reminder state is Thunderbird's own change, not
      // the edit's, so it is left out of the comparison.
      const ok = contentHash({ text: withoutReminderState(patched) }) === contentHash({ text: withoutReminderState(expected) });
      result(s.file).edit = ok;
      if (!ok) failures.push(`${s.file}:\n${canonicalDelta({ actual: patched, expected })}`);
    }
    expect(failures).toEqual([]);
  });

  it("all-day (DATE) items keep their dates and floating times stay floating in UTC+9", () => {
    const failures: string[] = [];
    let allDay = 0;
    for (const s of stored) {
      const [was, now] = [masterDates({ text: s.text }), masterDates({ text: s.afterAdd })];
      if (was.DTSTART?.isDate) {
        allDay += 1;
        if (!now.DTSTART?.isDate || now.DTSTART.value !== was.DTSTART.value) failures.push(`${s.file}: DTSTART ${was.DTSTART.value} → ${JSON.stringify(now.DTSTART)}`);
        if (allDayEnd({ text: s.afterAdd }) !== allDayEnd({ text: s.text })) failures.push(`${s.file}: end ${allDayEnd({ text: s.text })} → ${allDayEnd({ text: s.afterAdd })}`);
      }
      for (const name of ["DTSTART", "DTEND", "DUE"]) {
        const w = was[name];
        const n = now[name];
        if (w && !w.isDate && !w.tzid && !w.value.endsWith("Z") && (n?.tzid || n?.value.endsWith("Z") || n?.value !== w.value)) {
          failures.push(`${s.file}: floating ${name} ${w.value} → ${JSON.stringify(n)}`);
        }
      }
    }
    expect(allDay).toBeGreaterThanOrEqual(8);
    expect(failures).toEqual([]);
  });

  it("HTML descriptions: Thunderbird gets sanitized ALTREP HTML; its HTML edit returns as X-ALT-DESC", async () => {
    const s = stored.find((x) => x.file === "ics/outlook-alt-desc-unsafe.ics");
    expect(s).toBeDefined();
    const back = parseItem({ text: s!.afterAdd });
    const desc = back.root.comps.find((c) => c.name === "VEVENT")?.props.find((p) => p.name === "DESCRIPTION");
    const html = decodeURIComponent(desc?.params.find((p) => p.name === "ALTREP")?.values[0]?.replace(/^data:text\/html,/, "") ?? "");
    expect(html).toContain('href="https://intranet.example.de/agenda"');
    expect(html).not.toMatch(/script|onclick|onerror|onload|javascript:|iframe/i);
    // Edit as Thunderbird's editor does (descriptionHTML): new ALTREP and new plain text together.
    const now = await tb.call<string>("davsyncCalendar.getItem", s!.where, s!.uid);
    const newHtml = "<p>Nová <b>agenda</b></p>";
    const edited = now.replace(/DESCRIPTION;[^]*?(?=\r\n[A-Z])/, `DESCRIPTION;ALTREP="data:text/html,${encodeURIComponent(newHtml)}":Nová agenda`);
    await tb.call("davsyncCalendar.modifyItem", s!.where, edited);
    const after = await tb.call<string>("davsyncCalendar.getItem", s!.where, s!.uid);
    const patched = patchItem({ target: s!.text, before: fromThunderbird({ text: now }), after: fromThunderbird({ text: after }) });
    expect(patched).toContain("X-ALT-DESC;FMTTYPE=text/html:<p>Nová <b>agenda</b></p>");
    expect(patched).toMatch(/DESCRIPTION:Nová agenda\r\n/);
    expect(patched).not.toContain("ALTREP");
  });

  it("Windows TZIDs given raw (not mapped): what Thunderbird returns", async () => {
    raw = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Fidelity raw" });
    for (const name of RAW_PROBES) {
      const f = corpus({ format: "ics" }).find((x) => x.file === `ics/${name}`)!;
      const uid = parseItem({ text: f.text }).uid;
      await tb.call("davsyncCalendar.addItem", raw.id, f.text);
      const back = await tb.call<string>("davsyncCalendar.getItem", raw.id, uid);
      const dates = masterDates({ text: back });
      console.log(`[fidelity] raw ${name}: DTSTART ${JSON.stringify(dates.DTSTART)}; identity ${itemIdentity({ text: back }).matchKey}`);
    }
  });

  it("stores every corpus vCard through messenger.contacts and patches untouched / edited cards losslessly", async () => {
    const failures: string[] = [];
    for (const f of corpus({ format: "vcf" })) {
      let id: string;
      try {
        id = await tb.call<string>("contacts.create", bookId, { vCard: f.text });
      } catch (e) {
        failures.push(`${f.file}: contacts.create failed: ${(e as Error).message}`);
        continue;
      }
      const get = async (): Promise<string> => (await tb.call<{ properties: { vCard: string } }>("contacts.get", id)).properties.vCard;
      const afterAdd = await get();
      keep(f.file, afterAdd);
      observations.push(...compareItem({ file: f.file, given: f.text, got: afterAdd }));
      const dropped = observations.filter((o) => o.file === f.file && o.outcome === "dropped").map((o) => o.name);
      if (dropped.length) note(f.file, `Thunderbird dropped ${[...new Set(dropped)].join(", ")}`);
      const untouched = patchItem({ target: f.text, before: afterAdd, after: await get() });
      result(f.file).untouched = untouched === f.text;
      if (untouched !== f.text) failures.push(`${f.file} (untouched):\n${canonicalDelta({ actual: untouched, expected: f.text })}`);
      const title = `Upraveno v Thunderbirdu ${f.file.slice(4, 20)}`;
      await tb.call("contacts.update", id, { vCard: withTitle({ text: afterAdd, title }) });
      const patched = patchItem({ target: f.text, before: afterAdd, after: await get() });
      const expected = withTitle({ text: f.text, title });
      result(f.file).edit = contentHash({ text: patched }) === contentHash({ text: expected });
      if (!result(f.file).edit) failures.push(`${f.file} (edit):\n${canonicalDelta({ actual: patched, expected })}`);
    }
    expect(failures).toEqual([]);
  });
  it("after quitting, the stored zones show which TZIDs Thunderbird knows and why display names are mapped", async () => {
    expect(await tb.quit()).toBe("graceful");
    const db = join(tb.profileDir, "calendar-data/local.sqlite");
    const uidOf = (name: string): string => parseItem({ text: corpus({ format: "ics" }).find((f) => f.file === `ics/${name}`)!.text }).uid;
    const zones = async (calendarId: string): Promise<Record<string, string>> => {
      const ids = RAW_PROBES.map(uidOf);
      const rows = await querySqlite<{ id: string; tz: string }>(db, `SELECT id, event_start_tz AS tz FROM cal_events WHERE cal_id = ${sqlString(calendarId)} AND recurrence_id IS NULL AND id IN (${ids.map(sqlString).join(", ")})`);
      const byId = new Map(rows.map((r) => [r.id, r.tz.startsWith("BEGIN:VTIMEZONE") ? "(the given VTIMEZONE text)" : r.tz]));
      return Object.fromEntries(RAW_PROBES.map((name) => [name, byId.get(uidOf(name)) ?? "(missing)"]));
    };
    const [rawZones, mappedZones] = [await zones(raw.id), await zones(events.id)];
    console.log(`[fidelity] stored start zones, raw: ${JSON.stringify(rawZones)}; mapped: ${JSON.stringify(mappedZones)}`);
    // Thunderbird resolves Windows ids itself (ICU knows CLDR's windowsZones): stored by name, its own rules.
    expect(rawZones["outlook-pacific-no-vtimezone.ics"]).toBe("Pacific Standard Time");
    expect(rawZones["outlook-weurope-alt-desc.ics"]).toBe("W. Europe Standard Time");
    // A name it does not know, without a VTIMEZONE, is stored as floating: after a restart 14:30 is 14:30 anywhere.
    expect(rawZones["outlook-display-name-tzid.ics"]).toBe("floating");
    expect(mappedZones).toEqual({
      "outlook-pacific-no-vtimezone.ics": "America/Los_Angeles",
      "outlook-weurope-alt-desc.ics": "Europe/Berlin",
      "outlook-display-name-tzid.ics": "Europe/Berlin",
    });
    for (const [name, zone] of Object.entries(rawZones)) note(`ics/${name}`, `given raw, stored with zone ${zone}`);
    await tb.removeProfile(); // kept when anything before failed (this test then fails first)
  });
});

describe("all-day items in America/New_York (UTC−5)", () => {
  let tb: ThunderbirdSession;
  afterAll(async () => {
    await tb?.quit();
  });

  it("adds every all-day and floating corpus item and reads back the same DATE / floating values", async () => {
    tb = await launch("America/New_York");
    const calendar = await tb.call<CalendarInfo>("davsyncCalendar.createCalendar", { name: "Fidelity New York" });
    const failures: string[] = [];
    let checked = 0;
    for (const f of corpus({ format: "ics" })) {
      const was = masterDates({ text: f.text });
      const floating = Object.values(was).some((d) => !d.isDate && !d.tzid && !d.value.endsWith("Z"));
      if (!was.DTSTART?.isDate && !floating) continue;
      checked += 1;
      const uid = parseItem({ text: f.text }).uid;
      await tb.call("davsyncCalendar.addItem", calendar.id, prepare(f.text));
      const back = await tb.call<string>("davsyncCalendar.getItem", calendar.id, uid);
      const now = masterDates({ text: back });
      for (const [name, w] of Object.entries(was)) {
        const n = now[name];
        if (!n || n.value !== w.value || n.isDate !== w.isDate || (!w.tzid && n.tzid)) failures.push(`${f.file}: ${name} ${JSON.stringify(w)} → ${JSON.stringify(n)}`);
      }
      if (was.DTSTART?.isDate && allDayEnd({ text: back }) !== allDayEnd({ text: f.text })) failures.push(`${f.file}: end ${allDayEnd({ text: f.text })} → ${allDayEnd({ text: back })}`);
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(failures).toEqual([]);
    expect(await tb.quit()).toBe("graceful");
    await tb.removeProfile();
  });
});
