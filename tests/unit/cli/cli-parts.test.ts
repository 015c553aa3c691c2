// Small parts of the CLI: argument parsing, English DavError text from the add-on's locale file,
// item spans for the time window, the folder trash's retention, which server bodies a plan reads, and
// the inspector's memo with outcomes from the inspect workers.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSyncArgs, UsageError } from "../../../src/cli/args";
import { describeError, renderMessage } from "../../../src/cli/messages";
import { createInspector } from "../../../src/cli/inspect";
import { itemSpan } from "../../../src/cli/item-span";
import { remoteReads } from "../../../src/cli/run-sync";
import { readStatusFile, statusWriter } from "../../../src/cli/status-file";
import { STATUS_SCHEMA_VERSION, type SyncStatus } from "../../../src/core";
import { DavError, inWindow } from "../../../src/dav";
import { FolderTrash } from "../../../src/vdir";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const base = ["sync", "--url", "https://dav.example/cal/", "--user", "u", "--password-env", "PW", "--dir", "/tmp/x"];

describe("parseSyncArgs", () => {
  it("reads the options with their defaults and takes the password from the named variable", () => {
    const o = parseSyncArgs({ argv: [...base, "--time-range", "30:90", "--mode", "remote-to-local-merge"], env: { PW: "s3cret" } });
    expect(o).toMatchObject({ password: "s3cret", mode: "remote-to-local-merge", conflict: "automatic", timeRange: { daysPast: 30, daysFuture: 90 }, chunkSize: 100 });
    expect(o.statusFile).toBe("/tmp/x/.davsync-status.json");
  });

  it("explains what is wrong", () => {
    expect(() => parseSyncArgs({ argv: base, env: {} })).toThrow(/PW \(from --password-env\) is not set/);
    expect(() => parseSyncArgs({ argv: [...base, "--mode", "sideways"], env: { PW: "" } })).toThrow(/--mode must be one of/);
    expect(() => parseSyncArgs({ argv: [...base, "--time-range", "60"], env: { PW: "" } })).toThrow(UsageError);
    expect(() => parseSyncArgs({ argv: ["push"], env: {} })).toThrow(/unknown command "push"/);
  });
});

describe("English messages", () => {
  it("renders a DavError with the add-on's text and placeholders", () => {
    const e = new DavError({ kind: "auth", method: "PROPFIND", url: "https://dav.example/", status: 401, messageKey: "davErrorAuth", substitutions: ["https://dav.example/", "401"] });
    expect(describeError(e)).toBe("The server at https://dav.example/ did not accept the user name or password (HTTP 401). Check them in the profile settings.");
    expect(renderMessage({ key: "davErrorRejected", substitutions: ["x.ics", "400"] })).toBe("The server refused the request for x.ics (HTTP 400).");
    expect(describeError(new Error("plain"))).toBe("plain");
  });
});

const cal = (lines: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:s", "DTSTAMP:20260101T000000Z", ...lines, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
const day = 86_400_000;

describe("itemSpan", () => {
  it("covers a single event, padded by a day", () => {
    const span = itemSpan({ text: cal(["DTSTART:20260105T100000Z", "DTEND:20260105T110000Z"]) })!;
    expect(span.start).toBe(Date.UTC(2026, 0, 5, 10) - day);
    expect(span.end).toBe(Date.UTC(2026, 0, 5, 11) + day);
  });

  it("walks a COUNT rule to its last occurrence and leaves an endless rule open", () => {
    const weekly = itemSpan({ text: cal(["DTSTART:20260105T100000Z", "DTEND:20260105T110000Z", "RRULE:FREQ=WEEKLY;COUNT=10"]) })!;
    expect(weekly.end).toBe(Date.UTC(2026, 2, 9, 11) + day);
    const endless = itemSpan({ text: cal(["DTSTART:20260105T100000Z", "RRULE:FREQ=YEARLY"]) })!;
    expect(endless.end).toBeNull();
    expect(inWindow({ span: endless, window: { start: Date.UTC(2040, 0, 1), end: Date.UTC(2041, 0, 1) } })).toBe(true);
    expect(inWindow({ span: weekly, window: { start: Date.UTC(2027, 0, 1), end: Date.UTC(2028, 0, 1) } })).toBe(false);
  });

  it("has no span for contacts and undated tasks (inside every window)", () => {
    expect(itemSpan({ text: "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c\r\nFN:C\r\nEND:VCARD\r\n" })).toBeUndefined();
    const todo = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VTODO", "UID:t", "SUMMARY:t", "END:VTODO", "END:VCALENDAR", ""].join("\r\n");
    expect(itemSpan({ text: todo })).toBeUndefined();
  });
});

describe("FolderTrash", () => {
  it("keeps entries as files and purges those older than 30 days", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trash-test-"));
    dirs.push(dir);
    const trash = new FolderTrash({ dir, ext: ".ics", now: () => Date.UTC(2026, 5, 1) });
    await trash.put({ side: "remote", uid: "a", id: "/cal/a.ics", content: "A", cause: "deleted" });
    await trash.put({ side: "local", uid: "a", id: "a.ics", content: "A2", cause: "overwritten" });
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^2026-06-01T00-00-00-000Z-local-overwritten-a\.ics$/);
    const old = new Date(Date.UTC(2026, 3, 1));
    utimesSync(join(dir, names[0]!), old, old);
    expect(trash.purge()).toBe(1);
    expect(readdirSync(dir)).toEqual([names[1]]);
  });
});

describe("remoteReads", () => {
  it("names the server bodies a plan will read: copy sources, patch targets and what goes to the trash", () => {
    const ref = (id: string) => ({ id, version: "v", hash: "h" });
    const ids = remoteReads([
      { kind: "create", side: "local", uid: "1", source: ref("/r/1"), why: "new-item" },
      { kind: "create", side: "remote", uid: "2", source: ref("l2"), why: "new-item" },
      { kind: "update", side: "remote", uid: "3", target: ref("/r/3"), source: ref("l3"), trash: true, why: "conflict" },
      { kind: "delete", side: "remote", uid: "4", target: ref("/r/4"), trash: true, why: "deletion" },
      { kind: "merge", uid: "5", local: ref("l5"), remote: ref("/r/5"), trash: true, why: "conflict" },
      { kind: "update", side: "remote", uid: "6", target: ref("/r/6"), source: ref("l6"), trash: false, why: "edit" },
    ]);
    // An update's target is read even when nothing goes to the trash: it is what the patch applies to.
    expect(ids).toEqual(["/r/1", "/r/3", "/r/4", "/r/5", "/r/6"]);
  });

  it("names the server side of a new or changed pairing (its base), not of an unchanged one", () => {
    const entry = (uid: string, hash: string) => ({ uid, local: { id: `l${uid}`, version: "v", hash }, remote: { href: `/r/${uid}`, etag: "e", hash } });
    const status = { schemaVersion: STATUS_SCHEMA_VERSION, entries: [entry("7", "h7"), entry("8", "h8")] };
    const ids = remoteReads(
      [
        { kind: "update-status", uid: "6", entry: entry("6", "h6") }, // paired by UID on a resumed run
        { kind: "update-status", uid: "7", entry: entry("7", "h7") }, // a new etag over the same content
        { kind: "update-status", uid: "8", entry: entry("8", "other") },
      ],
      status,
    );
    expect(ids).toEqual(["/r/6", "/r/8"]);
  });
});

describe("createInspector", () => {
  const good = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:a", "DTSTART:20260105T100000Z", "SUMMARY:A", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
  const broken = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b\r\n";

  it("remembers a text read back with its facts: the folder's write finds them in the memo, once", () => {
    const unreadable: string[] = [];
    const inspector = createInspector({ withSpan: false, onUnreadable: ({ error }) => unreadable.push(error) });
    const found = inspector.outcome(good);
    inspector.remember({ text: good, outcome: { facts: { ...found.facts, hash: "read-back" } } });
    // The next use is answered from the memo (not parsed again), then forgotten.
    expect(inspector({ text: good }).hash).toBe("read-back");
    expect(inspector({ text: good }).hash).toBe(found.facts.hash);
    expect(unreadable).toEqual([]);
  });

  it("once() inspects without keeping the text; a worker's outcome is accepted without keeping it", () => {
    const inspector = createInspector({ withSpan: false });
    const found = inspector.outcome(good);
    expect(inspector.once({ text: good })).toEqual(found.facts);
    expect(inspector.accept({ facts: { ...found.facts, hash: "from-worker" } }).hash).toBe("from-worker");
    // Neither left the text in the memo: the folder's write parses it.
    expect(inspector({ text: good }).hash).toBe(found.facts.hash);
    // A remembered text is taken (and forgotten) by once() too.
    inspector.remember({ text: good, outcome: { facts: { ...found.facts, hash: "read-back" } } });
    expect(inspector.once({ text: good }).hash).toBe("read-back");
    expect(inspector.once({ text: good }).hash).toBe(found.facts.hash);
  });

  it("reports an unreadable text once per use, whichever thread parsed it", () => {
    const unreadable: string[] = [];
    const inspector = createInspector({ withSpan: false, onUnreadable: ({ error }) => unreadable.push(error) });
    const outcome = createInspector({ withSpan: false, memoSize: 0 }).outcome(broken);
    expect(outcome.error).toBeTruthy();
    expect(inspector.accept(outcome)).toEqual({ uid: "", hash: outcome.facts.hash });
    expect(unreadable).toEqual([outcome.error]);
    inspector({ text: broken });
    expect(unreadable).toHaveLength(2); // as for a text inspected twice on the main thread
  });
});
