// Lossless content-line model shared by iCalendar and vCard: text → tree of components whose
// properties keep their group, every parameter (unquoted, RFC 6868 caret-decoded) and the raw,
// still-escaped value. Patching edits this tree and serialize.ts writes it back, so whatever we
// do not understand passes through untouched (ical.js reformats REV, drops TEL;VALUE=uri, …).
import { ItemParseError } from "./errors";

export interface Param {
  /** Upper-cased. */
  name: string;
  /** Unquoted; a comma-separated list gives several values. */
  values: string[];
}

export interface Prop {
  /** vCard group ("item1" in item1.EMAIL), as written. */
  group: string | undefined;
  /** Upper-cased. */
  name: string;
  params: Param[];
  /** Raw value, escapes (\, \; \n) left in place. */
  value: string;
  /** Physical line (1-based) where the property started; 0 for properties we created. */
  line: number;
}

export interface Comp {
  /** Upper-cased. */
  name: string;
  props: Prop[];
  comps: Comp[];
  line: number;
}

interface LogicalLine {
  text: string;
  line: number;
}

/** Joins folded lines (CRLF, LF or CR; continuation = leading space or tab). */
function unfold(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const physical = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  let last: LogicalLine | undefined;
  // One part string per logical line: folded lines (long ATTENDEEs, PHOTOs) join once at the end
  // instead of growing a string per continuation.
  let parts: string[] | undefined;
  for (let i = 0; i < physical.length; i += 1) {
    const raw = physical[i] ?? "";
    const first = raw.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (!last) throw new ItemParseError({ code: "syntax", message: "continuation line with nothing to continue", line: i + 1 });
      (parts ??= [last.text]).push(raw.slice(1));
    } else if (raw.trim() !== "") {
      if (last && parts) last.text = parts.join("");
      parts = undefined;
      out.push((last = { text: raw, line: i + 1 }));
    }
  }
  if (last && parts) last.text = parts.join("");
  return out;
}

const CARET = /\^(\^|n|N|')/g;

function decodeCaret(s: string): string {
  // Most values hold no caret: skip the regex (and its copy) for them.
  return s.indexOf("^") < 0 ? s : s.replace(CARET, (_m, c: string) => (c === "^" ? "^" : c === "'" ? '"' : "\n"));
}

/** A name character: [A-Za-z0-9_-]. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/** `name` upper-cased; names are mostly written upper-case already, and toUpperCase copies them. */
function upperName(name: string): string {
  for (let i = 0; i < name.length; i += 1) {
    const c = name.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return name.toUpperCase();
  }
  return name;
}

/** End of the run of name characters starting at `from`. */
function nameEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i += 1;
  return i;
}

/** End of an unquoted parameter value starting at `from`: the next `"`, `,`, `;` or `:`. */
function paramValueEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x2c || c === 0x3b || c === 0x3a) break;
  }
  return i;
}

/**
 * Parses one logical line into a property. Scans by character code instead of regexes on slices
 * of the rest of the line: the same grammar, `(group ".")? name (";" param)* ":" value`.
 */
export function parseContentLine(params: { text: string; line: number }): Prop {
  const { text, line } = params;
  // (group ".")? name: a group needs a name after its dot, else the first run is the name.
  const firstEnd = nameEnd(text, 0);
  if (firstEnd === 0) throw new ItemParseError({ code: "syntax", message: `not a content line: "${text.slice(0, 40)}"`, line });
  let group: string | undefined;
  let name: string;
  let i: number;
  const secondEnd = text.charCodeAt(firstEnd) === 0x2e ? nameEnd(text, firstEnd + 1) : firstEnd + 1;
  if (secondEnd > firstEnd + 1) {
    group = text.slice(0, firstEnd);
    name = upperName(text.slice(firstEnd + 1, secondEnd));
    i = secondEnd;
  } else {
    name = upperName(text.slice(0, firstEnd));
    i = firstEnd;
  }
  const props: Param[] = [];
  while (text.charCodeAt(i) === 0x3b /* ; */) {
    i += 1;
    const pend = nameEnd(text, i);
    if (pend === i) throw new ItemParseError({ code: "syntax", message: "bad parameter name", line, property: name });
    const pname = upperName(text.slice(i, pend));
    i = pend;
    if (text.charCodeAt(i) !== 0x3d /* = */) {
      // vCard 2.1 / old Outlook style bare value (TEL;CELL:…) means TYPE=CELL.
      props.push({ name: "TYPE", values: [pname] });
      continue;
    }
    i += 1;
    const values: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 0x22 /* " */) {
        const end = text.indexOf('"', i + 1);
        if (end < 0) throw new ItemParseError({ code: "syntax", message: `unterminated quote in parameter ${pname}`, line, property: name });
        values.push(decodeCaret(text.slice(i + 1, end)));
        i = end + 1;
      } else {
        const end = paramValueEnd(text, i);
        values.push(decodeCaret(text.slice(i, end)));
        i = end;
      }
      if (text.charCodeAt(i) !== 0x2c /* , */) break;
      i += 1;
    }
    props.push({ name: pname, values });
  }
  if (text.charCodeAt(i) !== 0x3a /* : */) {
    throw new ItemParseError({ code: "syntax", message: `expected ":" after the name and parameters of ${name}`, line, property: name });
  }
  return { group, name, params: props, value: text.slice(i + 1), line };
}

/** Parses the whole text into its top-level components (normally exactly one). */
export function parseComponents(params: { text: string }): Comp[] {
  const roots: Comp[] = [];
  const stack: Comp[] = [];
  for (const ll of unfold(params.text)) {
    const prop = parseContentLine(ll);
    if (prop.name === "BEGIN" || prop.name === "END") {
      const compName = prop.value.trim().toUpperCase();
      if (!/^[A-Z0-9-]+$/.test(compName)) {
        throw new ItemParseError({ code: "syntax", message: `bad component name "${prop.value}"`, line: ll.line, property: prop.name });
      }
      if (prop.name === "BEGIN") {
        stack.push({ name: compName, props: [], comps: [], line: ll.line });
        continue;
      }
      const open = stack.pop();
      if (!open) throw new ItemParseError({ code: "structure", message: `END:${compName} without BEGIN`, line: ll.line });
      if (open.name !== compName) {
        throw new ItemParseError({ code: "structure", message: `END:${compName} closes BEGIN:${open.name} of line ${open.line}`, line: ll.line });
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.comps.push(open);
      else roots.push(open);
      continue;
    }
    const current = stack[stack.length - 1];
    if (!current) throw new ItemParseError({ code: "structure", message: "property outside any component", line: ll.line, property: prop.name });
    current.props.push(prop);
  }
  const unclosed = stack[0];
  if (unclosed) throw new ItemParseError({ code: "structure", message: `BEGIN:${unclosed.name} is never closed`, line: unclosed.line });
  return roots;
}

/** First property of that name, or undefined. */
export function firstProp(params: { comp: Comp; name: string }): Prop | undefined {
  return params.comp.props.find((p) => p.name === params.name);
}

export function paramValue(params: { prop: Prop; name: string }): string | undefined {
  return params.prop.params.find((p) => p.name === params.name)?.values[0];
}

export function cloneComp(comp: Comp): Comp {
  return { name: comp.name, line: comp.line, props: comp.props.map(cloneProp), comps: comp.comps.map(cloneComp) };
}

export function cloneProp(prop: Prop): Prop {
  return { ...prop, params: prop.params.map((p) => ({ name: p.name, values: [...p.values] })) };
}
