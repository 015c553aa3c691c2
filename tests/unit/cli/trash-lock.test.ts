// `davsync trash` parts (reading the folder trash back, the list, choosing an entry, its arguments)
// and the folder lock (taken, refused while its holder lives, a stale one taken over, released).
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../../src/cli/args";
import { mappingChangesItems } from "../../../src/cli/mapping-options";
import { acquireLock, holderAlive, LockBusy, lockPathFor, releaseHeldLocks } from "../../../src/cli/run-lock";
import { parseTrashArgs } from "../../../src/cli/trash-args";
import { formatTrashList, pickEntry } from "../../../src/cli/trash-command";
import { NO_MAPPING } from "../../../src/cli/args";
import { FolderTrash } from "../../../src/vdir";

const dirs: string[] = [];
afterEach(() => {
  releaseHeldLocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "trash-lock-test-"));
  dirs.push(d);
  return d;
};

const ics = (uid: string, summary: string) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", `UID:${uid}`, `SUMMARY:${summary}`, "DTSTART:20260105T100000Z", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");

describe("FolderTrash entries", () => {
  it("reads entries back newest first with side, cause, time, UID and summary (folded, escaped)", async () => {
    const dir = tempDir();
    let now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const trash = new FolderTrash({ dir, ext: ".ics", now: () => now });
    await trash.put({ side: "remote", uid: "a b/c", id: "/cal/x.ics", content: ics("a b/c", "Lunch\\, team"), cause: "deleted" });
    now += 60_000;
    await trash.put({ side: "local", uid: "d", id: "d.ics", content: ics("d", "Very long summ\r\n ary"), cause: "overwritten" });
    writeFileSync(join(dir, "notes.txt"), "not an entry");
    const entries = trash.entries();
    expect(entries.map((e) => [e.side, e.cause, e.uid, e.summary, e.at])).toEqual([
      ["local", "overwritten", "d", "Very long summary", Date.UTC(2026, 5, 1, 12, 1, 0)],
      ["remote", "deleted", "a b/c", "Lunch, team", Date.UTC(2026, 5, 1, 12, 0, 0)],
    ]);
    const table = formatTrashList(entries);
    expect(table.split("\n")[0]).toMatch(/^ENTRY\s+TIME \(UTC\)\s+SIDE\s+CAUSE\s+UID\s+SUMMARY$/);
    expect(table).toContain("2026-06-01 12:01:00  folder  overwritten  d");
    expect(table).toContain("server  deleted      a b/c  Lunch, team");
    // By name (also as a path), else by UID.
    expect(pickEntry({ entries, arg: join(dir, entries[1]!.name) })?.uid).toBe("a b/c");
    expect(pickEntry({ entries, arg: "d" })?.cause).toBe("overwritten");
    expect(pickEntry({ entries, arg: "zzz" })).toBeUndefined();
  });

  it("has no entries when there is no trash yet", () => {
    expect(new FolderTrash({ dir: join(tempDir(), "none"), ext: ".ics" }).entries()).toEqual([]);
  });
});

describe("parseTrashArgs", () => {
  it("reads list and restore; server options go together and only when given", () => {
    expect(parseTrashArgs({ argv: ["list", "--dir", "/tmp/f"], env: {} })).toMatchObject({ action: "list", dir: "/tmp/f", statusFile: "/tmp/f/.davsync-status.json", server: undefined });
    const r = parseTrashArgs({ argv: ["restore", "x.ics", "uid-2", "--dir", "/tmp/f", "--url", "https://d/", "--user", "u", "--password-env", "PW"], env: { PW: "s" } });
    expect(r).toMatchObject({ action: "restore", entries: ["x.ics", "uid-2"], server: { url: "https://d/", username: "u", password: "s" } });
  });

  it("explains what is wrong", () => {
    const bad = (argv: string[], env = {}) => () => parseTrashArgs({ argv, env });
    expect(bad([])).toThrow(UsageError);
    expect(bad(["empty", "--dir", "/f"])).toThrow(/unknown trash command "empty"/);
    expect(bad(["list"])).toThrow(/--dir is required/);
    expect(bad(["restore", "--dir", "/f"])).toThrow(/name at least one entry/);
    expect(bad(["restore", "x", "--dir", "/f", "--url", "https://d/"])).toThrow(/go together/);
    expect(bad(["restore", "x", "--dir", "/f", "--url", "https://d/", "--user", "u", "--password-env", "PW"])).toThrow(/PW \(from --password-env\) is not set/);
  });
});

describe("the folder lock", () => {
  const status = () => join(tempDir(), ".davsync-status.json");

  it("is a file next to the status file with pid, start time and host, removed on release", () => {
    const path = status();
    const lock = acquireLock({ statusFile: path });
    expect(lock.path).toBe(lockPathFor(path));
    expect(lock.path.endsWith(".davsync-status.lock")).toBe(true);
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release(); // twice is fine
  });

  it("refuses a second run while the holder lives, naming its pid and start", () => {
    const path = status();
    const at = Date.now();
    const first = acquireLock({ statusFile: path, now: () => at });
    try {
      acquireLock({ statusFile: path });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LockBusy);
      expect((e as Error).message).toBe(`another davsync run (pid ${process.pid}) is syncing this folder since ${new Date(at).toISOString()}; wait for it to finish`);
    }
    first.release();
    acquireLock({ statusFile: path }).release();
  });

  it("takes over the lock of a process that is gone, with a note", () => {
    const path = status();
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
    writeFileSync(lockPathFor(path), JSON.stringify({ pid: gone, started: new Date().toISOString(), host: hostname() }));
    const notes: string[] = [];
    const lock = acquireLock({ statusFile: path, onNote: (l) => notes.push(l) });
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^took over a stale lock of pid ${gone} \\(started .*, no longer running\\)$`))]);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("treats a live pid that started after the lock as reused, another host's lock as held", () => {
    expect(holderAlive({ pid: process.pid, started: new Date().toISOString(), host: hostname() })).toBe(true);
    expect(holderAlive({ pid: process.pid, started: "2001-01-01T00:00:00.000Z", host: hostname() })).toBe(false);
    expect(holderAlive({ pid: 1, started: "2001-01-01T00:00:00.000Z", host: `${hostname()}-elsewhere` })).toBe(true);
    const path = status();
    writeFileSync(lockPathFor(path), JSON.stringify({ pid: 4242, started: "2026-01-01T00:00:00.000Z", host: "laptop" }));
    expect(() => acquireLock({ statusFile: path })).toThrow(/pid 4242 on laptop\) is syncing this folder since 2026-01-01T00:00:00.000Z; wait for it to finish, or delete .* if that run is surely gone/);
  });

  it("never removes a lock that another run took over meanwhile", () => {
    const path = status();
    const lock = acquireLock({ statusFile: path });
    writeFileSync(lock.path, JSON.stringify({ pid: 99999, started: new Date().toISOString(), host: hostname() }));
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});

describe("mappingChangesItems", () => {
  it("is false for the default options and true as soon as one option changes items", () => {
    expect(mappingChangesItems(NO_MAPPING)).toBe(false);
    expect(mappingChangesItems({ ...NO_MAPPING, mapping: { ...NO_MAPPING.mapping, reminders: "none" } })).toBe(true);
    expect(mappingChangesItems({ ...NO_MAPPING, mapping: { ...NO_MAPPING.mapping, privacy: { ...NO_MAPPING.mapping.privacy, publicToPrivate: true } } })).toBe(true);
    expect(mappingChangesItems({ ...NO_MAPPING, categoryFilter: { kind: "category", name: "Work", invert: false, includeUncategorized: false, sticky: false } })).toBe(true);
  });
});
