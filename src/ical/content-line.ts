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
  const physical = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  physical.forEach((raw, i) => {
    if (raw.startsWith(" ") || raw.startsWith("\t")) {
      const last = out[out.length - 1];
      if (!last) throw new ItemParseError({ code: "syntax", message: "continuation line with nothing to continue", line: i + 1 });
      last.text += raw.slice(1);
    } else if (raw.trim() !== "") {
      out.push({ text: raw, line: i + 1 });
    }
  });
  return out;
}

function decodeCaret(s: string): string {
  return s.replace(/\^(\^|n|N|')/g, (_m, c: string) => (c === "^" ? "^" : c === "'" ? '"' : "\n"));
}

/** Parses one logical line into a property. */
export function parseContentLine(params: { text: string; line: number }): Prop {
  const { text, line } = params;
  const nameMatch = /^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)/.exec(text);
  if (!nameMatch) throw new ItemParseError({ code: "syntax", message: `not a content line: "${text.slice(0, 40)}"`, line });
  const group = nameMatch[1];
  const name = (nameMatch[2] ?? "").toUpperCase();
  let i = nameMatch[0].length;
  const props: Param[] = [];
  while (text[i] === ";") {
    i += 1;
    const pm = /^([A-Za-z0-9_-]+)(=?)/.exec(text.slice(i));
    if (!pm) throw new ItemParseError({ code: "syntax", message: "bad parameter name", line, property: name });
    i += pm[0].length;
    const pname = (pm[1] ?? "").toUpperCase();
    if (!pm[2]) {
      // vCard 2.1 / old Outlook style bare value (TEL;CELL:…) means TYPE=CELL.
      props.push({ name: "TYPE", values: [pname] });
      continue;
    }
    const values: string[] = [];
    for (;;) {
      if (text[i] === '"') {
        const end = text.indexOf('"', i + 1);
        if (end < 0) throw new ItemParseError({ code: "syntax", message: `unterminated quote in parameter ${pname}`, line, property: name });
        values.push(decodeCaret(text.slice(i + 1, end)));
        i = end + 1;
      } else {
        const m = /^[^",;:]*/.exec(text.slice(i));
        const v = m ? m[0] : "";
        values.push(decodeCaret(v));
        i += v.length;
      }
      if (text[i] !== ",") break;
      i += 1;
    }
    props.push({ name: pname, values });
  }
  if (text[i] !== ":") {
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
