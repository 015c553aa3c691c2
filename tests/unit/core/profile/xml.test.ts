// The small XML reader behind .cdsp import: what .NET's XmlSerializer writes, read tolerantly;
// broken nesting reported with a line number instead of a throw.
import { describe, expect, test } from "vitest";
import { localName, parseXml, type XmlElement } from "../../../../src/core/profile/xml";

function root(text: string): XmlElement {
  const result = parseXml({ text });
  if (!result.ok) throw new Error(`${result.line}: ${result.detail}`);
  return result.root;
}

describe("parseXml", () => {
  test("elements, attributes with prefixes, self-closing and text", () => {
    const r = root('<?xml version="1.0" encoding="utf-16"?>\r\n<A xmlns:xsi="urn:x"><B xsi:type=\'T\'>hi</B><C /></A>');
    expect(r.name).toBe("A");
    expect(r.children.map((c) => [c.name, c.attributes, c.text])).toEqual([
      ["B", { "xsi:type": "T" }, "hi"],
      ["C", {}, ""],
    ]);
  });

  test("entities, numeric references and CDATA", () => {
    const r = root("<A>R&amp;D &lt;x&gt; &quot;q&quot; &apos; &#382;&#x161; &unknown; <![CDATA[<raw>&amp;]]></A>");
    expect(r.text).toBe("R&D <x> \"q\" ' žš &unknown; <raw>&amp;");
  });

  test("comments, processing instructions and a DOCTYPE are skipped", () => {
    const r = root('<!-- a --><!DOCTYPE A [<!ENTITY e "x">]><?pi x?><A><!-- <B/> -->t</A>');
    expect(r.children).toEqual([]);
    expect(r.text).toBe("t");
  });

  test("a BOM is ignored", () => {
    expect(root("\uFEFF<A/>").name).toBe("A");
  });

  test("localName drops a prefix", () => {
    expect(localName("xsi:type")).toBe("type");
    expect(localName("Name")).toBe("Name");
  });

  test.each([
    ["<A><B></A>", 1, "</B> expected, found </A>"],
    ["<A>\n<B>\n", 3, "<B> is not closed (file cut short?)"],
    ["</A>", 1, "</A> without an opening tag"],
    ["<A><!-- never closed", 1, "unterminated comment"],
    ["<A x=1></A>", 1, "malformed tag <A"],
    ["just text", 1, "no XML element found"],
  ])("%j → line %i: %s", (text, line, detail) => {
    expect(parseXml({ text })).toEqual({ ok: false, line, detail });
  });
});
