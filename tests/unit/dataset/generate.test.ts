// The dataset generator (scripts/dataset/): deterministic, every item valid for ical.js, series within
// Easy Project's 31-occurrence cap with real EXDATEs and overrides, both vCard versions with PHOTOs,
// and RFC 5545 framing (CRLF, ≤ 75 octets per line, UTF-8 never split).
import { describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { generateDataset } from "../../../scripts/dataset/generate.mjs";

const PARAMS = { events: 60, seed: 7 };
const dataset = generateDataset(PARAMS);
const all = [...dataset.events, ...dataset.todos, ...dataset.contacts];
const MAX_OCCURRENCES = 31;

const parse = (text: string) => new ICAL.Component(ICAL.parse(text) as unknown[]);

/** Occurrence start times (UTC ISO) of a recurring VCALENDAR, and its master / overrides. */
function expand(text: string) {
  const calendar = parse(text);
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const vevents = calendar.getAllSubcomponents("vevent");
  const master = vevents.find((v) => !v.hasProperty("recurrence-id"));
  const overrides = vevents.filter((v) => v.hasProperty("recurrence-id"));
  if (!master) throw new Error("no master VEVENT");
  const iterator = new ICAL.Event(master).iterator();
  const starts: string[] = [];
  for (let next = iterator.next(); next && starts.length <= 1000; next = iterator.next()) starts.push(next.toJSDate().toISOString());
  return { master, overrides, starts };
}

const iso = (value: unknown) => (value as ICAL.Time).toJSDate().toISOString();

describe("generateDataset", () => {
  it("is deterministic: same parameters give byte-identical output", () => {
    expect(JSON.stringify(generateDataset(PARAMS))).toBe(JSON.stringify(dataset));
  });

  it("gives different output for a different seed", () => {
    const other = generateDataset({ ...PARAMS, seed: 8 });
    expect(other.events.map((e) => e.text)).not.toEqual(dataset.events.map((e) => e.text));
    expect(other.contacts.map((c) => c.text)).not.toEqual(dataset.contacts.map((c) => c.text));
  });

  it("keeps item i the same whatever the other counts are", () => {
    const small = generateDataset({ events: 20, todos: 3, cards: 2, seed: PARAMS.seed });
    expect(small.events).toEqual(dataset.events.slice(0, 20));
    expect(small.todos).toEqual(dataset.todos.slice(0, 3));
    expect(small.contacts).toEqual(dataset.contacts.slice(0, 2));
  });

  it("makes the requested counts with unique names and UIDs", () => {
    expect([dataset.events.length, dataset.todos.length, dataset.contacts.length]).toEqual([60, 12, 12]);
    expect(new Set(all.map((i) => i.name)).size).toBe(all.length);
    expect(new Set(all.map((i) => i.uid)).size).toBe(all.length);
  });

  it("produces items that ical.js parses, with the UID they are listed under", () => {
    for (const item of [...dataset.events, ...dataset.todos]) {
      const inner = parse(item.text).getFirstSubcomponent(item.kind === "todo" ? "vtodo" : "vevent");
      expect(inner?.getFirstPropertyValue("uid"), item.name).toBe(item.uid);
    }
    for (const card of dataset.contacts) {
      const vcard = parse(card.text);
      expect(vcard.name).toBe("vcard");
      expect(vcard.getFirstPropertyValue("uid"), card.name).toBe(card.uid);
    }
  });

  it("frames every line per RFC 5545: CRLF, at most 75 octets, no character split by folding", () => {
    for (const item of all) {
      expect(item.text.endsWith("\r\n"), item.name).toBe(true);
      expect(/[^\r]\n/.test(item.text), item.name).toBe(false);
      expect(item.text.includes("\uFFFD"), item.name).toBe(false);
      const lines = item.text.slice(0, -2).split("\r\n");
      for (const line of lines) expect(Buffer.byteLength(line, "utf8"), `${item.name}: ${line}`).toBeLessThanOrEqual(75);
    }
    expect(all.some((item) => /\r\n [^\r]/.test(item.text))).toBe(true); // folding does happen
  });

  it("caps every series at 31 occurrences, EXDATEs remove occurrences and overrides replace real ones", () => {
    const recurring = dataset.events.filter((e) => e.kind === "weekly" || e.kind === "daily");
    expect(recurring.length).toBeGreaterThan(10);
    let exdates = 0;
    let overrides = 0;
    for (const event of recurring) {
      const { master, overrides: moved, starts } = expand(event.text);
      expect(starts.length, event.name).toBeGreaterThanOrEqual(2);
      expect(starts.length, event.name).toBeLessThanOrEqual(MAX_OCCURRENCES);
      for (const exdate of master.getAllProperties("exdate")) {
        exdates++;
        expect(starts, event.name).not.toContain(iso(exdate.getFirstValue()));
      }
      for (const override of moved) {
        overrides++;
        expect(starts, event.name).toContain(iso(override.getFirstPropertyValue("recurrence-id")));
      }
      if (event.kind === "weekly") expect(moved, event.name).toHaveLength(1);
    }
    expect(exdates).toBeGreaterThan(0);
    expect(overrides).toBe(dataset.events.filter((e) => e.kind === "weekly").length);
  });

  it("has the Easy Project event features: Prague zone, all-day, attendees, alarms, privacy, X- properties", () => {
    const texts = dataset.events.map((e) => e.text.replace(/\r\n[ \t]/g, "")); // unfolded
    const count = (re: RegExp) => texts.filter((t) => re.test(t)).length;
    expect(count(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Prague/)).toBeGreaterThan(10);
    expect(count(/DTSTART;TZID=Europe\/Prague:/)).toBeGreaterThan(10);
    expect(count(/DTSTART:\d{8}T\d{6}Z/)).toBeGreaterThan(0);
    expect(count(/DTSTART;VALUE=DATE:\d{8}\r\n/)).toBe(dataset.events.filter((e) => e.kind === "allday").length);
    expect(count(/\r\nSUMMARY:[^\r]*[ěščřžýáíéůúťďň]/)).toBeGreaterThan(10);
    expect(count(/\r\nORGANIZER;CN=/)).toBeGreaterThan(0);
    for (const partstat of ["ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION"]) expect(count(new RegExp(`ATTENDEE;[^\\r]*PARTSTAT=${partstat}`))).toBeGreaterThan(0);
    for (const cls of ["PUBLIC", "PRIVATE", "CONFIDENTIAL"]) expect(count(new RegExp(`\\r\\nCLASS:${cls}\\r\\n`))).toBeGreaterThan(0);
    expect(count(/BEGIN:VALARM/)).toBeGreaterThan(0);
    expect(count(/\r\nCATEGORIES:/)).toBeGreaterThan(0);
    expect(count(/\r\nPRIORITY:\d/)).toBeGreaterThan(0);
    expect(count(/\r\nX-[A-Z-]+[:;]/)).toBe(texts.length);
  });

  it("has the to-do features: DUE, every STATUS, PERCENT-COMPLETE, COMPLETED, PRIORITY", () => {
    for (const todo of dataset.todos) {
      const vtodo = parse(todo.text).getFirstSubcomponent("vtodo");
      expect(vtodo?.hasProperty("due"), todo.name).toBe(true);
      expect(vtodo?.hasProperty("priority"), todo.name).toBe(true);
      if (vtodo?.getFirstPropertyValue("status") === "COMPLETED") {
        expect(vtodo.getFirstPropertyValue("percent-complete")).toBe(100);
        expect(vtodo.hasProperty("completed")).toBe(true);
      }
    }
    const statuses = new Set(dataset.todos.map((t) => parse(t.text).getFirstSubcomponent("vtodo")?.getFirstPropertyValue("status")));
    expect([...statuses].sort()).toEqual(["CANCELLED", "COMPLETED", "IN-PROCESS", "NEEDS-ACTION"]);
    expect(dataset.todos.some((t) => /PERCENT-COMPLETE:(?!100)\d+/.test(t.text))).toBe(true);
  });

  it("mixes vCard 3.0 and 4.0, with several EMAIL/TEL/ADR, ORG, TITLE, NOTE, CATEGORIES and PNG photos", () => {
    const versions = dataset.contacts.map((c) => parse(c.text).getFirstPropertyValue("version"));
    expect(new Set(versions)).toEqual(new Set(["3.0", "4.0"]));
    for (const card of dataset.contacts) {
      const vcard = parse(card.text);
      for (const name of ["fn", "n", "org", "title", "email", "tel", "adr"]) expect(vcard.hasProperty(name), `${card.name} ${name}`).toBe(true);
    }
    const many = (name: string) => dataset.contacts.some((c) => parse(c.text).getAllProperties(name).length > 1);
    expect(["email", "tel", "adr"].every(many)).toBe(true);
    expect(dataset.contacts.some((c) => /\r\nNOTE:/.test(c.text))).toBe(true);
    expect(dataset.contacts.some((c) => /\r\nCATEGORIES:/.test(c.text))).toBe(true);

    const photos = dataset.contacts.flatMap((card) => {
      const photo = parse(card.text).getFirstProperty("photo");
      return photo ? [{ card, photo }] : [];
    });
    const v3 = photos.filter(({ card }) => card.kind === "vcard3");
    const v4 = photos.filter(({ card }) => card.kind === "vcard4");
    expect(v3.length).toBeGreaterThan(0);
    expect(v4.length).toBeGreaterThan(0);
    const pngSignature = "89504e470d0a1a0a";
    for (const { photo } of v3) {
      expect(photo.getParameter("encoding")).toBe("b");
      expect(Buffer.from(String(photo.getFirstValue()), "base64").subarray(0, 8).toString("hex")).toBe(pngSignature);
    }
    for (const { photo } of v4) {
      const uri = String(photo.getFirstValue());
      expect(uri.startsWith("data:image/png;base64,")).toBe(true);
      expect(Buffer.from(uri.slice("data:image/png;base64,".length), "base64").subarray(0, 8).toString("hex")).toBe(pngSignature);
    }
  });
});
