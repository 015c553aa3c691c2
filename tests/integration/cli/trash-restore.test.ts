// `davsync trash list / restore` against real Radicale: what a sync deleted on either side is
// listed and written back to that side as a new item (If-None-Match on the server, an exclusive
// file in the folder); the next sync carries it to the other side; a restore over an existing UID
// changes nothing and says so; entries for the server need the server options.
import { describe, expect, it } from "vitest";
import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { editOnServer, event, folderFiles, folderSummaries, freshCalendar, PASSWORD_ENV, putOnServer, radicaleSuite, runCli, runDavsync, serverSummaries } from "./support";

describe("davsync trash on Radicale", () => {
  const { server, tempFolder } = radicaleSuite();

  async function synced(): Promise<{ url: string; folder: string }> {
    const url = await freshCalendar(server);
    for (const [uid, summary] of [["t-1", "Standup"], ["t-2", "Review"], ["t-3", "Retro"]] as const) {
      await putOnServer({ server, url, uid, text: event({ uid, summary }) });
    }
    const folder = tempFolder();
    const first = await runCli({ server, url, dir: folder });
    expect(first.code, first.stderr).toBe(0);
    return { url, folder };
  }
  const serverArgs = (url: string) => ["--url", url, "--user", server.username, "--password-env", PASSWORD_ENV];

  it("restores an item a sync deleted on the server, and the next sync brings it back into the folder", async () => {
    const { url, folder } = await synced();
    expect((await runDavsync({ server, argv: ["trash", "list", "--dir", folder] })).stdout).toBe(`the trash of ${folder} is empty`);
    unlinkSync(join(folder, "t-2.ics"));
    const del = await runCli({ server, url, dir: folder });
    expect(del.stdout).toContain("server: 0 created, 0 updated, 1 deleted");

    const list = await runDavsync({ server, argv: ["trash", "list", "--dir", folder] });
    expect(list.code).toBe(0);
    const [head, row, ...rest] = list.stdout.split("\n").slice(1);
    expect(rest).toEqual([]);
    expect(head).toMatch(/^ENTRY\s+TIME \(UTC\)\s+SIDE\s+CAUSE\s+UID\s+SUMMARY$/);
    expect(row).toMatch(/^\S+-remote-deleted-t-2\.ics\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+server\s+deleted\s+t-2\s+Review$/);
    const entry = row!.split(/\s+/)[0]!;

    const noServer = await runDavsync({ server, argv: ["trash", "restore", entry, "--dir", folder] });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain("was removed from the server; restoring it needs --url, --user and --password-env");
    expect(await serverSummaries({ server, url })).toEqual(["Retro", "Standup"]);

    const restored = await runDavsync({ server, argv: ["trash", "restore", entry, "--dir", folder, ...serverArgs(url)] });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^restored t-2 "Review" to the server as http.*\nrun davsync sync to carry the restored items to the other side$/);
    expect(await serverSummaries({ server, url })).toEqual(["Retro", "Review", "Standup"]);

    // A second restore of the same entry finds the UID there: nothing written, exit 1.
    const twice = await runDavsync({ server, argv: ["trash", "restore", "t-2", "--dir", folder, ...serverArgs(url)] });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/the server already holds t-2 \(.*\); nothing restored/);
    expect(await serverSummaries({ server, url })).toEqual(["Retro", "Review", "Standup"]);

    const back = await runCli({ server, url, dir: folder });
    expect(back.code).toBe(0);
    expect(back.stdout).toContain("folder: 1 created");
    expect(folderSummaries(folder)).toEqual(["Retro", "Review", "Standup"]);
  });

  it("restores an item a sync deleted in the folder without the server, and says so when the file is back already", async () => {
    const { url, folder } = await synced();
    await editOnServer({ server, url, uid: "t-3", text: undefined });
    const del = await runCli({ server, url, dir: folder });
    expect(del.stdout).toContain("folder: 0 created, 0 updated, 1 deleted");
    expect(existsSync(join(folder, "t-3.ics"))).toBe(false);

    const restored = await runDavsync({ server, argv: ["trash", "restore", "t-3", "--dir", folder] });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('restored t-3 "Retro" to the folder as t-3.ics');
    expect(folderSummaries(folder)).toEqual(["Retro", "Review", "Standup"]);

    const again = await runDavsync({ server, argv: ["trash", "restore", "t-3", "--dir", folder] });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("the folder already holds t-3 (t-3.ics); nothing restored");
    expect(folderFiles(folder)).toHaveLength(3);

    const up = await runCli({ server, url, dir: folder });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("server: 1 created");
    expect(await serverSummaries({ server, url })).toEqual(["Retro", "Review", "Standup"]);
  });

  it("refuses an unknown entry with exit 2 and writes nothing", async () => {
    const { folder } = await synced();
    const res = await runDavsync({ server, argv: ["trash", "restore", "no-such-uid", "--dir", folder] });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('has no entry named or with UID "no-such-uid"');
  });
});
