// `davsync sync` (main() in-process) against real Radicale and Xandikos: first download, first
// upload, two-way edits and deletes converge, a no-change run costs one request, a stale ETag never
// overwrites, an emptied folder needs --yes, duplicate UIDs are reported, a stopped run resumes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startRadicale, startXandikos, type DavServer } from "../../helpers/servers";
import {
  editOnServer,
  event,
  folderFiles,
  folderSummaries,
  freshCalendar,
  putOnServer,
  removeDir,
  runCli,
  serverItems,
  serverSummaries,
  tempDir,
  uidOf,
} from "./support";

const SERVERS = { radicale: startRadicale, xandikos: startXandikos };

describe.each(Object.keys(SERVERS) as (keyof typeof SERVERS)[])("davsync sync on %s", (name) => {
  let server: DavServer;
  const dirs: string[] = [];
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  beforeAll(async () => {
    server = await SERVERS[name]();
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  it("downloads a collection into an empty folder in one REPORT, then a second run makes exactly one request", async () => {
    const url = await freshCalendar(server);
    // 60 items: above DavStore's query threshold, so Xandikos gets one calendar-query instead of a multiget.
    for (let i = 0; i < 60; i++) await putOnServer({ server, url, uid: `dl-${i}`, text: event({ uid: `dl-${i}`, summary: `Download ${i}`, day: 5 + (i % 20) }) });
    const folder = dir();

    const first = await runCli({ server, url, dir: folder });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("folder: 60 created");
    expect(folderFiles(folder)).toHaveLength(60);
    expect(folderSummaries(folder)).toEqual(await serverSummaries({ server, url }));
    // PROPFIND (capabilities + sync-token), one calendar-query with every item's data; nothing per item.
    expect(first.requests.map((r) => r.split(" ")[0])).toEqual(["PROPFIND", "REPORT"]);

    const second = await runCli({ server, url, dir: folder });
    expect(second.code).toBe(0);
    expect(second.requests).toEqual([`PROPFIND ${new URL(url).pathname}`]);
    expect(second.stdout).toContain("server: 0 created, 0 updated, 0 deleted; folder: 0 created, 0 updated, 0 deleted");

    // The sync-token the first run's PROPFIND read is accepted: a change arrives as a delta.
    await putOnServer({ server, url, uid: "dl-new", text: event({ uid: "dl-new", summary: "Download new", day: 6 }) });
    const third = await runCli({ server, url, dir: folder });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain("folder: 1 created");
    expect(third.requests.map((r) => r.split(" ")[0])).toEqual(["PROPFIND", "REPORT", "REPORT"]);
  }, 60_000);

  it("with --time-range copies only what touches the window and deletes nothing outside it", async () => {
    const url = await freshCalendar(server);
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const at = (days: number, uid: string, summary: string, extra: string[] = []) => {
      const start = Date.now() + days * 86_400_000;
      return event({ uid, summary })
        .replace(/DTSTART:.*\r\n/, `DTSTART:${stamp(start)}\r\n`)
        .replace(/DTEND:.*\r\n/, `DTEND:${stamp(start + 3_600_000)}\r\n${extra.map((l) => `${l}\r\n`).join("")}`);
    };
    await putOnServer({ server, url, uid: "soon", text: at(3, "soon", "Soon") });
    await putOnServer({ server, url, uid: "old", text: at(-400, "old", "Long ago") });
    await putOnServer({ server, url, uid: "weekly", text: at(-400, "weekly", "Weekly forever", ["RRULE:FREQ=WEEKLY"]) });
    const folder = dir();
    const run = await runCli({ server, url, dir: folder, args: ["--time-range", "30:30"] });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(folderSummaries(folder)).toEqual(["Soon", "Weekly forever"]);
    // The old item is outside the window on the server and absent locally: not a deletion.
    const again = await runCli({ server, url, dir: folder, args: ["--time-range", "30:30"] });
    expect(again.code).toBe(0);
    expect(await serverSummaries({ server, url })).toEqual(["Long ago", "Soon", "Weekly forever"]);
  });

  it("uploads a folder into an empty collection, and the run after the upload downloads nothing", async () => {
    const url = await freshCalendar(server);
    const folder = dir();
    for (let i = 0; i < 8; i++) writeFileSync(join(folder, `up-${i}.ics`), event({ uid: `up-${i}`, summary: `Upload ${i}` }));

    const first = await runCli({ server, url, dir: folder });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("server: 8 created");
    expect(await serverSummaries({ server, url })).toEqual(folderSummaries(folder));

    // Our own writes moved the ctag: one sync-collection delta whose etags we already know, no download.
    const second = await runCli({ server, url, dir: folder });
    expect(second.code).toBe(0);
    expect(second.requests.filter((r) => r.startsWith("REPORT"))).toHaveLength(1);
    expect(second.requests).toHaveLength(2);
    const third = await runCli({ server, url, dir: folder });
    expect(third.requests).toHaveLength(1);
  });

  it("converges after edits on both sides and deletes both ways", async () => {
    const url = await freshCalendar(server);
    const folder = dir();
    for (let i = 0; i < 6; i++) await putOnServer({ server, url, uid: `tw-${i}`, text: event({ uid: `tw-${i}`, summary: `Two-way ${i}` }) });
    expect((await runCli({ server, url, dir: folder })).code).toBe(0);
    const fileOf = (uid: string) => folderFiles(folder).find((n) => uidOf(readFileSync(join(folder, n), "utf8")) === uid)!;

    await editOnServer({ server, url, uid: "tw-0", text: event({ uid: "tw-0", summary: "Edited on server", modified: "20260201T000000Z" }) });
    writeFileSync(join(folder, fileOf("tw-1")), event({ uid: "tw-1", summary: "Edited locally", modified: "20260201T000000Z" }));
    await editOnServer({ server, url, uid: "tw-2", text: undefined });
    unlinkSync(join(folder, fileOf("tw-3")));
    await putOnServer({ server, url, uid: "tw-new-server", text: event({ uid: "tw-new-server", summary: "New on server" }) });
    writeFileSync(join(folder, "tw-new-local.ics"), event({ uid: "tw-new-local", summary: "New locally" }));

    const run = await runCli({ server, url, dir: folder });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("server: 1 created, 1 updated, 1 deleted; folder: 1 created, 1 updated, 1 deleted");
    const expected = ["Edited locally", "Edited on server", "New locally", "New on server", "Two-way 4", "Two-way 5"];
    expect(folderSummaries(folder)).toEqual(expected);
    expect(await serverSummaries({ server, url })).toEqual(expected);
    // The deleted items are kept in the trash folder.
    expect(readdirSync(join(folder, ".davsync-trash"))).toHaveLength(2);
  });

  it("never overwrites with a stale ETag: a server edit made during the run survives", async () => {
    const url = await freshCalendar(server);
    const folder = dir();
    await putOnServer({ server, url, uid: "race", text: event({ uid: "race", summary: "Original" }) });
    expect((await runCli({ server, url, dir: folder })).code).toBe(0);
    writeFileSync(join(folder, folderFiles(folder)[0]!), event({ uid: "race", summary: "Mine", modified: "20260201T000000Z" }));

    let raced = false;
    const run = await runCli({
      server,
      url,
      dir: folder,
      intercept: async ({ url: target, init, next }) => {
        if (init.method === "PUT" && !raced) {
          raced = true; // another client saves between our listing and our write
          await editOnServer({ server, url, uid: "race", text: event({ uid: "race", summary: "Theirs", modified: "20260301T000000Z" }) });
        }
        return next(target, init);
      },
    });
    expect(raced).toBe(true);
    expect(run.code, run.stdout).toBe(0);
    expect(await serverSummaries({ server, url })).toEqual(["Theirs"]);
    expect(folderSummaries(folder)).toEqual(["Theirs"]); // newer LAST-MODIFIED wins the re-planned conflict
    expect(readdirSync(join(folder, ".davsync-trash")).length).toBeGreaterThan(0); // "Mine" is kept
  });

  it("asks before deleting everything on the server when the folder was emptied", async () => {
    const url = await freshCalendar(server);
    const folder = dir();
    for (let i = 0; i < 4; i++) await putOnServer({ server, url, uid: `e-${i}`, text: event({ uid: `e-${i}`, summary: `Keep ${i}` }) });
    expect((await runCli({ server, url, dir: folder })).code).toBe(0);
    for (const f of folderFiles(folder)) unlinkSync(join(folder, f));

    const held = await runCli({ server, url, dir: folder });
    expect(held.code).toBe(3);
    expect(held.stdout).toMatch(/4 of 4 items would be deleted on the server, held back because the folder is empty/);
    expect(await serverSummaries({ server, url })).toHaveLength(4);

    const confirmed = await runCli({ server, url, dir: folder, args: ["--yes"] });
    expect(confirmed.code, confirmed.stdout).toBe(0);
    expect(await serverSummaries({ server, url })).toEqual([]);
  });

  it("reports duplicate UIDs in the folder without failing the run", async () => {
    const url = await freshCalendar(server);
    const folder = dir();
    writeFileSync(join(folder, "a.ics"), event({ uid: "dup", summary: "Copy A" }));
    writeFileSync(join(folder, "b.ics"), event({ uid: "dup", summary: "Copy B" }));
    writeFileSync(join(folder, "ok.ics"), event({ uid: "single", summary: "Single" }));
    const run = await runCli({ server, url, dir: folder });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/warning: UID dup appears 2 times on the folder/);
    expect(await serverSummaries({ server, url })).toEqual(["Single"]);
  });

  it("resumes a run stopped after two chunks without duplicates, both directions", async () => {
    const url = await freshCalendar(server);
    const up = dir();
    for (let i = 0; i < 20; i++) writeFileSync(join(up, `k-${i}.ics`), event({ uid: `k-${i}`, summary: `Kill ${i}`, day: 5 + (i % 20) }));
    const stop = new AbortController();
    const stopped = await runCli({ server, url, dir: up, args: ["--chunk-size", "5"], signal: stop.signal, onStatusSaved: (n) => n === 2 && stop.abort() });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/stopped after 10 of 20 steps/);
    expect((await serverItems({ server, url })).size).toBe(10);

    const resumed = await runCli({ server, url, dir: up, args: ["--chunk-size", "5"] });
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain("server: 10 created");
    const summaries = await serverSummaries({ server, url });
    expect(summaries).toHaveLength(20);
    expect(new Set(summaries).size).toBe(20);

    // The other way: a download into a new folder stopped after two chunks.
    const down = dir();
    const stop2 = new AbortController();
    const stopped2 = await runCli({ server, url, dir: down, args: ["--chunk-size", "5"], signal: stop2.signal, onStatusSaved: (n) => n === 2 && stop2.abort() });
    expect(stopped2.code).toBe(1);
    expect(folderFiles(down)).toHaveLength(10);
    const resumed2 = await runCli({ server, url, dir: down, args: ["--chunk-size", "5"] });
    expect(resumed2.code).toBe(0);
    expect(folderSummaries(down)).toEqual(summaries);
    expect(existsSync(join(down, ".davsync-status.json"))).toBe(true);
  });
});
