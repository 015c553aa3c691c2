// Lenient, namespace-aware XML reader and a tiny writer for DAV bodies.
// Contract: parseXml(text) returns the root element or throws XmlError (never anything else);
// characters that XML 1.0 forbids (e.g. 0x0C from some servers) are stripped when `lenient` is on,
// unknown entities are kept literally. No DOMParser: this runs in the background page and in Node.

export interface XmlElement {
  /** Namespace URI ("" when none). */
  readonly ns: string;
  /** Local name without prefix. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  override readonly name = "XmlError";
}

// XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Lone surrogates are invalid as well; the /u flag makes the class match them only when unpaired.
const INVALID_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Anything but the Basic Multilingual Plane's valid characters, surrogates included: a cheap first look (no /u). */
const MAYBE_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/;

export function stripInvalidXmlChars(text: string): string {
  // Most answers hold nothing to strip: a plain scan decides that ~4× faster than the /u replace.
  return MAYBE_INVALID.test(text) ? text.replace(INVALID_CHARS, "") : text;
}

/**
 * A copy of `part` that does not keep `text` alive. V8 represents a slice of 13+ characters as a view
 * into its parent string, so an ETag or href read from an answer would hold the whole answer (or,
 * streamed, its whole response) in memory for as long as the ETag lives: measured 16.5 MB of
 * response documents behind the 5 000 ETags of a first download. Concatenating forces a flat copy.
 */
function ownString(part: string): string {
  return part.length < 13 ? part : (" " + part).slice(1);
}

/**
 * Text nodes longer than this stay views into the document. They are item bodies (calendar-data,
 * address-data), which live about as long as the document piece they came from; copying each one
 * was a second copy of every downloaded byte. What outlives a download (hrefs, ETags, tokens) is
 * shorter and is copied.
 */
const OWN_TEXT_MAX = 256;

function textNode(part: string): string {
  const decoded = decodeEntities(part);
  // A decoded text is already a new string.
  return decoded !== part || part.length > OWN_TEXT_MAX ? decoded : ownString(part);
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ent: string) => {
    if (ent.startsWith("#")) {
      const code = ent[1] === "x" ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) return "";
      const ch = String.fromCodePoint(code);
      return stripInvalidXmlChars(ch);
    }
    return NAMED_ENTITIES[ent] ?? whole;
  });
}

interface OpenElement {
  qname: string;
  rawAttrs: Record<string, string>;
  scope: Record<string, string>;
  children: XmlNode[];
}

function resolve(qname: string, scope: Record<string, string>, isAttr: boolean): { ns: string; name: string } {
  const colon = qname.indexOf(":");
  if (colon < 0) return { ns: isAttr ? "" : (scope[""] ?? ""), name: qname };
  const prefix = qname.slice(0, colon);
  const ns = scope[prefix];
  // An undeclared prefix is a server bug; keep the element under a pseudo namespace instead of failing.
  return { ns: ns ?? `urn:undeclared:${prefix}`, name: qname.slice(colon + 1) };
}

const TAG_RE = /<\/?([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR_RE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Parses a whole document. `lenient` (default true) strips characters XML forbids instead of failing.
 * `within`: the input is the content of the element this start tag opens (with its namespace
 * declarations); its end tag may close it or be left out. A streamed answer parses each piece so,
 * without copying it into a document of its own.
 */
export function parseXml(input: string, options: { lenient?: boolean; within?: string } = {}): XmlElement {
  const lenient = options.lenient ?? true;
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (lenient) text = stripInvalidXmlChars(text);
  else {
    INVALID_CHARS.lastIndex = 0;
    const bad = INVALID_CHARS.exec(text);
    if (bad) throw new XmlError(`invalid character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, "0")} at offset ${bad.index}`);
  }
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const documentScope: Record<string, string> = { xml: "http://www.w3.org/XML/1998/namespace" };
  const scopeOf = () => stack[stack.length - 1]?.scope ?? documentScope;

  const close = (open: OpenElement): XmlElement => {
    const { ns, name } = resolve(open.qname, open.scope, false);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(open.rawAttrs)) {
      if (k === "xmlns" || k.startsWith("xmlns:")) continue;
      attrs[resolve(k, open.scope, true).name] = v;
    }
    return { ns, name, attrs, children: open.children };
  };
  const attach = (el: XmlElement) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new XmlError("more than one root element");
    else root = el;
  };

  const open = (m: RegExpExecArray) => {
    const rawAttrs: Record<string, string> = {};
    // Most elements declare nothing: they share their parent's scope (never changed once made).
    let scope = scopeOf();
    let ownScope = false;
    if (m[2]) {
      for (const a of m[2].matchAll(ATTR_RE)) {
        const value = ownString(decodeEntities(a[2] ?? a[3] ?? ""));
        rawAttrs[a[1]!] = value;
        if (a[1] === "xmlns" || a[1]!.startsWith("xmlns:")) {
          if (!ownScope) scope = { ...scope };
          ownScope = true;
          scope[a[1] === "xmlns" ? "" : a[1]!.slice(6)] = value;
        }
      }
    }
    const el: OpenElement = { qname: m[1]!, rawAttrs, scope, children: [] };
    if (m[3] === "/") attach(close(el));
    else stack.push(el);
  };
  if (options.within !== undefined) {
    TAG_RE.lastIndex = 0;
    const m = TAG_RE.exec(options.within);
    if (!m || options.within.startsWith("</") || m[3] === "/") throw new XmlError(`not a start tag: ${options.within}`);
    open(m);
  }

  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    const chunk = text.slice(pos, lt < 0 ? text.length : lt);
    if (chunk.length > 0) {
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(textNode(chunk));
      else if (chunk.trim() !== "") throw new XmlError("text outside the root element");
    }
    if (lt < 0) break;
    if (text.startsWith("<?", lt)) {
      const end = text.indexOf("?>", lt);
      if (end < 0) throw new XmlError("unterminated processing instruction");
      pos = end + 2;
    } else if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt);
      if (end < 0) throw new XmlError("unterminated comment");
      pos = end + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt);
      if (end < 0) throw new XmlError("unterminated CDATA section");
      const parent = stack[stack.length - 1];
      if (!parent) throw new XmlError("CDATA outside the root element");
      parent.children.push(ownString(text.slice(lt + 9, end)));
      pos = end + 3;
    } else if (text.startsWith("<!", lt)) {
      // DOCTYPE (no internal subset support needed for DAV); skip to the matching '>'.
      const end = text.indexOf(">", lt);
      if (end < 0) throw new XmlError("unterminated declaration");
      pos = end + 1;
    } else {
      TAG_RE.lastIndex = lt;
      const m = TAG_RE.exec(text);
      if (!m) throw new XmlError(`malformed tag at offset ${lt}`);
      pos = TAG_RE.lastIndex;
      const qname = m[1]!;
      if (text[lt + 1] === "/") {
        const closing = stack.pop();
        if (!closing || closing.qname !== qname) throw new XmlError(`unexpected </${qname}> at offset ${lt}`);
        attach(close(closing));
        continue;
      }
      open(m);
    }
  }
  // The element `within` opened ends with the input.
  if (options.within !== undefined && stack.length === 1) attach(close(stack.pop()!));
  if (stack.length > 0) throw new XmlError(`unexpected end of document inside <${stack[stack.length - 1]!.qname}>`);
  if (!root) throw new XmlError("no root element");
  return root;
}

// ---- navigation helpers -------------------------------------------------------------------------

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== "string";
}

export function childElements(el: XmlElement, ns?: string, name?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => isElement(c) && (ns === undefined || c.ns === ns) && (name === undefined || c.name === name),
  );
}

export function firstChild(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return el ? childElements(el, ns, name)[0] : undefined;
}

/** All descendants (depth-first) with that name; used where servers nest inconsistently. */
export function descendants(el: XmlElement, ns: string, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of childElements(el)) {
    if (c.ns === ns && c.name === name) out.push(c);
    out.push(...descendants(c, ns, name));
  }
  return out;
}

/** Concatenated text content of the element and its descendants. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return "";
  return el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

// ---- writing ------------------------------------------------------------------------------------

export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
