import { describe, expect, it } from "vitest";
import { contentHash, parseItem, patchItem } from "../../../src/ical";
import { fixture, insertAfter, replaceLine, unfoldLines } from "./helpers";

const local = fixture("event-weekly-prague.ics"); // Thunderbird's copy
const server = fixture("event-weekly-prague-server.ics"); // same event; the server added ATTACH, X- props, SCHEDULE-STATUS
const hash = (text: string): string => contentHash({ text });
const lines = (text: string): string[] => unfoldLines(text);

const OVERRIDE = [
  "BEGIN:VEVENT",
  "UID:weekly-prague-1@example.cz",
  "DTSTAMP:20260312T070000Z",
  "RECURRENCE-ID;TZID=Europe/Prague:20260323T090000",
  "SUMMARY:Porada týmu – online",
  "DTSTART;TZID=Europe/Prague:20260323T090000",
  "DTEND;TZID=Europe/Prague:20260323T093000",
  "LOCATION:Teams",
  "END:VEVENT",
].join("\r\n");

describe("patchItem", () => {
  it("a local SUMMARY edit reaches the server; its X- property, ATTACH and SCHEDULE-STATUS survive", () => {
    const after = local.replace("SUMMARY:Porada týmu – plánování", "SUMMARY:Porada celého týmu – plánování");
    const out = patchItem({ target: server, before: local, after });
    const l = lines(out);
    expect(l).toContain("SUMMARY:Porada celého týmu – plánování sprintu a přehled úkolů pro celý projekt Easy");
    expect(l).toContain("ATTACH;FMTTYPE=application/pdf;FILENAME=agenda.pdf:https://demo.easyproject.cz/attachments/99/agenda.pdf");
    expect(l).toContain("X-EASY-SERVER-REVISION;X-SOURCE=easy:17");
    expect(l.some((x) => x.startsWith("ATTENDEE;") && x.includes("SCHEDULE-STATUS=1.2"))).toBe(true);
    expect(l).toContain("PRODID:-//Sabre//Sabre VObject 4.5.6//EN"); // the target keeps its own producer
    // Everything else is the server's text, in the server's order (quotes only where needed).
    const expected = server.replace(/\n/g, "\r\n").replace("SUMMARY:Porada týmu – plánování", "SUMMARY:Porada celého týmu – plánování");
    expect(out.replace(/\r\n /g, "")).toBe(expected.replace(/CN="([^"]*)"/g, "CN=$1"));
  });

  it("an override added locally appears in the server text, with no other change", () => {
    const after = local.replace("END:VCALENDAR", `${OVERRIDE}\r\nEND:VCALENDAR`);
    const out = patchItem({ target: server, before: local, after });
    const item = parseItem({ text: out });
    expect(item.format === "icalendar" && item.overrides.map((o) => o.props.find((p) => p.name === "SUMMARY")?.value)).toEqual([
      "Porada týmu (přesunuto)",
      "Porada týmu po změně času",
      "Porada týmu – online",
    ]);
    expect(lines(out)).toContain("X-EASY-SERVER-REVISION;X-SOURCE=easy:17");
  });

  it("an override removed and an EXDATE added remotely reach Thunderbird's copy", () => {
    const serverAfter = insertAfter({ text: server, prefix: "EXDATE", line: "EXDATE;TZID=Europe/Prague:20260330T090000" }).replace(
      /BEGIN:VEVENT\r\nUID:weekly-prague-1@example.cz\r\nDTSTAMP:20260301T120000Z\r\nRECURRENCE-ID;TZID=Europe\/Prague:20260330T090000[\s\S]*?END:VEVENT\r\n/,
      "",
    );
    expect(serverAfter).not.toContain("20260330T100000");
    const out = patchItem({ target: local, before: server, after: serverAfter });
    const l = lines(out);
    // Added to the existing EXDATE line with the same TZID.
    expect(l.filter((x) => x.startsWith("EXDATE"))).toEqual(["EXDATE;TZID=Europe/Prague:20260316T090000,20260330T090000"]);
    expect(out).not.toContain("Zasedačka 2");
    // Server-only data is not dragged into Thunderbird's copy by an unrelated edit.
    expect(out).not.toContain("X-EASY-SERVER-REVISION");
  });

  it("an EXDATE added remotely survives a later local edit patched onto the server", () => {
    const serverNow = insertAfter({ text: server, prefix: "EXDATE", line: "EXDATE;TZID=Europe/Prague:20260406T090000" });
    const after = local.replace("CLASS:PRIVATE", "CLASS:PUBLIC");
    const out = patchItem({ target: serverNow, before: local, after });
    expect(lines(out)).toContain("EXDATE;TZID=Europe/Prague:20260406T090000");
    expect(lines(out)).toContain("CLASS:PUBLIC");
  });

  it("attendees and categories are sets: one PARTSTAT change and one category added", () => {
    const after = local
      .replace("PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:karel", "PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:karel")
      .replace("PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:petra", "PARTSTAT=TENTATIVE;ROLE=REQ-PARTICIPANT:mailto:petra")
      .replace("CATEGORIES:Práce,Porady\\, týdenní", "CATEGORIES:Práce,Porady\\, týdenní,Easy");
    const target = server.replace("CATEGORIES:Práce,Porady\\, týdenní", "CATEGORIES:Porady\\, týdenní,Práce,Server");
    const l = lines(patchItem({ target, before: local, after }));
    expect(l).toContain("CATEGORIES:Porady\\, týdenní,Práce,Server,Easy");
    expect(l).toContain("ATTENDEE;CN=Karel;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:karel@example.cz");
    // Petra's PARTSTAT changed; the server's SCHEDULE-STATUS on her stays.
    expect(l).toContain("ATTENDEE;CN=Petra Svobodová;PARTSTAT=TENTATIVE;ROLE=REQ-PARTICIPANT;SCHEDULE-STATUS=1.2:mailto:petra@example.cz");
  });

  it("an alarm trigger edit replaces that alarm; a property removed is removed", () => {
    const after = replaceLine({ text: local.replace("TRIGGER;VALUE=DURATION:-PT15M", "TRIGGER;VALUE=DURATION:-PT5M"), prefix: "X-ALT-DESC", line: null });
    const out = patchItem({ target: server, before: local, after });
    expect(out.match(/BEGIN:VALARM/g)).toHaveLength(1);
    expect(lines(out)).toContain("TRIGGER;VALUE=DURATION:-PT5M");
    expect(out).not.toContain("X-ALT-DESC");
  });

  it("a TZID new to the item brings its VTIMEZONE; the one no longer used goes", () => {
    const vtz = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    const after = local.replaceAll("TZID=Europe/Prague", "TZID=America/New_York").replace("BEGIN:VTIMEZONE", `${vtz}BEGIN:VTIMEZONE`);
    const out = patchItem({ target: server, before: local, after });
    expect(out).toContain("TZID:America/New_York");
    expect(out).not.toContain("TZID:Europe/Prague");
  });

  it("vCard: email edited in place keeps the Apple group and label; a phone added", () => {
    const v3 = fixture("contact-v3.vcf");
    const after = v3.replace("jan.novak@example.cz", "jan.novak@easy.example").replace("TEL;TYPE=WORK:+420 222 000 111", "TEL;TYPE=WORK:+420 222 000 111\nTEL;TYPE=HOME:+420 555 000 000");
    const target = v3.replace("item1.EMAIL;type=INTERNET;type=WORK;type=pref", "item1.EMAIL;type=INTERNET;type=WORK;type=pref;X-SERVER=1");
    const l = lines(patchItem({ target, before: v3, after }));
    expect(l).toContain("item1.EMAIL;TYPE=INTERNET;TYPE=WORK;TYPE=pref;X-SERVER=1:jan.novak@easy.example");
    expect(l).toContain("item1.X-ABLABEL:_$!<Work>!$_");
    expect(l).toContain("TEL;TYPE=HOME:+420 555 000 000");
  });

  it("task: reopening it locally clears COMPLETED on the server copy and keeps the server's extras", () => {
    const task = fixture("todo-due-completed.ics");
    const serverTask = insertAfter({ text: task, prefix: "PRIORITY", line: "X-EASY-ISSUE-ID;X-EASY-PROJECT=42:1234" });
    const reopened = replaceLine({ text: task.replace("PERCENT-COMPLETE:100", "PERCENT-COMPLETE:50").replace("STATUS:COMPLETED", "STATUS:IN-PROCESS"), prefix: "COMPLETED", line: null });
    const l = lines(patchItem({ target: serverTask, before: task, after: reopened }));
    expect(l).toEqual(expect.arrayContaining(["PERCENT-COMPLETE:50", "STATUS:IN-PROCESS", "DUE;VALUE=DATE:20260331", "X-EASY-ISSUE-ID;X-EASY-PROJECT=42:1234"]));
    expect(l.some((x) => x.startsWith("COMPLETED"))).toBe(false);
  });

  it("returns the target unchanged when the source changed only volatile stamps", () => {
    const after = local.replace("DTSTAMP:20260301T120000Z", "DTSTAMP:20260401T120000Z");
    const out = patchItem({ target: server, before: local, after });
    expect(hash(out)).toBe(hash(server));
    expect(patchItem({ target: server, before: local, after: local })).toBe(server);
  });

  it("patching Thunderbird's text onto itself gives the after version (hash)", () => {
    const after = insertAfter({ text: local.replace("CLASS:PRIVATE", "CLASS:CONFIDENTIAL"), prefix: "EXDATE", line: "EXDATE;TZID=Europe/Prague:20260406T090000" });
    expect(hash(patchItem({ target: local, before: local, after }))).toBe(hash(after));
  });
});

describe("patchItem with a lossy source (a client that keeps only what it models)", () => {
  const SERVER = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Easy//EN",
    "X-WR-CALNAME:Meetings",
    "BEGIN:VEVENT",
    "UID:lossy-1",
    "DTSTAMP:20260101T000000Z",
    "DTSTART:20260105T100000Z",
    "SUMMARY:Standup",
    "X-EASY-WATCHER:jan",
    "X-MOZ-SNOOZE-TIME:20260105T094500Z",
    "COMMENT:first",
    "COMMENT:second",
    "BEGIN:X-VENDOR-DATA",
    "X-KEY:1",
    "END:X-VENDOR-DATA",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
  // What such a client writes back after the user renamed the event: its drops, plus the edit.
  const rewritten = SERVER.replace("X-WR-CALNAME:Meetings\r\n", "")
    .replace("X-EASY-WATCHER:jan\r\n", "")
    .replace("X-MOZ-SNOOZE-TIME:20260105T094500Z\r\n", "")
    .replace("COMMENT:first\r\n", "")
    .replace("BEGIN:X-VENDOR-DATA\r\nX-KEY:1\r\nEND:X-VENDOR-DATA\r\n", "")
    .replace("SUMMARY:Standup", "SUMMARY:Standup (moved)");

  it("carries the edit and keeps what the client dropped: X- properties, VCALENDAR properties, unknown components, repeated instances", () => {
    const out = lines(patchItem({ target: SERVER, before: SERVER, after: rewritten, lossySource: true }));
    expect(out).toContain("SUMMARY:Standup (moved)");
    for (const kept of ["X-WR-CALNAME:Meetings", "X-EASY-WATCHER:jan", "COMMENT:first", "COMMENT:second", "BEGIN:X-VENDOR-DATA"]) expect(out).toContain(kept);
  });

  it("still carries the removal of Thunderbird's own reminder state (a dismissed snooze must not fire again)", () => {
    const out = lines(patchItem({ target: SERVER, before: SERVER, after: rewritten, lossySource: true }));
    expect(out.some((l) => l.startsWith("X-MOZ-SNOOZE-TIME"))).toBe(false);
  });

  it("without lossySource every removal is a deletion", () => {
    const out = lines(patchItem({ target: SERVER, before: SERVER, after: rewritten }));
    expect(out).not.toContain("X-EASY-WATCHER:jan");
    expect(out).not.toContain("COMMENT:first");
  });
});
