import { describe, expect, it } from "vitest";
import type { Merger } from "../../../src/core/store";
import { contentHash, createFieldMerger, createPatcher, mergeFields } from "../../../src/ical";
import { fixture, insertAfter, unfoldLines } from "./helpers";

const base = fixture("event-weekly-prague.ics");
const lines = (text: string): string[] => unfoldLines(text);

describe("mergeFields", () => {
  it("concurrent edits of different fields both survive, no conflict", () => {
    const local = base.replace("CLASS:PRIVATE", "CLASS:CONFIDENTIAL");
    const remote = insertAfter({ text: base.replace("LOCATION:Zasedačka 2", "LOCATION:Zasedačka 3"), prefix: "EXDATE", line: "EXDATE;TZID=Europe/Prague:20260406T090000" });
    for (const prefer of ["local", "remote"] as const) {
      const r = mergeFields({ base, local, remote, prefer });
      expect(r.conflicts).toEqual([]);
      expect(lines(r.text)).toEqual(expect.arrayContaining(["CLASS:CONFIDENTIAL", "LOCATION:Zasedačka 3", "EXDATE;TZID=Europe/Prague:20260406T090000"]));
      expect(r.hash).toBe(contentHash({ text: r.text }));
    }
  });

  it("the same field changed on both sides: prefer wins and the field is reported", () => {
    const local = base.replace("SUMMARY:Porada týmu (přesunuto)", "SUMMARY:Lokálně").replace("CLASS:PRIVATE", "CLASS:PUBLIC");
    const remote = base.replace("SUMMARY:Porada týmu (přesunuto)", "SUMMARY:Na serveru").replace("LAST-MODIFIED:20260310T080000Z", "LAST-MODIFIED:20260312T080000Z");
    const l = mergeFields({ base, local, remote, prefer: "local" });
    expect(l.conflicts).toEqual(["VEVENT[20260309T080000Z]/SUMMARY"]);
    expect(lines(l.text)).toEqual(expect.arrayContaining(["SUMMARY:Lokálně", "CLASS:PUBLIC"]));
    const r = mergeFields({ base, local, remote, prefer: "remote" });
    expect(r.conflicts).toEqual(l.conflicts);
    expect(lines(r.text)).toEqual(expect.arrayContaining(["SUMMARY:Na serveru", "CLASS:PUBLIC"]));
  });

  it("equal edits on both sides are not a conflict; category additions from both sides are unioned", () => {
    const local = base.replace("CLASS:PRIVATE", "CLASS:PUBLIC").replace("CATEGORIES:Práce,", "CATEGORIES:Práce,Lokální,");
    const remote = base.replace("CLASS:PRIVATE", "CLASS:PUBLIC").replace("CATEGORIES:Práce,", "CATEGORIES:Práce,Serverová,");
    const r = mergeFields({ base, local, remote, prefer: "remote" });
    expect(r.conflicts).toEqual([]);
    const cats = lines(r.text).filter((x) => x.startsWith("CATEGORIES"));
    expect(cats).toEqual(["CATEGORIES:Práce,Serverová,Porady\\, týdenní,Lokální"]);
  });

  it("an override removed on one side and edited on the other is a conflict on the override", () => {
    const override = /BEGIN:VEVENT\nUID:weekly-prague-1@example.cz\nDTSTAMP:20260301T120000Z\nRECURRENCE-ID;TZID=Europe\/Prague:20260309T090000[\s\S]*?END:VEVENT\n/;
    const local = base.replace(override, "");
    const remote = base.replace("SUMMARY:Porada týmu (přesunuto)", "SUMMARY:Upraveno na serveru");
    const keepEdit = mergeFields({ base, local, remote, prefer: "remote" });
    expect(keepEdit.conflicts).toEqual(["VEVENT[20260309T080000Z]"]);
    expect(keepEdit.text).toContain("Upraveno na serveru");
    const keepDelete = mergeFields({ base, local, remote, prefer: "local" });
    expect(keepDelete.text).not.toContain("20260309T130000");
  });

  it("without a base: union merge, fields both have differently go to prefer", () => {
    const local = base.replace("CLASS:PRIVATE", "CLASS:PUBLIC");
    const remote = fixture("event-weekly-prague-server.ics");
    const r = mergeFields({ base: undefined, local, remote, prefer: "local" });
    expect(r.conflicts).toContain("VEVENT/CLASS");
    expect(lines(r.text)).toEqual(expect.arrayContaining(["CLASS:PUBLIC", "X-EASY-SERVER-REVISION;X-SOURCE=easy:17"]));
  });

  it("counters and stamps keep the newer value whoever is preferred; the UID stays the server's", () => {
    const local = base.replace("SEQUENCE:2\nX-MOZ", "SEQUENCE:5\nX-MOZ").replace("X-MOZ-LASTACK:20260309T075000Z", "X-MOZ-LASTACK:20260316T075000Z");
    const remote = base.replace("SEQUENCE:2\nX-MOZ", "SEQUENCE:3\nX-MOZ").replace("X-MOZ-LASTACK:20260309T075000Z", "X-MOZ-LASTACK:20260310T075000Z").replaceAll("UID:weekly-prague-1@example.cz", "UID:server-uid");
    const r = mergeFields({ base, local, remote, prefer: "remote" });
    expect(r.conflicts).toEqual([]);
    expect(lines(r.text)).toEqual(expect.arrayContaining(["SEQUENCE:5", "X-MOZ-LASTACK:20260316T075000Z", "UID:server-uid"]));
    expect(r.text).not.toContain("weekly-prague-1@example.cz");
  });

  it("vCard: a phone added locally and an email edited remotely", () => {
    const v4 = fixture("contact-v4.vcf");
    const local = v4.replace("ADR;TYPE=work", "TEL;TYPE=home:+420 111 222 333\nADR;TYPE=work");
    const remote = v4.replace("petra.svobodova@example.org", "petra@svobodova.example");
    const r = mergeFields({ base: v4, local, remote, prefer: "remote" });
    expect(r.conflicts).toEqual([]);
    expect(lines(r.text)).toEqual(expect.arrayContaining(["TEL;TYPE=home:+420 111 222 333", "EMAIL;TYPE=home:petra@svobodova.example"]));
  });
});

describe("createFieldMerger", () => {
  it("is a src/core Merger and reports conflicts per uid", async () => {
    const reported: string[][] = [];
    const merger: Merger = createFieldMerger({ prefer: "remote", baseFor: () => base, onConflicts: ({ fields }) => reported.push(fields) });
    const local = base.replace("CLASS:PRIVATE", "CLASS:PUBLIC");
    const remote = base.replace("CLASS:PRIVATE", "CLASS:CONFIDENTIAL");
    const out = await merger.merge({ uid: "weekly-prague-1@example.cz", local, remote });
    expect(lines(out.content)).toContain("CLASS:CONFIDENTIAL");
    expect(out.hash).toBe(contentHash({ text: remote }));
    expect(reported).toEqual([["VEVENT/CLASS"]]);
  });

  it("takes the base the executor passes: a field deleted on one side and untouched on the other is deleted", async () => {
    const merger: Merger = createFieldMerger({ prefer: "remote", baseFor: () => undefined });
    const local = base.split("\n").filter((l) => !l.startsWith("LOCATION")).join("\n");
    const remote = base.replace("CLASS:PRIVATE", "CLASS:PUBLIC");
    const withBase = await merger.merge({ uid: "weekly-prague-1@example.cz", base, local, remote });
    expect(lines(withBase.content).some((l) => l.startsWith("LOCATION"))).toBe(false);
    expect(lines(withBase.content)).toContain("CLASS:PUBLIC");
    // Without a base the same inputs are a union merge: the deletion cannot be told from an addition.
    const union = await merger.merge({ uid: "weekly-prague-1@example.cz", local, remote });
    expect(lines(union.content)).toContain("LOCATION:Zasedačka 2");
  });

  it("asks baseFor only when the executor has no base", async () => {
    const asked: string[] = [];
    const merger = createFieldMerger({ prefer: "remote", baseFor: ({ uid }) => void asked.push(uid) });
    await merger.merge({ uid: "a", base, local: base, remote: base });
    await merger.merge({ uid: "b", local: base, remote: base });
    expect(asked).toEqual(["b"]);
  });
});

describe("createPatcher", () => {
  it("is a src/core Patcher: patchItem plus the hash of its result", () => {
    const after = base.replace("CLASS:PRIVATE", "CLASS:PUBLIC");
    const out = createPatcher().patch({ uid: "weekly-prague-1@example.cz", side: "remote", target: base, before: base, after });
    expect(lines(out.content)).toContain("CLASS:PUBLIC");
    expect(out.hash).toBe(contentHash({ text: out.content }));
    expect(createPatcher().patch({ uid: "x", side: "local", target: base, before: base, after: base }).content).toBe(base);
  });
});
