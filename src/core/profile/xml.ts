// A small tolerant XML reader for .cdsp files: elements, attributes, text, CDATA and the five
// entities plus numeric ones; declarations, comments, processing instructions and DOCTYPE are
// skipped (so the "utf-16" declaration is never believed). No DOMParser: it must run in Node too.
// Contract: never throws; broken nesting or a truncated file gives ok: false with the line number.

export interface XmlElement {
  /** As written, prefix included ("xsi:type"); compare with localName(). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (children's text not included), entities decoded. */
  text: string;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; line: number; detail: string };

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    // Unknown named entities are kept as written rather than failing the whole file.
    return ENTITIES[body] ?? whole;
  });
}

const NAME = /[^\s/>=]+/y;
const ATTRIBUTE = /\s*([^\s/>=]+)\s*=\s*("([^"]*)"|'([^']*)')/y;

export function parseXml({ text }: { text: string }): XmlResult {
  const src = text.replace(/^\uFEFF/, "");
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const error = (at: number, detail: string): XmlResult => ({ ok: false, line: src.slice(0, at).split("\n").length, detail });
  const skipTo = (marker: string, from: number): number => {
    const end = src.indexOf(marker, from);
    return end < 0 ? -1 : end + marker.length;
  };

  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const textEnd = lt < 0 ? src.length : lt;
    const top = stack.at(-1);
    if (top && textEnd > i) top.text += decodeEntities(src.slice(i, textEnd));
    if (lt < 0) break;
    i = lt;
    if (src.startsWith("<?", i)) {
      i = skipTo("?>", i + 2);
      if (i < 0) return error(lt, "unterminated <?…?>");
    } else if (src.startsWith("<!--", i)) {
      i = skipTo("-->", i + 4);
      if (i < 0) return error(lt, "unterminated comment");
    } else if (src.startsWith("<![CDATA[", i)) {
      const end = src.indexOf("]]>", i);
      if (end < 0) return error(i, "unterminated CDATA section");
      if (top) top.text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith("<!", i)) {
      // <!DOCTYPE …> possibly with an internal subset in [ ]; its content is not used.
      const bracket = src.indexOf("[", i);
      const close = src.indexOf(">", i);
      i = skipTo(bracket >= 0 && (close < 0 || bracket < close) ? "]>" : ">", i);
      if (i < 0) return error(lt, "unterminated <!DOCTYPE");
    } else if (src.startsWith("</", i)) {
      const end = src.indexOf(">", i);
      const name = src.slice(i + 2, end < 0 ? undefined : end).trim();
      if (end < 0) return error(i, `unterminated </${name}`);
      const open = stack.pop();
      if (!open) return error(i, `</${name}> without an opening tag`);
      if (open.name !== name) return error(i, `</${open.name}> expected, found </${name}>`);
      i = end + 1;
    } else {
      const parsed = readStartTag({ src, at: i });
      if (parsed.kind === "error") return error(i, parsed.detail);
      const { element, selfClosing, end } = parsed;
      // A second root element is read for nesting but not kept: a .cdsp has only one.
      if (top) top.children.push(element);
      else root ??= element;
      if (!selfClosing) stack.push(element);
      i = end;
    }
  }
  const open = stack.at(-1);
  if (open) return error(src.length, `<${open.name}> is not closed (file cut short?)`);
  if (!root) return error(0, "no XML element found");
  return { ok: true, root };
}

type StartTag = { kind: "ok"; element: XmlElement; selfClosing: boolean; end: number } | { kind: "error"; detail: string };

function readStartTag({ src, at }: { src: string; at: number }): StartTag {
  NAME.lastIndex = at + 1;
  const name = NAME.exec(src)?.[0];
  if (!name) return { kind: "error", detail: "a stray “<”" };
  const element: XmlElement = { name, attributes: {}, children: [], text: "" };
  let i = at + 1 + name.length;
  for (;;) {
    ATTRIBUTE.lastIndex = i;
    const attribute = ATTRIBUTE.exec(src);
    if (!attribute) break;
    element.attributes[attribute[1] ?? ""] = decodeEntities(attribute[3] ?? attribute[4] ?? "");
    i = ATTRIBUTE.lastIndex;
  }
  while (i < src.length && /\s/.test(src[i] ?? "")) i++;
  if (src.startsWith("/>", i)) return { kind: "ok", element, selfClosing: true, end: i + 2 };
  if (src[i] === ">") return { kind: "ok", element, selfClosing: false, end: i + 1 };
  return { kind: "error", detail: `malformed tag <${name}` };
}
