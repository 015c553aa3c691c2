import { describe, expect, it } from "vitest";
import { foldLine, parseItem, patchItem } from "../../../src/ical";
import { fixture, unfoldLines } from "./helpers";

const octets = (s: string): number => new TextEncoder().encode(s).length;

describe("serialization", () => {
  it("folds at 75 octets with CRLF, never inside a UTF-8 character", () => {
    const line = `SUMMARY:${"Příliš žluťoučký kůň úpěl ďábelské ódy 📅 ".repeat(4)}`;
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(2);
    for (const p of physical) expect(octets(p)).toBeLessThanOrEqual(75);
    expect(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });

  it("patched iCalendar output uses CRLF only", () => {
    const local = fixture("event-weekly-prague.ics");
    const out = patchItem({ target: local, before: local, after: local.replace("CLASS:PRIVATE", "CLASS:PUBLIC") });
    expect(out.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(out.endsWith("END:VCALENDAR\r\n")).toBe(true);
    for (const p of out.split("\r\n")) expect(octets(p)).toBeLessThanOrEqual(75);
  });

  it("vCard 4: data: URI written with plain commas (ical.js escapes them), TEL;VALUE=uri kept", () => {
    const escaped = fixture("contact-v4-escaped-photo.vcf");
    const out = patchItem({ target: escaped, before: escaped, after: escaped.replace("FN:Petra Svobodová", "FN:Petra Svobodová Nová") });
    const lines = unfoldLines(out);
    expect(lines.find((l) => l.startsWith("PHOTO"))).toMatch(/^PHOTO:data:image\/png;base64,iVBOR/);
    expect(lines).toContain("TEL;VALUE=uri;TYPE=cell,voice:tel:+420-777-000-111");
    expect(lines).toContain("FN:Petra Svobodová Nová");
  });

  it("vCard 3: the PHOTO stays binary with its ENCODING; RFC 6868 caret encoding round-trips", () => {
    const v3 = fixture("contact-v3.vcf").replace("ADR;TYPE=HOME", 'ADR;TYPE=HOME;LABEL="Dlouhá 5^nBrno"');
    const out = patchItem({ target: v3, before: v3, after: v3.replace("ORG:Easy Software;Vývoj", "ORG:Easy Software;QA") });
    const lines = unfoldLines(out);
    expect(lines.find((l) => l.startsWith("PHOTO"))).toMatch(/^PHOTO;ENCODING=b;TYPE=JPEG:\/9j\/4AAQ/);
    expect(lines.find((l) => l.startsWith("ADR;TYPE=HOME"))).toContain("LABEL=Dlouhá 5^nBrno");
    const adr = parseItem({ text: out }).root.props.find((p) => p.params.some((x) => x.name === "LABEL"));
    expect(adr?.params.find((x) => x.name === "LABEL")?.values).toEqual(["Dlouhá 5\nBrno"]);
  });
});
