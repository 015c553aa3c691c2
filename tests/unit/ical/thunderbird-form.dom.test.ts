// toThunderbird / fromThunderbird and the HTML sanitizer, in jsdom (the "dom" project): Windows
// TZIDs renamed to IANA, X-ALT-DESC turned into the sanitized ALTREP Thunderbird renders and back,
// and texts with nothing to change passed through byte for byte.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentHash, createHtmlSanitizer, fromThunderbird, htmlToText, parseItem, patchItem, toThunderbird } from "../../../src/ical";

// Not new URL(…, import.meta.url): in jsdom, URL is jsdom's and resolves against the page.
const corpus = (path: string): string => readFileSync(join(import.meta.dirname, "../../fixtures/corpus", path), "utf8");
const sanitize = createHtmlSanitizer({ window });
const toText = (html: string): string => htmlToText({ html, window });
const prepare = (text: string): string => toThunderbird({ text, sanitize, htmlToText: toText });
const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, "");

describe("createHtmlSanitizer", () => {
  it("removes scripts, event handlers, javascript: links, frames and remote images; keeps links and formatting", () => {
    const out = sanitize(
      `<p onclick="x()">Hi <b>there</b> <a href="https://example.cz/a" onmouseover="y()">link</a></p><script>alert(1)</script>` +
        `<img src="https://tracker.example/p.gif" onerror="z()"><iframe src="https://evil.example"></iframe><a href="javascript:alert(2)">bad</a>` +
        `<ul><li>one</li></ul><form><input value="x"></form><p style="position:fixed">styled</p>`,
    );
    expect(out).toContain('<a href="https://example.cz/a">link</a>');
    expect(out).toContain("<b>there</b>");
    expect(out).toContain("<ul><li>one</li></ul>");
    expect(out).not.toMatch(/script|onclick|onmouseover|onerror|javascript:|iframe|tracker|<form|<input|style=/i);
  });

  it("keeps an embedded data: image", () => {
    const img = '<img src="data:image/png;base64,iVBORw0KGgo=">';
    expect(sanitize(img)).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });
});

describe("htmlToText", () => {
  it("turns blocks and <br> into lines", () => {
    expect(toText("<p>Hallo zusammen,</p><p>bitte die <B>Zahlen</B>.</p><p>Gruß<br>Klaus</p>")).toBe("Hallo zusammen,\nbitte die Zahlen.\nGruß\nKlaus");
  });
});

describe("toThunderbird", () => {
  it("renames Windows TZIDs and their VTIMEZONE to IANA, keeping the wall times", () => {
    const out = prepare(corpus("ics/outlook-central-europe-recurring.ics"));
    expect(out).not.toContain("Central Europe Standard Time");
    expect(out).toContain("TZID:Europe/Budapest");
    expect(out).toContain("DTSTART;TZID=Europe/Budapest:20270105T080000");
    expect(out).toContain("RECURRENCE-ID;TZID=Europe/Budapest:20270126T080000");
    expect(out).toContain("EXDATE;TZID=Europe/Budapest:20270119T080000,20270202T080000");
    // Same content for the hash: the mapping is what the normalizer does too.
    expect(contentHash({ text: out })).toBe(contentHash({ text: corpus("ics/outlook-central-europe-recurring.ics") }));
  });

  it("maps a Windows TZID that has no VTIMEZONE (Thunderbird would store it as floating)", () => {
    expect(prepare(corpus("ics/outlook-pacific-no-vtimezone.ics"))).toContain("DTSTART;TZID=America/Los_Angeles:20270211T090000");
  });

  it("turns X-ALT-DESC into a sanitized ALTREP on DESCRIPTION and drops X-ALT-DESC", () => {
    const out = prepare(corpus("ics/outlook-alt-desc-unsafe.ics"));
    const event = parseItem({ text: out }).root.comps.find((c) => c.name === "VEVENT")!;
    expect(event.props.some((p) => p.name === "X-ALT-DESC")).toBe(false);
    const desc = event.props.find((p) => p.name === "DESCRIPTION")!;
    expect(desc.value).toBe("Agenda: see link\\nhttps://intranet.example.de/agenda\\n"); // the server's plain text stays
    const html = decodeURIComponent(desc.params.find((p) => p.name === "ALTREP")!.values[0]!.replace("data:text/html,", ""));
    expect(html).toContain('<a href="https://intranet.example.de/agenda">link</a>');
    expect(html).not.toMatch(/script|onclick|onerror|onload|iframe|javascript:/i);
  });

  it("creates the plain DESCRIPTION from the HTML when the server sent only X-ALT-DESC", () => {
    const text = corpus("ics/outlook-weurope-alt-desc.ics").replace(/DESCRIPTION:[^]*?\r\n(?=DTEND)/, "");
    const desc = parseItem({ text: prepare(text) }).root.comps.find((c) => c.name === "VEVENT")!.props.find((p) => p.name === "DESCRIPTION")!;
    expect(desc.value).toBe("Hallo zusammen\\,\\nbitte die Zahlen vorbereiten.\\nGruß\\nKlaus");
  });

  it("without a sanitizer leaves X-ALT-DESC an opaque property", () => {
    expect(toThunderbird({ text: corpus("ics/outlook-alt-desc-unsafe.ics") })).toContain("X-ALT-DESC;FMTTYPE=text/html:<html>");
  });

  it("returns texts with nothing to map unchanged, and vCards untouched", () => {
    for (const path of ["ics/easy-meetings-weekly-31.ics", "ics/radicale-floating-event.ics", "vcf/apple-v3-grouped-labels.vcf"]) {
      expect(prepare(corpus(path))).toBe(corpus(path));
    }
  });
});

describe("fromThunderbird", () => {
  it("turns Thunderbird's ALTREP back into X-ALT-DESC and a plain DESCRIPTION", () => {
    const tbText = prepare(corpus("ics/outlook-alt-desc-unsafe.ics"));
    const back = unfold(fromThunderbird({ text: tbText }));
    expect(back).not.toContain("ALTREP");
    expect(back).toContain("X-ALT-DESC;FMTTYPE=text/html:<p>Agenda: see <a href=\"https://intranet.example.de/agenda\">link</a></p>");
    expect(back).toContain("DESCRIPTION:Agenda: see link\\nhttps://intranet.example.de/agenda\\n");
  });

  it("an HTML edit in Thunderbird reaches the server as X-ALT-DESC + DESCRIPTION, the rest untouched", () => {
    const server = corpus("ics/outlook-weurope-alt-desc.ics");
    const before = prepare(server);
    const html = "<p>Neue <b>Agenda</b></p>";
    const after = before.replace(/DESCRIPTION;[^]*?\r\n(?=[A-Z])/, `DESCRIPTION;ALTREP="data:text/html,${encodeURIComponent(html)}":Neue Agenda\r\n`);
    const patched = unfold(patchItem({ target: server, before: fromThunderbird({ text: before }), after: fromThunderbird({ text: after }) }));
    expect(patched).toContain("X-ALT-DESC;FMTTYPE=text/html:<p>Neue <b>Agenda</b></p>");
    expect(patched).toContain("DESCRIPTION:Neue Agenda\r\n");
    expect(patched).toContain("DTSTART;TZID=W. Europe Standard Time:20270209T100000"); // the server's zone stays (quotes were optional)
    expect(patched).toContain("X-MICROSOFT-CDO-BUSYSTATUS:BUSY");
  });

  it("without an HTML ALTREP returns the text unchanged", () => {
    const text = corpus("ics/radicale-event-prague.ics");
    expect(fromThunderbird({ text })).toBe(text);
  });
});
