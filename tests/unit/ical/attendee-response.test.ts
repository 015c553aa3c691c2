// Issue #7 item 5: the user's own response (PARTSTAT, RSVP, X-MOZ-* response parameters) reaches the
// server as a change of exactly that attendee; everything else of the server's scheduling data
// (other attendees, the ORGANIZER, SCHEDULE-STATUS, SCHEDULE-AGENT) stays the server's.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { contentHash, createPatcher, fromThunderbird, mergeFields, patchItem } from "../../../src/ical";
import { unfoldLines } from "./helpers";

const corpus = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/corpus/ics/${name}`, import.meta.url)), "utf8");
const server = corpus("nextcloud-meeting-schedule-status.ics");
const lines = (text: string): string[] => unfoldLines(text);
const attendee = (text: string, address: string): string | undefined => lines(text).find((l) => l.startsWith("ATTENDEE") && l.toLowerCase().endsWith(address));

/** Thunderbird's copy: ical.js order and quoting, parameters re-ordered, the address case changed. */
function thunderbirdCopy(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, "")
    .replace(
      "ATTENDEE;CN=Petr Svoboda;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=1.1:mailto:petr.svoboda@example.cz",
      "ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL;SCHEDULE-STATUS=1.1;CN=Petr Svoboda:MAILTO:Petr.Svoboda@example.cz",
    )
    .replace("PRODID:-//Sabre//Sabre VObject 4.5.4//EN", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN");
}

const respond = (text: string, partstat: string): string =>
  text.replace("RSVP=TRUE;PARTSTAT=NEEDS-ACTION;", `RSVP=FALSE;PARTSTAT=${partstat};X-MOZ-RESPONDED=TRUE;`);

describe("the user's response goes back to the server", () => {
  it("a PARTSTAT change in Thunderbird changes exactly that attendee on the server", () => {
    const before = thunderbirdCopy(server);
    const after = respond(before, "ACCEPTED");
    const out = patchItem({ target: server, before, after, lossySource: true });
    const petr = attendee(out, "petr.svoboda@example.cz");
    expect(petr).toBe(
      "ATTENDEE;CN=Petr Svoboda;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE;SCHEDULE-STATUS=1.1;X-MOZ-RESPONDED=TRUE:mailto:petr.svoboda@example.cz",
    );
    // Everything else is the server's text as it was.
    const rest = (text: string): string[] => lines(text).filter((l) => !l.toLowerCase().endsWith("petr.svoboda@example.cz"));
    expect(rest(out)).toEqual(rest(server));
  });

  it("the server's newer SCHEDULE-STATUS / SCHEDULE-AGENT / CN of that attendee survive Thunderbird's stale copy", () => {
    const before = thunderbirdCopy(server);
    const after = respond(before, "DECLINED");
    const serverNow = server
      .replace(/\r\n[ \t]/g, "")
      .replace(
        "ATTENDEE;CN=Petr Svoboda;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=1.1:",
        "ATTENDEE;CN=Ing. Petr Svoboda;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=2.0;SCHEDULE-AGENT=SERVER:",
      );
    const out = patchItem({ target: serverNow, before, after, lossySource: true });
    expect(attendee(out, "petr.svoboda@example.cz")).toBe(
      "ATTENDEE;CN=Ing. Petr Svoboda;CUTYPE=INDIVIDUAL;PARTSTAT=DECLINED;ROLE=REQ-PARTICIPANT;RSVP=FALSE;SCHEDULE-STATUS=2.0;SCHEDULE-AGENT=SERVER;X-MOZ-RESPONDED=TRUE:mailto:petr.svoboda@example.cz",
    );
  });

  it("a concurrent server change of another attendee merges (patch and field merge)", () => {
    const before = thunderbirdCopy(server);
    const after = respond(before, "ACCEPTED");
    const serverNow = server.replace(/\r\n[ \t]/g, "").replace("PARTSTAT=TENTATIVE;ROLE=OPT-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=2.0", "PARTSTAT=ACCEPTED;ROLE=OPT-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=2.0");
    const out = patchItem({ target: serverNow, before, after, lossySource: true });
    expect(attendee(out, "petr.svoboda@example.cz")).toContain("PARTSTAT=ACCEPTED");
    expect(attendee(out, "jiri.dvorak@example.cz")).toContain("PARTSTAT=ACCEPTED");

    const merged = mergeFields({ base: server, local: respond(thunderbirdCopy(server), "ACCEPTED"), remote: serverNow, prefer: "remote" });
    expect(merged.conflicts).toEqual([]);
    expect(attendee(merged.text, "petr.svoboda@example.cz")).toContain("PARTSTAT=ACCEPTED");
    expect(attendee(merged.text, "jiri.dvorak@example.cz")).toContain("PARTSTAT=ACCEPTED");
    expect(merged.hash).toBe(contentHash({ text: merged.text }));
  });

  it("the same attendee: a server change of another parameter merges with the local PARTSTAT; the same parameter conflicts", () => {
    const base = thunderbirdCopy(server);
    const local = respond(base, "ACCEPTED");
    const remoteRole = base.replace("PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL", "PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT;CUTYPE=INDIVIDUAL");
    const m = mergeFields({ base, local, remote: remoteRole, prefer: "remote" });
    expect(m.conflicts).toEqual([]);
    const petr = attendee(m.text, "petr.svoboda@example.cz") ?? "";
    expect(petr).toContain("PARTSTAT=ACCEPTED");
    expect(petr).toContain("ROLE=OPT-PARTICIPANT");

    const remoteDeclined = respond(base, "DECLINED");
    const c = mergeFields({ base, local, remote: remoteDeclined, prefer: "remote" });
    expect(c.conflicts).toEqual(["VEVENT/ATTENDEE[mailto:petr.svoboda@example.cz];PARTSTAT"]);
    expect(attendee(c.text, "petr.svoboda@example.cz")).toContain("PARTSTAT=DECLINED");
  });

  it("an attendee removed on the server while the user responded is one conflict, the preferred side wins", () => {
    const base = thunderbirdCopy(server);
    const local = respond(base, "ACCEPTED");
    const remote = lines(base).filter((l) => !l.toLowerCase().endsWith("petr.svoboda@example.cz")).join("\r\n") + "\r\n";
    const r = mergeFields({ base, local, remote, prefer: "remote" });
    expect(r.conflicts).toEqual(["VEVENT/ATTENDEE[mailto:petr.svoboda@example.cz]"]);
    expect(attendee(r.text, "petr.svoboda@example.cz")).toBeUndefined();
    const l = mergeFields({ base, local, remote, prefer: "local" });
    expect(attendee(l.text, "petr.svoboda@example.cz")).toContain("PARTSTAT=ACCEPTED");
  });

  it("ORGANIZER and server scheduling parameters are never touched by an untouched or title-only edit", () => {
    const before = thunderbirdCopy(server);
    expect(patchItem({ target: server, before, after: before, lossySource: true })).toBe(server);
    const after = before.replace("SUMMARY:Plánování sprintu 14", "SUMMARY:Plánování sprintu 15");
    const out = patchItem({ target: server, before, after, lossySource: true });
    expect(lines(out).filter((l) => l.startsWith("ATTENDEE") || l.startsWith("ORGANIZER"))).toEqual(
      lines(server).filter((l) => l.startsWith("ATTENDEE") || l.startsWith("ORGANIZER")),
    );
  });

  it("SCHEDULE-AGENT=CLIENT that Thunderbird set (it sent the iMIP reply itself) reaches the server; a stale SCHEDULE-STATUS does not", () => {
    const before = thunderbirdCopy(server);
    // Thunderbird's adaptScheduleAgent: ORGANIZER gets SCHEDULE-AGENT=CLIENT, its SCHEDULE-STATUS removed.
    const after = respond(before, "ACCEPTED").replace(
      "ORGANIZER;CN=Jana Nováková;SCHEDULE-STATUS=1.1:",
      "ORGANIZER;CN=Jana Nováková;SCHEDULE-AGENT=CLIENT:",
    );
    const out = patchItem({ target: server, before, after, lossySource: true });
    expect(lines(out).find((l) => l.startsWith("ORGANIZER"))).toBe(
      "ORGANIZER;CN=Jana Nováková;SCHEDULE-STATUS=1.1;SCHEDULE-AGENT=CLIENT:mailto:jana.novakova@example.cz",
    );
  });
});

describe("SCHEDULE-AGENT when Thunderbird mailed the invitations itself", () => {
  const organized = (flag: string | undefined, extra = ""): string =>
    [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN", "BEGIN:VEVENT", "UID:org-1@example.cz", "DTSTAMP:20261120T100000Z",
      "DTSTART:20270201T090000Z", "DTEND:20270201T100000Z", "SUMMARY:Revize", ...(flag ? [`X-MOZ-SEND-INVITATIONS:${flag}`] : []),
      "ORGANIZER;CN=Jana Nováková:mailto:jana.novakova@example.cz",
      "ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:petr.svoboda@example.cz",
      "ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;SCHEDULE-AGENT=NONE:mailto:room@example.cz",
      ...(extra ? [extra] : []),
      "END:VEVENT", "END:VCALENDAR", "",
    ].join("\r\n");

  it("X-MOZ-SEND-INVITATIONS:TRUE: the server copy's attendees are SCHEDULE-AGENT=CLIENT (NONE kept), so the server sends no duplicate", () => {
    const server = fromThunderbird({ text: organized("TRUE") });
    expect(attendee(server, "petr.svoboda@example.cz")).toContain("SCHEDULE-AGENT=CLIENT");
    expect(attendee(server, "room@example.cz")).toContain("SCHEDULE-AGENT=NONE");
    expect(fromThunderbird({ text: organized("FALSE") })).toBe(organized("FALSE"));
    expect(fromThunderbird({ text: organized(undefined) })).toBe(organized(undefined));
  });

  it("an attendee added in Thunderbird with invitations on reaches the server marked CLIENT; the others stay the server's", () => {
    const serverCopy = organized(undefined).replace("RSVP=TRUE:", "RSVP=TRUE;SCHEDULE-STATUS=1.2:");
    const before = fromThunderbird({ text: organized("TRUE") });
    const after = fromThunderbird({ text: organized("TRUE", "ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT:mailto:Novy.Clen@example.cz") });
    const out = patchItem({ target: serverCopy, before, after, lossySource: true });
    expect(attendee(out, "novy.clen@example.cz")).toBe("ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT;SCHEDULE-AGENT=CLIENT:mailto:Novy.Clen@example.cz");
    expect(attendee(out, "petr.svoboda@example.cz")).toBe("ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=1.2:mailto:petr.svoboda@example.cz");
  });

  it("any edit Thunderbird mails (invitations on) marks the server copy's attendees CLIENT, even ones the server had unmarked", () => {
    // The server copy predates the marks (e.g. written by Thunderbird's own CalDAV provider, which let the server schedule).
    const serverCopy = organized("TRUE");
    const before = fromThunderbird({ text: organized("TRUE") });
    const after = fromThunderbird({ text: organized("TRUE").replace("SUMMARY:Revize", "SUMMARY:Revize 2") });
    const patcher = createPatcher({ lossy: ["local"] });
    const out = patcher.patch({ uid: "org-1@example.cz", side: "remote", target: serverCopy, before, after });
    expect(attendee(out.content, "petr.svoboda@example.cz")).toContain("SCHEDULE-AGENT=CLIENT");
    expect(attendee(out.content, "room@example.cz")).toContain("SCHEDULE-AGENT=NONE");
    expect(out.hash).toBe(contentHash({ text: out.content }));
    // Untouched: the server copy stays byte for byte; towards Thunderbird nothing is marked.
    expect(patcher.patch({ uid: "org-1@example.cz", side: "remote", target: serverCopy, before, after: before }).content).toBe(serverCopy);
    expect(attendee(patcher.patch({ uid: "org-1@example.cz", side: "local", target: serverCopy, before: serverCopy, after: serverCopy.replace("SUMMARY:Revize", "SUMMARY:X") }).content, "petr.svoboda@example.cz")).not.toContain("SCHEDULE-AGENT");
  });

  it("switching invitations on for a server-scheduled meeting hands its attendees to Thunderbird (CLIENT); off hands them back", () => {
    const server = organized(undefined);
    const on = patchItem({ target: server, before: fromThunderbird({ text: server }), after: fromThunderbird({ text: organized("TRUE") }), lossySource: true });
    expect(attendee(on, "petr.svoboda@example.cz")).toContain("SCHEDULE-AGENT=CLIENT");
    const off = patchItem({ target: on, before: fromThunderbird({ text: organized("TRUE") }), after: fromThunderbird({ text: organized("FALSE") }), lossySource: true });
    expect(attendee(off, "petr.svoboda@example.cz")).not.toContain("SCHEDULE-AGENT");
    expect(attendee(off, "room@example.cz")).toContain("SCHEDULE-AGENT=NONE");
  });
});

describe("the ORGANIZER stays one", () => {
  const event = (organizer: string): string =>
    ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//EN", "BEGIN:VEVENT", "UID:o@x", "DTSTAMP:20261120T100000Z", "DTSTART:20270201T090000Z", "SUMMARY:A", organizer, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
  const organizers = (text: string): string[] => lines(text).filter((l) => l.startsWith("ORGANIZER"));

  it("a union merge of two different organizers keeps one (the preferred side's) and reports it", () => {
    const m = mergeFields({ base: undefined, local: event("ORGANIZER:mailto:a@example.cz"), remote: event("ORGANIZER:mailto:b@example.cz"), prefer: "remote" });
    expect(organizers(m.text)).toEqual(["ORGANIZER:mailto:b@example.cz"]);
    expect(m.conflicts).toEqual(["VEVENT/ORGANIZER"]);
  });

  it("a parameter change of the old organizer does not bring it back next to the server's new one", () => {
    const before = event("ORGANIZER;CN=A:mailto:a@example.cz");
    const after = event("ORGANIZER;CN=A;SCHEDULE-AGENT=CLIENT:mailto:a@example.cz");
    const out = patchItem({ target: event("ORGANIZER;CN=B:mailto:b@example.cz"), before, after });
    expect(organizers(out)).toEqual(["ORGANIZER;CN=B:mailto:b@example.cz"]);
    const m = mergeFields({ base: before, local: after, remote: event("ORGANIZER;CN=B:mailto:b@example.cz"), prefer: "local" });
    expect(organizers(m.text)).toHaveLength(1);
  });
});
