// Run reports: built from a run's plan and executor report (per item, conflicts, held deletions
// with summaries, error keys), kept newest first for the retention days and at most N per
// profile, cleared on request; never carrying an item's whole content.
import { describe, expect, test } from "vitest";
import { addReport, buildReport, clearReports, loadReports, newRunRecord, pruneReports, summaryOf, type SyncReport } from "../../../src/background/reports";
import type { LastResult } from "../../../src/background/messages";
import { DEFAULT_GENERAL_OPTIONS, parseGeneralOptions } from "../../../src/core/general-options";
import { STATUS_SCHEMA_VERSION } from "../../../src/core";
import { memoryStorage } from "./memory-storage";

const DAY = 86_400_000;
const NOW = Date.parse("2025-03-10T09:30:00Z");

const result = (at: number, extra: Partial<LastResult> = {}): LastResult => ({
  at, durationMs: 1500, trigger: "manual", outcome: "ok", written: { local: 1, remote: 0 }, failed: 0, conflicts: 0, needsSignIn: false, ...extra,
});
const report = (at: number, profileId = "p"): SyncReport => buildReport({ profileId, result: result(at), record: newRunRecord() });

describe("building a report", () => {
  test("lists what happened per item with its summary and the error's message key, without status-only steps", () => {
    const record = newRunRecord();
    record.summaries.set("u1", "Weekly meeting");
    record.report = {
      outcome: "completed-with-errors", done: 3, total: 3, status: { schemaVersion: STATUS_SCHEMA_VERSION, entries: [] },
      entries: [
        { uid: "u1", action: "delete", side: "remote", result: "ok" },
        { uid: "u2", action: "update", side: "local", result: "failed", error: "forbidden: PUT /x → HTTP 403", messageKey: "davErrorForbidden", substitutions: ["/x"] },
        { uid: "u3", action: "create", side: "remote", result: "failed", error: "boom" },
        { uid: "u4", action: "update-status", result: "ok" },
      ],
    };
    record.plan = {
      actions: [], problems: [],
      conflicts: [{ uid: "u1", kind: "both-changed", rule: "automatic", outcome: "local", reason: "local newer" }],
      needsConfirmation: [{ side: "local", reasons: ["too-many-deletions"], deleteCount: 2, sideCount: 4, ids: ["L1", "L2"], uids: ["a", "b"] }],
    };
    record.heldSummaries.set("L1", "Dentist");
    const built = buildReport({ profileId: "p", result: result(NOW, { outcome: "warning" }), record });
    expect(built.startedAt).toBe(NOW - 1500);
    expect(built.items).toEqual([
      { uid: "u1", action: "delete", side: "remote", result: "ok", summary: "Weekly meeting" },
      { uid: "u2", action: "update", side: "local", result: "failed", error: { key: "davErrorForbidden", substitutions: ["/x"] } },
      { uid: "u3", action: "create", side: "remote", result: "failed", error: { key: "syncErrorUnexpected", substitutions: ["boom"] } },
    ]);
    expect(built.conflicts).toEqual([{ uid: "u1", kind: "both-changed", rule: "automatic", outcome: "local", reason: "local newer", summary: "Weekly meeting" }]);
    expect(built.held[0]).toMatchObject({ side: "local", deleteCount: 2, ids: ["L1", "L2"], items: [{ id: "L1", uid: "a", summary: "Dentist" }, { id: "L2", uid: "b" }] });
  });

  test("reads SUMMARY or FN, unfolded and unescaped", () => {
    expect(summaryOf("BEGIN:VEVENT\r\nSUMMARY;LANGUAGE=en:Budget\\, Q1 \r\n review\r\nEND:VEVENT")).toBe("Budget, Q1 review");
    expect(summaryOf("BEGIN:VCARD\nFN:Jana Nováková\nEND:VCARD")).toBe("Jana Nováková");
    expect(summaryOf("BEGIN:VTODO\nEND:VTODO")).toBeUndefined();
  });
});

describe("retention", () => {
  test("drops reports older than the retention days and keeps the newest first", () => {
    const kept = pruneReports({ reports: [report(NOW - 31 * DAY), report(NOW - DAY), report(NOW)], now: NOW, retentionDays: 30 });
    expect(kept.map((r) => r.at)).toEqual([NOW, NOW - DAY]);
  });

  test("keeps at most the limit per profile", () => {
    const many = Array.from({ length: 60 }, (_, i) => report(NOW - i * 60_000));
    expect(pruneReports({ reports: many, now: NOW, retentionDays: 30, max: 50 })).toHaveLength(50);
  });

  test("stores one list per profile, gives same-time runs distinct ids, and clears one profile only", async () => {
    const storage = memoryStorage();
    await addReport({ storage, report: report(NOW), now: NOW, retentionDays: 30 });
    await addReport({ storage, report: report(NOW), now: NOW, retentionDays: 30 });
    await addReport({ storage, report: report(NOW, "q"), now: NOW, retentionDays: 30 });
    const reports = await loadReports({ storage, profileId: "p" });
    expect(new Set(reports.map((r) => r.id)).size).toBe(2);
    await addReport({ storage, report: report(NOW + 40 * DAY), now: NOW + 40 * DAY, retentionDays: 30 });
    expect(await loadReports({ storage, profileId: "p" })).toHaveLength(1);
    await clearReports({ storage, profileId: "p" });
    expect(await loadReports({ storage, profileId: "p" })).toEqual([]);
    expect(await loadReports({ storage, profileId: "q" })).toHaveLength(1);
  });

  test("the general option defaults to 30 days and falls back on bad input", () => {
    expect(DEFAULT_GENERAL_OPTIONS.reportRetentionDays).toBe(30);
    expect(parseGeneralOptions({ reportRetentionDays: -4, logLevel: "loud", syncOnStartup: false })).toMatchObject({ reportRetentionDays: 30, logLevel: "info", syncOnStartup: false });
  });
});
