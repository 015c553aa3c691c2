// VdirStore, the folder side of the CLI: the Store contract (conditional writes, PreconditionFailed
// reasons), vdirsyncer's file naming, atomic exclusive creates, and a listing that reads only the
// files whose version changed.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PreconditionFailed } from "../../../src/core";
import type { InspectItem } from "../../../src/dav";
import { createFileExclusive, DeferredSync, syncFilesystem, VdirStore } from "../../../src/vdir";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A tiny stand-in inspector: UID line and the text itself as the hash. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), "vdir-test-"));
  dirs.push(dir);
  const reads: string[] = [];
  const inspect: InspectItem = ({ text }) => {
    reads.push(text);
    return { uid: /^UID:(.*)$/m.exec(text)?.[1]?.trim() ?? "", hash: text };
  };
  const store = (cache?: unknown) => new VdirStore({ dir, ext: ".ics", inspect, cache });
  return { dir, reads, store };
}

const item = (uid: string, body = "x") => `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nSUMMARY:${body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

describe("VdirStore", () => {
  it("creates one file per item named after a safe UID, and a hashed name for an unsafe one", async () => {
    const { dir, store } = setup();
    const s = store();
    const a = await s.create({ uid: "abc-1@example.org", content: item("abc-1@example.org") });
    const b = await s.create({ uid: "with space/and slash", content: item("with space/and slash") });
    expect(a.id).toBe("abc-1@example.org.ics");
    expect(b.id).toMatch(/^u-[0-9a-f]+\.ics$/);
    expect(readdirSync(dir).sort()).toEqual([a.id, b.id].sort());
    expect((await s.list()).map((i) => i.uid).sort()).toEqual(["abc-1@example.org", "with space/and slash"]);
  });

  it("refuses a second create of the same name with PreconditionFailed(exists) and keeps the first", async () => {
    const { dir, store } = setup();
    const s = store();
    await s.create({ uid: "u1", content: item("u1", "first") });
    await expect(s.create({ uid: "u1", content: item("u1", "second") })).rejects.toMatchObject({ name: "PreconditionFailed", reason: "exists" });
    expect(readFileSync(join(dir, "u1.ics"), "utf8")).toContain("first");
    expect(readdirSync(dir)).toEqual(["u1.ics"]); // no temp file left behind
  });

  it("updates and deletes only at the expected version", async () => {
    const { dir, store } = setup();
    const s = store();
    const created = await s.create({ uid: "u2", content: item("u2", "v1") });
    const updated = await s.update({ id: created.id, version: created.version, content: item("u2", "v2") });
    expect(updated.version).not.toBe(created.version);
    const stale = s.update({ id: created.id, version: created.version, content: item("u2", "stale") });
    await expect(stale).rejects.toBeInstanceOf(PreconditionFailed);
    await expect(stale).rejects.toMatchObject({ reason: "changed" });
    expect(readFileSync(join(dir, "u2.ics"), "utf8")).toContain("v2");
    await expect(s.delete({ id: created.id, version: created.version })).rejects.toMatchObject({ reason: "changed" });
    await s.delete({ id: created.id, version: updated.version });
    await expect(s.delete({ id: created.id, version: updated.version })).rejects.toMatchObject({ reason: "gone" });
    expect(await s.get({ id: created.id })).toBeUndefined();
  });

  it("reads its own write back as written, once; later reads look at the file", async () => {
    const { dir, store } = setup();
    const s = store();
    const created = await s.create({ uid: "u4", content: item("u4", "mine") });
    const back = await s.get({ id: created.id });
    expect(back?.state.version).toBe(created.version);
    expect(back?.content).toBe(item("u4", "mine"));
    writeFileSync(join(dir, created.id), item("u4", "theirs, longer"));
    const later = await s.get({ id: created.id });
    expect(later?.content).toContain("theirs");
    expect(later?.state.version).not.toBe(created.version);
  });

  it("sees a same-size rewrite by another program as a new version", async () => {
    const { dir, store } = setup();
    const s = store();
    const created = await s.create({ uid: "u3", content: item("u3", "aaaa") });
    writeFileSync(join(dir, created.id), item("u3", "bbbb"));
    const [listed] = await s.list();
    expect(listed!.version).not.toBe(created.version);
    expect(listed!.hash).toContain("bbbb");
  });

  it("reads only files whose version is not in the imported cache, and skips dot files", async () => {
    const { dir, reads, store } = setup();
    writeFileSync(join(dir, "a.ics"), item("a"));
    writeFileSync(join(dir, "b.ics"), item("b"));
    writeFileSync(join(dir, ".davsync-status.json"), "{}");
    writeFileSync(join(dir, "notes.txt"), "not an item");
    const first = store();
    expect(await first.list()).toHaveLength(2);
    expect(reads).toHaveLength(2);
    writeFileSync(join(dir, "b.ics"), item("b", "changed"));
    const second = store(first.exportCache());
    const listed = await second.list();
    expect(listed.map((i) => i.uid).sort()).toEqual(["a", "b"]);
    expect(reads).toHaveLength(3); // only b.ics again
  });
});

describe("VdirStore with deferSync", () => {
  it("writes at once, makes the files durable on flush, and reads a write back without the disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vdir-defer-"));
    dirs.push(dir);
    const inspect: InspectItem = ({ text }) => ({ uid: /^UID:(.*)$/m.exec(text)?.[1]?.trim() ?? "", hash: text });
    const s = new VdirStore({ dir, ext: ".ics", inspect, deferSync: true });
    const results: Awaited<ReturnType<VdirStore["create"]>>[] = [];
    for (let i = 0; i < 300; i++) results.push(await s.create({ uid: `d-${i}`, content: item(`d-${i}`) }));
    await s.flush();
    expect(readdirSync(dir).filter((n) => !n.startsWith(".")).length).toBe(300);
    const got = await s.get({ id: results[299]!.id });
    expect(got?.state.version).toBe(results[299]!.version);
    expect(got?.content).toBe(item("d-299"));
    // The version a deferred write reports is the file's (a later listing agrees).
    const listed = await new VdirStore({ dir, ext: ".ics", inspect }).list();
    expect(listed.find((x) => x.id === results[0]!.id)?.version).toBe(results[0]!.version);
    await expect(s.create({ uid: "d-1", content: item("d-1") })).rejects.toBeInstanceOf(PreconditionFailed);
  });

  it("completes a create over an empty file (what a power loss leaves of an unflushed write)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vdir-defer-"));
    dirs.push(dir);
    const inspect: InspectItem = ({ text }) => ({ uid: "e", hash: text });
    writeFileSync(join(dir, "e.ics"), "");
    const s = new VdirStore({ dir, ext: ".ics", inspect, deferSync: true });
    await s.create({ uid: "e", content: item("e") });
    await s.flush();
    expect(readFileSync(join(dir, "e.ics"), "utf8")).toBe(item("e"));
  });
});

describe("DeferredSync", () => {
  const written = (dir: string, n: number, sync: DeferredSync) => {
    for (let i = 0; i < n; i++) {
      const path = join(dir, `f-${i}.ics`);
      const file = createFileExclusive({ path, text: item(`f-${i}`), durable: false });
      if (typeof file === "boolean") throw new Error("not deferred");
      sync.add(file.fd, path);
    }
  };

  it("syncs the file system once per flush instead of once per file, closing each file at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vdir-syncfs-"));
    dirs.push(dir);
    const calls: string[] = [];
    const sync = new DeferredSync(dir, { syncFilesystem: async (d) => (calls.push(d), true) });
    written(dir, 50, sync);
    expect(sync.pending).toBe(0);
    await sync.flush();
    await sync.flush(); // nothing new: no second call
    expect(calls).toEqual([dir]);
    expect(readdirSync(dir).filter((n) => !n.startsWith("."))).toHaveLength(50);
  });

  it("falls back to an fsync per file when the file system sync is not available", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vdir-syncfs-"));
    dirs.push(dir);
    let calls = 0;
    const sync = new DeferredSync(dir, { syncFilesystem: async () => (calls++, false) });
    written(dir, 20, sync);
    await sync.flush();
    // From then on the per-file way: descriptors stay open until their fsync is done.
    const path = join(dir, "late.ics");
    const file = createFileExclusive({ path, text: item("late"), durable: false });
    if (typeof file === "boolean") throw new Error("not deferred");
    sync.add(file.fd, path);
    expect(sync.pending).toBe(1);
    await sync.flush();
    expect(calls).toBe(1);
    expect(readFileSync(path, "utf8")).toBe(item("late"));
  });

  it("has the file system sync on Linux (coreutils' sync -f)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vdir-syncfs-"));
    dirs.push(dir);
    if (process.platform !== "linux") expect(syncFilesystem).toBeUndefined();
    else expect(await syncFilesystem!(dir)).toBe(true);
  });
});
