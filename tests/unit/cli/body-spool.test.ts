// The CLI's body spool: what goes in comes out, text for text (UTF-8 round trip, bodies across
// write chunks and read windows, replaced and deleted bodies), the file leaves nothing in the folder,
// and without a usable folder the bodies stay in memory.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BodySpool } from "../../../src/cli/body-spool";

const dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), "davsync-spool-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const body = (i: number) => `BEGIN:VCALENDAR\r\nSUMMARY:schůzka č. ${i} ☕ ${"x".repeat(i % 977)}\r\nEND:VCALENDAR\r\n`;

describe("BodySpool", () => {
  it("returns every body it was given, across write chunks and read windows, in any order", () => {
    const spool = new BodySpool({ dir: folder() });
    const n = 3000; // ~1.6 MB: several 256 KB chunks
    for (let i = 0; i < n; i++) spool.set(`/c/${i}.ics`, body(i));
    for (let i = 0; i < n; i += 1) expect(spool.get(`/c/${i}.ics`)).toBe(body(i));
    for (let i = n - 1; i >= 0; i -= 7) expect(spool.get(`/c/${i}.ics`)).toBe(body(i));
    expect(spool.has("/c/5.ics")).toBe(true);
    expect(spool.get("/c/none.ics")).toBeUndefined();
    spool.close();
  });

  it("a replaced body reads as the new text; a deleted one is gone", () => {
    const spool = new BodySpool({ dir: folder() });
    spool.set("/c/a.ics", body(1));
    spool.set("/c/b.ics", body(2));
    spool.set("/c/a.ics", body(3));
    spool.delete("/c/b.ics");
    expect(spool.get("/c/a.ics")).toBe(body(3));
    expect(spool.has("/c/b.ics")).toBe(false);
    expect(spool.get("/c/b.ics")).toBeUndefined();
    spool.close();
  });

  it("leaves no file in the folder, open or closed", () => {
    const dir = folder();
    const spool = new BodySpool({ dir });
    for (let i = 0; i < 1000; i++) spool.set(`/c/${i}.ics`, body(i));
    expect(readdirSync(dir)).toEqual([]);
    spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps bodies in memory where the folder cannot hold the spool", () => {
    const spool = new BodySpool({ dir: join(folder(), "missing", "deeper") });
    spool.set("/c/a.ics", body(4));
    expect(spool.get("/c/a.ics")).toBe(body(4));
    spool.close();
  });

  it("after close, bodies given later stay in memory", () => {
    const spool = new BodySpool({ dir: folder() });
    spool.set("/c/a.ics", body(5));
    spool.close();
    spool.set("/c/b.ics", body(6));
    expect(spool.get("/c/b.ics")).toBe(body(6));
  });
});
