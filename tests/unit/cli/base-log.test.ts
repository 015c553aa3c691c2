// The CLI's bases log (src/cli/base-log.ts): bases written out of the status file, read back lazily
// by uid, one copy when both sides hold the same text, deletions, a killed run's tail ignored,
// compaction into the next generation, and old status files' inline bases moved into the log.
import { afterEach, describe, expect, it } from "vitest";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BaseLog } from "../../../src/cli/base-log";
import { jsonParts } from "../../../src/cli/status-file";
import { MemoryBaseStore } from "../../../src/core";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function statusPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "base-log-test-"));
  dirs.push(dir);
  return join(dir, ".davsync-status.json");
}

const pair = (uid: string, text = `BEGIN:VCALENDAR ${uid}`) => ({ remote: { version: `"e-${uid}"`, content: text }, local: { version: `v-${uid}`, content: text } });

describe("BaseLog", () => {
  it("writes bases to the log on flush and reads back only the ones asked for", async () => {
    const path = statusPath();
    const log = new BaseLog({ statusPath: path });
    for (let i = 0; i < 300; i++) log.set({ uid: `u${i}`, base: pair(`u${i}`) });
    await log.flush();
    const index = log.exportIndex();
    log.close();
    expect(index.file).toBe(".davsync-status.bases-1.jsonl");
    expect(Object.keys(index.at)).toHaveLength(300);
    // Both sides held the same text: stored once.
    const text = readFileSync(join(path, "..", index.file), "utf8");
    expect(text.split("BEGIN:VCALENDAR u7\"").length - 1).toBe(1);

    const again = new BaseLog({ statusPath: path, index });
    expect(again.get({ uid: "u7" })).toEqual(pair("u7"));
    expect(again.get({ uid: "nope" })).toBeUndefined();
    expect(again.uids()).toHaveLength(300);
    again.close();
  });

  it("keeps different texts per side, forgets deleted pairs, and the newest record wins", async () => {
    const path = statusPath();
    const log = new BaseLog({ statusPath: path });
    log.set({ uid: "a", base: { remote: { version: "1", content: "server text" }, local: { version: "2", content: "folder text" } } });
    log.set({ uid: "b", base: pair("b") });
    await log.flush();
    log.set({ uid: "a", base: { remote: { version: "3", content: "server text 2" } } });
    log.delete({ uid: "b" });
    await log.flush();
    const index = log.exportIndex();
    log.close();
    const again = new BaseLog({ statusPath: path, index });
    expect(again.get({ uid: "a" })).toEqual({ remote: { version: "3", content: "server text 2" } });
    expect(again.get({ uid: "b" })).toBeUndefined();
    expect(again.uids()).toEqual(["a"]);
    again.close();
  });

  it("ignores what a killed run appended after its last status: the index names only flushed records", async () => {
    const path = statusPath();
    const log = new BaseLog({ statusPath: path });
    log.set({ uid: "a", base: pair("a") });
    await log.flush();
    const index = log.exportIndex(); // what the status file got
    log.set({ uid: "a", base: pair("a", "newer") });
    await log.flush(); // appended, but the "status" is never written: the run is killed here
    log.close();
    appendFileSync(join(path, "..", index.file), '{"u":"a","r":["x","torn'); // a torn tail
    const again = new BaseLog({ statusPath: path, index });
    expect(again.get({ uid: "a" })).toEqual(pair("a"));
    again.set({ uid: "c", base: pair("c") });
    await again.flush();
    const next = again.exportIndex();
    again.close();
    expect(new BaseLog({ statusPath: path, index: next }).get({ uid: "c" })).toEqual(pair("c"));
  });

  it("a record that does not belong to the uid is no base (copied whole once instead)", async () => {
    const path = statusPath();
    const log = new BaseLog({ statusPath: path });
    log.set({ uid: "a", base: pair("a") });
    await log.flush();
    const index = log.exportIndex();
    log.close();
    const wrong = { ...index, at: { b: index.at["a"]! } };
    expect(new BaseLog({ statusPath: path, index: wrong }).get({ uid: "b" })).toBeUndefined();
  });

  it("compacts into the next generation when dead records dominate, and drops the old file", async () => {
    const path = statusPath();
    const log = new BaseLog({ statusPath: path });
    const big = "x".repeat(20_000);
    for (let round = 0; round < 60; round++) {
      log.set({ uid: "a", base: pair("a", `${big}${round}`) });
      await log.flush();
    }
    log.set({ uid: "b", base: pair("b") });
    await log.compact();
    const index = log.exportIndex();
    expect(index.file).toBe(".davsync-status.bases-2.jsonl");
    log.dropRetired();
    log.close();
    const folder = join(path, "..");
    expect(readdirSync(folder).filter((n) => n.includes(".bases-"))).toEqual([".davsync-status.bases-2.jsonl"]);
    expect(statSync(join(folder, index.file)).size).toBeLessThan(25_000);
    const again = new BaseLog({ statusPath: path, index });
    expect(again.get({ uid: "a" })?.remote?.content).toBe(`${big}59`);
    expect(again.get({ uid: "b" })).toEqual(pair("b"));
    again.close();
  });

  it("moves the inline bases of an old status file into the log on the next save", async () => {
    const path = statusPath();
    const old = new MemoryBaseStore();
    old.set({ uid: "a", base: pair("a") });
    const log = new BaseLog({ statusPath: path, legacy: old.export() });
    expect(log.migrating).toBe(true);
    expect(log.get({ uid: "a" })).toEqual(pair("a"));
    await log.flush();
    const index = log.exportIndex();
    log.close();
    expect(new BaseLog({ statusPath: path, index }).get({ uid: "a" })).toEqual(pair("a"));
  });

  it("writes nothing when read-only (a dry run)", async () => {
    const path = statusPath();
    const log = new BaseLog({ statusPath: path, readOnly: true });
    log.set({ uid: "a", base: pair("a") });
    await log.flush();
    await log.compact();
    log.close();
    expect(existsSync(join(path, "..", ".davsync-status.bases-1.jsonl"))).toBe(false);
  });
});

describe("jsonParts", () => {
  it("writes a value's growing field one element per part, as JSON.stringify would", () => {
    const cases: [unknown, string][] = [
      [{ schemaVersion: 2, entries: [{ uid: "a" }, { uid: "b", x: [1, 2] }] }, "entries"],
      [{ entries: [] }, "entries"],
      [{ schemaVersion: 1, url: "u", state: { ctag: "c" }, items: { "h/1": { etag: '"e"' }, "h/2": { etag: "f" } } }, "items"],
      [{ file: "x.jsonl", at: {} }, "at"],
      [null, "items"],
      [undefined, "items"],
      [{ other: 1 }, "items"],
    ];
    for (const [value, field] of cases) {
      const text = [...jsonParts(value, field)].join("");
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value ?? null)));
    }
    expect([...jsonParts({ entries: [1, 2, 3] }, "entries")]).toHaveLength(5);
  });
});
