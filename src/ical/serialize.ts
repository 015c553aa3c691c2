// Component tree → text: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
// character (RFC 5545 §3.1, RFC 6350 §3.2), parameters quoted only where needed. One fix-up for
// vCard 4: a `data:` URI is written with plain commas, because ical.js-produced cards (Thunderbird
// writes its vCards with ical.js) carry `data:image/jpeg;base64\,…`, which many clients cannot show.
import type { Comp, Param, Prop } from "./content-line";

const MAX_OCTETS = 75;

/** Folds one logical line into physical lines of at most 75 octets each. */
export function foldLine(line: string): string {
  // Most lines are ASCII: one octet per character, so plain slices (same cut points as below).
  if (/^[\x00-\x7f]*$/.test(line)) {
    if (line.length <= MAX_OCTETS) return line;
    const slices = [line.slice(0, MAX_OCTETS)];
    for (let i = MAX_OCTETS; i < line.length; i += MAX_OCTETS - 1) slices.push(` ${line.slice(i, i + MAX_OCTETS - 1)}`);
    return slices.join("\r\n");
  }
  // Otherwise cut by UTF-8 length, never inside a character (a surrogate pair stays whole).
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = MAX_OCTETS; // the first line has 75 octets; the others 74 after their leading space
  for (let i = 0; i < line.length; i += 1) {
    const c = line.charCodeAt(i);
    const next = i + 1 < line.length ? line.charCodeAt(i + 1) : 0;
    const pair = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + n > limit) {
      parts.push((parts.length === 0 ? "" : " ") + line.slice(start, i));
      start = i;
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    octets += n;
    if (pair) i += 1;
  }
  parts.push((parts.length === 0 ? "" : " ") + line.slice(start));
  return parts.join("\r\n");
}

function encodeParamValue(v: string): string {
  // RFC 6868 caret encoding for what a parameter cannot hold; "^" only where it would be misread.
  const enc = v.replace(/\^(?=[\^nN'])/g, "^^").replace(/\r\n|\r|\n/g, "^n").replace(/"/g, "^'");
  return /[,;:]/.test(enc) ? `"${enc}"` : enc;
}

function serializeParam(p: Param): string {
  return `${p.name}=${p.values.map(encodeParamValue).join(",")}`;
}

/** Unescapes `\,` inside a vCard 4 `data:` URI value (toolchain.md §6, kewisch/ical.js#287). */
export function fixDataUri(value: string): string {
  return /^data:/i.test(value) ? value.replace(/\\,/g, ",") : value;
}

export function serializeProp(params: { prop: Prop; vcard4?: boolean }): string {
  const { prop } = params;
  const head = (prop.group ? `${prop.group}.` : "") + prop.name + prop.params.map((p) => `;${serializeParam(p)}`).join("");
  const value = params.vcard4 ? fixDataUri(prop.value) : prop.value;
  return foldLine(`${head}:${value}`);
}

function isVcard4(comp: Comp): boolean {
  return comp.name === "VCARD" && comp.props.some((p) => p.name === "VERSION" && p.value.trim().startsWith("4"));
}

function serializeInto(params: { comp: Comp; out: string[]; vcard4: boolean }): void {
  const { comp, out, vcard4 } = params;
  out.push(`BEGIN:${comp.name}`);
  for (const prop of comp.props) out.push(serializeProp({ prop, vcard4 }));
  for (const child of comp.comps) serializeInto({ comp: child, out, vcard4 });
  out.push(`END:${comp.name}`);
}

/** Serializes a top-level component (VCALENDAR or VCARD) with CRLF after every line. */
export function serializeComponent(params: { comp: Comp }): string {
  const out: string[] = [];
  serializeInto({ comp: params.comp, out, vcard4: isVcard4(params.comp) });
  return out.join("\r\n") + "\r\n";
}
