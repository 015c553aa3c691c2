// Updates are patches (core executor + src/ical patchItem over bases kept in the status file):
// through `davsync sync` against a real Radicale, an edit made in the folder by a client that drops
// what it does not model changes only what was edited on the server.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { folderFiles, freshCalendar, putOnServer, radicaleSuite, runCli, serverItems } from "./support";

const ITEM = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Easy Project//EN",
  "BEGIN:VEVENT",
  "UID:patch-1",
  "DTSTAMP:20260101T000000Z",
  "LAST-MODIFIED:20260101T000000Z",
  "DTSTART:20260105T100000Z",
  "DTEND:20260105T110000Z",
  "SUMMARY:Sprint planning",
  "X-EASY-ENTITY-ID:4711",
  "X-EASY-WATCHER;X-ROLE=owner:jan.novak",
  "COMMENT:Agenda in the wiki",
  "COMMENT:Bring the burndown chart",
  "ATTACH:https://easy.example.cz/attachments/1/agenda.pdf",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

const unfold = (text: string): string[] => text.replace(/\r\n[ \t]/g, "").split(/\r?\n/);

describe("davsync sync patches the server copy (Radicale)", () => {
  const { server, tempFolder } = radicaleSuite();

  it("a SUMMARY edit from a lossy client reaches the server; its X- properties and both COMMENTs stay", async () => {
    const url = await freshCalendar(server);
    await putOnServer({ server, url, uid: "patch-1", text: ITEM });
    const folder = tempFolder();
    const first = await runCli({ server, url, dir: folder });
    expect(first.code, first.stderr).toBe(0);

    // The client keeps one COMMENT (the last) and no X- properties, and writes that back with the edit.
    const [file] = folderFiles(folder);
    const path = join(folder, file!);
    const lossy = readFileSync(path, "utf8")
      .split("\r\n")
      .filter((l) => !l.startsWith("X-EASY-") && l !== "COMMENT:Agenda in the wiki")
      .join("\r\n")
      .replace("SUMMARY:Sprint planning", "SUMMARY:Sprint planning (moved to room 2)");
    writeFileSync(path, lossy);

    const second = await runCli({ server, url, dir: folder });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("server: 0 created, 1 updated, 0 deleted");
    const [text] = [...(await serverItems({ server, url })).values()];
    const lines = unfold(text!);
    expect(lines).toContain("SUMMARY:Sprint planning (moved to room 2)");
    expect(lines).toContain("X-EASY-ENTITY-ID:4711");
    expect(lines).toContain("X-EASY-WATCHER;X-ROLE=owner:jan.novak");
    expect(lines).toContain("COMMENT:Agenda in the wiki");
    expect(lines).toContain("COMMENT:Bring the burndown chart");
    expect(lines).toContain("ATTACH:https://easy.example.cz/attachments/1/agenda.pdf");

    // The status file indexes the bases, which live in the bases log; a third run has nothing to do.
    const status = JSON.parse(readFileSync(join(folder, ".davsync-status.json"), "utf8")) as { basesLog?: { file: string; at: Record<string, unknown> } };
    expect(Object.keys(status.basesLog?.at ?? {})).toEqual(["patch-1"]);
    expect(readFileSync(join(folder, status.basesLog!.file), "utf8")).toContain("Sprint planning (moved to room 2)");
    const third = await runCli({ server, url, dir: folder });
    expect(third.stdout).toContain("server: 0 created, 0 updated, 0 deleted; folder: 0 created, 0 updated, 0 deleted");
  }, 60_000);
});
