// The mapping options through `davsync sync` against a real Radicale (src/ical/mapping/README.md):
// the folder's items carry the filter's category, lack the server's VALARMs (--reminders none) and
// show CONFIDENTIAL as PRIVATE; an untouched folder hashes equal to the server; a title edit in the
// folder reaches the server without the category, its VALARM and CLASS kept — also when the status
// file (and with it the bases) was lost. Also: the add-on's set-on-server color PROPPATCH (syncColor).
import { describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newProfile } from "../../../src/core/profile/defaults";
import { syncColor } from "../../../src/background/profile-mapping";
import { queryCapabilities } from "../../../src/dav";
import { ctxFor, folderFiles, freshCalendar, putOnServer, radicaleSuite, runCli, serverItems } from "./support";

const item = (p: { uid: string; summary: string; categories?: string }) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Easy Project//EN",
    "BEGIN:VEVENT",
    `UID:${p.uid}`,
    "DTSTAMP:20260101T000000Z",
    "LAST-MODIFIED:20260101T000000Z",
    "DTSTART:20260105T100000Z",
    "DTEND:20260105T110000Z",
    `SUMMARY:${p.summary}`,
    "CLASS:CONFIDENTIAL",
    ...(p.categories ? [`CATEGORIES:${p.categories}`] : []),
    "X-EASY-ENTITY-ID:4711",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    "DESCRIPTION:Reminder",
    "TRIGGER:-PT15M",
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");

const unfold = (text: string): string[] => text.replace(/\r\n[ \t]/g, "").split(/\r?\n/);
const MAPPED = ["--category", "Meetings", "--reminders", "none", "--privacy", "confidentialToPrivate,privateToConfidential"];

describe("davsync sync with mapping options (Radicale)", () => {
  const { server, tempFolder } = radicaleSuite();

  it("maps into the folder, hashes equal when untouched, and patches a folder edit back without the mapping's changes", async () => {
    const url = await freshCalendar(server);
    await putOnServer({ server, url, uid: "m-1", text: item({ uid: "m-1", summary: "Sprint planning", categories: "Team" }) });
    const folder = tempFolder();
    const first = await runCli({ server, url, dir: folder, args: MAPPED });
    expect(first.code, first.stderr).toBe(0);
    const [file] = folderFiles(folder);
    const path = join(folder, file!);
    const local = unfold(readFileSync(path, "utf8"));
    expect(local).toContain("CATEGORIES:Team,Meetings");
    expect(local).toContain("CLASS:PRIVATE");
    expect(local).not.toContain("BEGIN:VALARM");

    const second = await runCli({ server, url, dir: folder, args: MAPPED });
    expect(second.stdout).toContain("server: 0 created, 0 updated, 0 deleted; folder: 0 created, 0 updated, 0 deleted");

    writeFileSync(path, readFileSync(path, "utf8").replace("SUMMARY:Sprint planning", "SUMMARY:Sprint planning (room 2)"));
    const third = await runCli({ server, url, dir: folder, args: MAPPED });
    expect(third.stdout).toContain("server: 0 created, 1 updated, 0 deleted");
    const server1 = unfold([...(await serverItems({ server, url })).values()][0]!);
    expect(server1).toContain("SUMMARY:Sprint planning (room 2)");
    expect(server1).toContain("CATEGORIES:Team");
    expect(server1).toContain("CLASS:CONFIDENTIAL");
    expect(server1).toContain("BEGIN:VALARM");
    expect(server1).toContain("X-EASY-ENTITY-ID:4711");

    // Without status and bases (lost status file): the synthetic base keeps the server's VALARM.
    rmSync(join(folder, ".davsync-status.json"));
    writeFileSync(path, readFileSync(path, "utf8").replace("SUMMARY:Sprint planning (room 2)", "SUMMARY:Sprint planning (room 3)"));
    const fourth = await runCli({ server, url, dir: folder, args: [...MAPPED, "--conflict", "local-wins"] });
    expect(fourth.code, fourth.stderr).toBe(0);
    const server2 = unfold([...(await serverItems({ server, url })).values()][0]!);
    expect(server2).toContain("SUMMARY:Sprint planning (room 3)");
    expect(server2).toContain("BEGIN:VALARM");
    expect(server2).toContain("CATEGORIES:Team");
  }, 60_000);

  it("a category filter keeps other folder items local and never deletes them", async () => {
    const url = await freshCalendar(server);
    await putOnServer({ server, url, uid: "m-2", text: item({ uid: "m-2", summary: "Review" }) });
    const folder = tempFolder();
    expect((await runCli({ server, url, dir: folder, args: MAPPED })).code).toBe(0);
    writeFileSync(join(folder, "private.ics"), item({ uid: "p-1", summary: "Dentist", categories: "Personal" }));
    writeFileSync(join(folder, "new.ics"), item({ uid: "n-1", summary: "Planning", categories: "Meetings" }));
    const run = await runCli({ server, url, dir: folder, args: [...MAPPED, "--mode", "local-to-remote-replicate"] });
    expect(run.code, run.stderr).toBe(0);
    const texts = [...(await serverItems({ server, url })).values()].map((t) => unfold(t));
    expect(texts).toHaveLength(2);
    const created = texts.find((t) => t.includes("UID:n-1"))!;
    expect(created.some((l) => l.startsWith("CATEGORIES"))).toBe(false);
    expect(folderFiles(folder)).toContain("private.ics");
  }, 60_000);

  it("set-on-server: the local color is PROPPATCHed as the collection's calendar-color when it differs", async () => {
    const url = await freshCalendar(server);
    const ctx = ctxFor(server);
    const profile = { ...newProfile({ id: "p", kind: "events", name: "P", url }), color: "set-on-server" as const };
    const apis = {
      getCalendar: async () => ({ color: "#aa5500" }),
      setCalendarColor: async () => undefined,
      getCategoryColor: async () => null,
      setCategoryColor: async () => undefined,
    };
    const before = await queryCapabilities({ ctx, url });
    expect(await syncColor({ profile, collection: before, calendarId: "c", apis, ctx })).toEqual({ did: "server", color: "#aa5500" });
    const after = await queryCapabilities({ ctx, url });
    expect(after.color).toBe("#aa5500");
    expect(await syncColor({ profile, collection: after, calendarId: "c", apis, ctx })).toEqual({ did: "none" });
  }, 60_000);
});
