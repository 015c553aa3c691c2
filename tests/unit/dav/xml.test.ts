// The lenient XML reader: namespaces by URI (not prefix), entities, CDATA, invalid characters.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { childElements, firstChild, parseXml, stripInvalidXmlChars, textOf, XmlError } from "../../../src/dav/xml";

describe("parseXml", () => {
  it("resolves elements by namespace URI whatever the prefix", () => {
    const a = parseXml('<d:multistatus xmlns:d="DAV:"><d:response/></d:multistatus>');
    const b = parseXml('<ns0:multistatus xmlns:ns0="DAV:"><ns0:response/></ns0:multistatus>');
    const c = parseXml('<multistatus xmlns="DAV:"><response/></multistatus>');
    for (const root of [a, b, c]) {
      expect(root).toMatchObject({ ns: "DAV:", name: "multistatus" });
      expect(childElements(root, "DAV:", "response")).toHaveLength(1);
    }
  });

  it("scopes default and prefixed namespaces to their element", () => {
    const root = parseXml('<a xmlns="urn:x"><b xmlns="urn:y"><c/></b><d/></a>');
    expect(firstChild(firstChild(root, "urn:y", "b"), "urn:y", "c")).toBeDefined();
    expect(firstChild(root, "urn:x", "d")).toBeDefined();
  });

  it("decodes entities and character references, keeps unknown entities literally", () => {
    const root = parseXml('<a>&lt;b&gt; &amp; &quot;&apos; &#269;&#x161; &nbsp;</a>');
    expect(textOf(root)).toBe('<b> & "\' čš &nbsp;');
  });

  it("reads CDATA, skips comments, processing instructions and DOCTYPE", () => {
    const root = parseXml('<?xml version="1.0"?><!DOCTYPE x><!-- hi --><a><![CDATA[BEGIN:VCALENDAR <x>]]></a>');
    expect(textOf(root)).toBe("BEGIN:VCALENDAR <x>");
  });

  it("reads attributes in single and double quotes", () => {
    const root = parseXml(`<c:comp xmlns:c="urn:c" name="VEVENT" other='x&amp;y'/>`);
    expect(root.attrs).toEqual({ name: "VEVENT", other: "x&y" });
  });

  it("strips characters XML forbids (0x0C, 0x00, lone surrogates) by default", () => {
    const root = parseXml("<a>Form\u000cfeed\u0000 \ud800ok 😀</a>");
    expect(textOf(root)).toBe("Formfeed ok 😀");
  });

  it("fails on forbidden characters when not lenient", () => {
    expect(() => parseXml("<a>x\u000cy</a>", { lenient: false })).toThrow(/U\+000c/);
  });

  it("drops character references to forbidden characters", () => {
    expect(textOf(parseXml("<a>x&#12;y</a>"))).toBe("xy");
  });

  it("rejects broken documents with XmlError", () => {
    for (const bad of ["", "<a>", "<a></b>", "<a/><b/>", "text", "<a><b></a>", "<html><body>Error</body>"]) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });

  it("parses content within a given start tag like the document it would make", () => {
    const open = '<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">';
    const piece = '\n<d:response><d:href>/a.ics</d:href><c:calendar-data>BEGIN:VCALENDAR&#13;\nX:' + "y".repeat(400) + "</c:calendar-data></d:response>";
    const whole = parseXml(`${open}${piece}</d:multistatus>`);
    expect(parseXml(piece, { within: open })).toEqual(whole);
    // Its end tag may be part of the content.
    expect(parseXml(`${piece}</d:multistatus>`, { within: open })).toEqual(whole);
    expect(textOf(firstChild(firstChild(whole, "DAV:", "response"), "urn:ietf:params:xml:ns:caldav", "calendar-data"))).toBe(`BEGIN:VCALENDAR\r\nX:${"y".repeat(400)}`);
    expect(() => parseXml("<d:response>", { within: open })).toThrow(XmlError);
    expect(() => parseXml(piece, { within: "</d:multistatus>" })).toThrow(XmlError);
    expect(() => parseXml(`${piece}</d:multistatus><x/>`, { within: open })).toThrow(XmlError);
  });

  it("keeps an undeclared prefix under a pseudo namespace instead of failing", () => {
    expect(parseXml("<x:a/>")).toMatchObject({ ns: "urn:undeclared:x", name: "a" });
  });
});

describe("stripInvalidXmlChars", () => {
  it("keeps tab, newline, carriage return and astral characters", () => {
    expect(stripInvalidXmlChars("a\tb\nc\rd\u0001e\u{1F600}")).toBe("a\tb\nc\rde\u{1F600}");
  });

  it("equals the full XML Char filter on any text (the quick first look never skips a strip)", () => {
    const xmlChar = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
    // Code units, so lone surrogates, pairs, controls and U+FFFE/FFFF all occur.
    const unit = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0xd7f0, max: 0xe010 }), fc.integer({ min: 0xfff0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = String.fromCharCode(...units);
        expect(stripInvalidXmlChars(text)).toBe(text.replace(xmlChar, ""));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
