// vCard 3.0 ↔ 4.0. Thunderbird rewrites a card as vCard 4.0 the first time the user edits it;
// Easy Project and many servers hold vCard 3.0, and the server's version must stay. So before two
// versions of a card are diffed for a patch (patch.ts) or a merge (merge.ts), each is put into the
// *target's* version with toVcardVersion: the diff then only holds real edits, already in the
// target's syntax, and the target keeps its VERSION. Each construct, 4.0 ↔ 3.0:
//   TYPE=work,voice / PREF=1            ↔ TYPE=WORK,VOICE / TYPE=PREF (EMAIL also TYPE=INTERNET)
//   PHOTO:data:image/jpeg;base64,…      ↔ PHOTO;ENCODING=b;TYPE=JPEG:…   (also LOGO, SOUND)
//   PHOTO:https://… (VALUE=uri)         ↔ PHOTO;VALUE=uri:https://…      (3.0 VALUE=URL too)
//   TEL;VALUE=uri:tel:+420…             ↔ TEL:+420…                      (4.0 text: VALUE=TEXT, as Thunderbird)
//   BDAY:19800115 / BDAY:--0415         ↔ BDAY:1980-01-15 / BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15
//   ANNIVERSARY:20100612                ↔ X-ANNIVERSARY:2010-06-12
//   KIND:group / MEMBER:…               ↔ X-ADDRESSBOOKSERVER-KIND:group / X-ADDRESSBOOKSERVER-MEMBER:…
//   N (5 components), ADR (7)           ↔ the same, padded to the full count for 3.0
// A card already in the wanted version is normalized the same way (Thunderbird writes vCard 4
// parameters even under VERSION:3.0), so its verbatim copy and its rewrite compare equal; TEL's
// default VOICE type and URL's default VALUE=uri are dropped. Pure; anything not listed passes unchanged.
import { cloneComp, cloneProp, firstProp, type Comp, type Param, type Prop } from "./content-line";
import { splitUnescaped } from "./canonical";
import { parseItem } from "./parse-item";
import { serializeComponent } from "./serialize";

export type VcardMajor = 3 | 4;

/** 3 or 4 from a VERSION value ("3.0", "4.0"); undefined for anything else (2.1). */
export function vcardMajor(version: string | undefined): VcardMajor | undefined {
  const v = (version ?? "").trim();
  return v.startsWith("4") ? 4 : v.startsWith("3") ? 3 : undefined;
}

const BINARY_PROPS = new Set(["PHOTO", "LOGO", "SOUND"]);
const DATE_PROPS = new Set(["BDAY", "ANNIVERSARY", "X-ANNIVERSARY"]);
/** Apple's placeholder year for a birthday without one (vCard 3 has no "--MMDD"). */
const NO_YEAR = "1604";

const MIME_BY_TYPE: Record<string, string> = { JPEG: "image/jpeg", JPG: "image/jpeg", PNG: "image/png", GIF: "image/gif", BMP: "image/bmp", WEBP: "image/webp", TIFF: "image/tiff", SVG: "image/svg+xml" };

function typeOfMime(mime: string): string {
  const sub = mime.toLowerCase().split("/")[1] ?? mime;
  return sub === "svg+xml" ? "SVG" : sub.toUpperCase();
}

function mimeOfType(type: string | undefined, prop: string): string {
  const t = (type ?? "").toUpperCase();
  return MIME_BY_TYPE[t] ?? (t.includes("/") ? t.toLowerCase() : `${prop === "SOUND" ? "audio" : "image"}/${t ? t.toLowerCase() : "jpeg"}`);
}

function param(prop: Prop, name: string): Param | undefined {
  return prop.params.find((p) => p.name === name);
}

function without(prop: Prop, ...names: string[]): Param[] {
  return prop.params.filter((p) => !names.includes(p.name));
}

/** All TYPE values (repeated TYPE params and quoted lists flattened), in order, unique case-insensitively. */
function typeValues(prop: Prop): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of prop.params) {
    if (p.name !== "TYPE") continue;
    for (const v of p.values.flatMap((x) => x.split(","))) {
      const t = v.trim();
      if (t && !seen.has(t.toUpperCase())) {
        seen.add(t.toUpperCase());
        out.push(t);
      }
    }
  }
  return out;
}

/** Replaces all TYPE params by one (at the position of the first), or removes them when empty. */
function setTypes(prop: Prop, types: string[]): void {
  const at = prop.params.findIndex((p) => p.name === "TYPE");
  const rest = prop.params.filter((p) => p.name !== "TYPE");
  if (types.length === 0) {
    prop.params = rest;
    return;
  }
  const index = at < 0 ? rest.length : prop.params.slice(0, at).filter((p) => p.name !== "TYPE").length;
  rest.splice(index, 0, { name: "TYPE", values: types });
  prop.params = rest;
}

/** "1980-01-15", "19800115", "--0415", "--04-15", "1604-04-15" + omit-year → { year?, month, day }; undefined for other forms. */
function parseDate(prop: Prop): { year: string | undefined; month: string; day: string } | undefined {
  const v = prop.value.trim();
  const full = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(v);
  const omit = param(prop, "X-APPLE-OMIT-YEAR")?.values[0];
  if (full) return { year: full[1] === omit || full[1] === NO_YEAR ? undefined : full[1], month: full[2] ?? "", day: full[3] ?? "" };
  const noYear = /^--(\d{2})-?(\d{2})$/.exec(v);
  if (noYear) return { year: undefined, month: noYear[1] ?? "", day: noYear[2] ?? "" };
  return undefined;
}

function convertDate(prop: Prop, to: VcardMajor): Prop | undefined {
  if (param(prop, "VALUE") && !/^date/i.test(param(prop, "VALUE")?.values[0] ?? "")) return prop; // VALUE=text: "circa 1800"
  const date = parseDate(prop);
  if (!date) return prop;
  // ANNIVERSARY is vCard 4 only; vCard 3 writers use X-ANNIVERSARY (Evolution, KAddressBook).
  const name = prop.name === "BDAY" ? "BDAY" : to === 4 ? "ANNIVERSARY" : "X-ANNIVERSARY";
  const params = without(prop, "VALUE", "X-APPLE-OMIT-YEAR");
  if (to === 4) return { ...prop, name, params, value: date.year ? `${date.year}${date.month}${date.day}` : `--${date.month}${date.day}` };
  if (date.year) return { ...prop, name, params, value: `${date.year}-${date.month}-${date.day}` };
  return { ...prop, name, params: [...params, { name: "X-APPLE-OMIT-YEAR", values: [NO_YEAR] }], value: `${NO_YEAR}-${date.month}-${date.day}` };
}

function convertBinary(prop: Prop, to: VcardMajor): Prop {
  const value = prop.value.trim();
  const valueType = param(prop, "VALUE")?.values[0]?.toUpperCase();
  const encoding = param(prop, "ENCODING")?.values[0]?.toUpperCase();
  const data = /^data:([^;,]*)((?:;[^,]*)?),(.*)$/is.exec(value.replace(/\\,/g, ","));
  if (to === 3) {
    if (data) {
      const base64 = /;base64/i.test(data[2] ?? "");
      if (!base64) return prop; // a non-base64 data: URI has no vCard 3 form: keep it as a URI
      const types = data[1] ? [typeOfMime(data[1])] : typeValues(prop).map((t) => t.toUpperCase());
      const out: Prop = { ...prop, params: [...without(prop, "VALUE", "ENCODING", "TYPE", "MEDIATYPE"), { name: "ENCODING", values: ["b"] }], value: data[3] ?? "" };
      setTypes(out, types);
      return out;
    }
    if (encoding === "B" || encoding === "BASE64") {
      const out: Prop = { ...prop, params: [...without(prop, "ENCODING", "TYPE"), { name: "ENCODING", values: ["b"] }] };
      setTypes(out, typeValues(prop).map((t) => t.toUpperCase()));
      return out;
    }
    // A URI: vCard 3 says so with VALUE=uri (some servers write VALUE=URL).
    if (valueType === undefined || valueType === "URI" || valueType === "URL") return { ...prop, params: [{ name: "VALUE", values: ["uri"] }, ...without(prop, "VALUE", "MEDIATYPE")] };
    return prop;
  }
  if (encoding === "B" || encoding === "BASE64") {
    const mime = param(prop, "MEDIATYPE")?.values[0] ?? mimeOfType(typeValues(prop)[0], prop.name);
    return { ...prop, params: without(prop, "VALUE", "ENCODING", "TYPE", "MEDIATYPE"), value: `data:${mime};base64,${value}` };
  }
  if (data) return { ...prop, params: without(prop, "VALUE", "ENCODING"), value: value.replace(/\\,/g, ",") };
  // A URI is the default value type of PHOTO in vCard 4.
  if (valueType === "URI" || valueType === "URL") return { ...prop, params: without(prop, "VALUE") };
  return prop;
}

function convertTel(prop: Prop, to: VcardMajor): Prop {
  const valueType = param(prop, "VALUE")?.values[0]?.toUpperCase();
  const isTelUri = /^tel:/i.test(prop.value.trim());
  if (to === 3) {
    // vCard 3 TEL is text: "tel:+420…" → "+420…" (RFC 3966 parameters like ;ext= dropped with the scheme's syntax).
    const value = isTelUri ? prop.value.trim().replace(/^tel:/i, "").split(";")[0] ?? "" : prop.value;
    return valueType === undefined && !isTelUri ? prop : { ...prop, params: without(prop, "VALUE"), value };
  }
  if (isTelUri) return valueType === "URI" ? prop : { ...prop, params: [{ name: "VALUE", values: ["uri"] }, ...without(prop, "VALUE")] };
  // Text in vCard 4 must say so (the default is a URI); Thunderbird writes VALUE=TEXT itself.
  return valueType === "TEXT" ? prop : { ...prop, params: [{ name: "VALUE", values: ["TEXT"] }, ...without(prop, "VALUE")] };
}

/** TYPE case, PREF ↔ TYPE=pref, EMAIL's INTERNET. */
function convertTypes(prop: Prop, to: VcardMajor): Prop {
  const types = typeValues(prop);
  const pref = param(prop, "PREF")?.values[0];
  if (types.length === 0 && pref === undefined && !(to === 3 && prop.name === "EMAIL")) return prop;
  const out = cloneProp(prop);
  let next = types.filter((t) => t.toUpperCase() !== "PREF");
  const isPref = types.some((t) => t.toUpperCase() === "PREF") || pref === "1";
  // VOICE is the default type of TEL in both versions (RFC 2426 §3.3.1, RFC 6350 §6.4.1).
  if (prop.name === "TEL") next = next.filter((t) => t.toUpperCase() !== "VOICE");
  if (to === 3) {
    next = next.map((t) => t.toUpperCase());
    if (prop.name === "EMAIL" && !next.includes("INTERNET")) next.unshift("INTERNET");
    if (isPref) next.push("PREF");
    out.params = without(out, "PREF");
  } else {
    next = next.map((t) => t.toLowerCase()).filter((t) => !(prop.name === "EMAIL" && t === "internet"));
    out.params = without(out, "PREF");
    if (isPref) out.params.push({ name: "PREF", values: [pref ?? "1"] });
  }
  setTypes(out, next);
  return out;
}

/** Pads a structured value to `count` components (vCard 3 readers expect them all). */
function pad(prop: Prop, count: number): Prop {
  const parts = splitUnescaped({ value: prop.value, sep: ";" });
  return parts.length >= count ? prop : { ...prop, value: [...parts, ...Array<string>(count - parts.length).fill("")].join(";") };
}

/** URI-valued properties whose explicit VALUE=uri (3.0 also VALUE=URL) says only the default. */
const URI_DEFAULT = new Set(["URL", "SOURCE", "FBURL", "CALURI", "CALADRURI", "CAPURI"]);

function convertProp(prop: Prop, to: VcardMajor): Prop | undefined {
  let p: Prop = prop;
  if (URI_DEFAULT.has(p.name) && /^(uri|url)$/i.test(param(p, "VALUE")?.values[0] ?? "")) p = { ...p, params: without(p, "VALUE") };
  if (BINARY_PROPS.has(p.name)) p = convertBinary(p, to);
  else if (DATE_PROPS.has(p.name)) return convertDate(p, to);
  else if (p.name === "TEL") p = convertTel(p, to);
  if (to === 3) {
    if (p.name === "KIND") return /^individual$/i.test(p.value.trim()) ? undefined : { ...p, name: "X-ADDRESSBOOKSERVER-KIND", value: p.value.trim().toLowerCase() };
    if (p.name === "MEMBER") p = { ...p, name: "X-ADDRESSBOOKSERVER-MEMBER" };
    if (p.name === "N") p = pad(p, 5);
    if (p.name === "ADR") p = pad(p, 7);
  } else {
    if (p.name === "X-ADDRESSBOOKSERVER-KIND") return { ...p, name: "KIND", value: p.value.trim().toLowerCase() };
    if (p.name === "X-ADDRESSBOOKSERVER-MEMBER") p = { ...p, name: "MEMBER" };
  }
  return BINARY_PROPS.has(p.name) ? p : convertTypes(p, to);
}

/**
 * The card in vCard `to` syntax (a copy; `root` is not changed). VERSION becomes `to`; every
 * construct listed at the top is converted, and a card already in `to` is normalized the same way.
 */
export function toVcardVersion(params: { root: Comp; to: VcardMajor }): Comp {
  const { root, to } = params;
  const out = cloneComp(root);
  out.props = root.props.flatMap((prop) => {
    if (prop.name === "VERSION") return [{ ...cloneProp(prop), value: `${to}.0` }];
    const converted = convertProp(cloneProp(prop), to);
    return converted ? [converted] : [];
  });
  return out;
}

/** The VERSION of a VCARD component ("3.0" when missing, as parseItem assumes). */
export function vcardVersion(root: Comp): string {
  return firstProp({ comp: root, name: "VERSION" })?.value.trim() ?? "3.0";
}

/**
 * vCard 4 syntax in a card, whatever its VERSION says: Thunderbird 153 rewrites a 3.0 card it
 * edits with vCard 4 parameters under the same `VERSION:3.0` (`EMAIL;PREF=1`,
 * `TEL;TYPE=work;VALUE=TEXT`, `BDAY;VALUE=DATE:…`; measured in tests/e2e/fidelity-people.e2e.test.ts).
 */
function hasVcard4Syntax(root: Comp): boolean {
  if (vcardMajor(vcardVersion(root)) === 4) return true;
  return root.props.some((p) => {
    if (p.name === "KIND" || p.name === "MEMBER" || p.name === "ANNIVERSARY") return true;
    if (p.params.some((x) => x.name === "PREF" || x.name === "MEDIATYPE")) return true;
    if (p.name === "TEL" && (/^text$/i.test(param(p, "VALUE")?.values[0] ?? "") || /^tel:/i.test(p.value.trim()))) return true;
    if (BINARY_PROPS.has(p.name) && /^data:/i.test(p.value.trim())) return true;
    return DATE_PROPS.has(p.name) && /^(\d{8}|--\d{4})$/.test(p.value.trim());
  });
}

/**
 * The sources of a patch or merge (`roots`) in the target's vCard syntax, all normalized alike so
 * only real edits differ and those are written in the target's syntax: for a vCard 3 target when
 * any of them has vCard 4 syntax (a 4.0 card, or Thunderbird's 4-style rewrite under VERSION:3.0),
 * for a vCard 4 target when any of them is a 3.0 card. Otherwise (the same syntax throughout, or
 * not vCard 3 / 4) the roots come back unchanged and patches work exactly as before.
 */
export function inTargetVersion(params: { target: Comp; roots: Comp[] }): Comp[] {
  const { target, roots } = params;
  if (target.name !== "VCARD") return roots;
  const to = vcardMajor(vcardVersion(target));
  if (to === undefined) return roots;
  const cards = roots.filter((r) => r.name === "VCARD" && vcardMajor(vcardVersion(r)) !== undefined);
  const mixed = to === 3 ? cards.some(hasVcard4Syntax) : cards.some((r) => vcardMajor(vcardVersion(r)) === 3);
  if (!mixed) return roots;
  return roots.map((root) => (cards.includes(root) ? toVcardVersion({ root, to }) : root));
}

/** Text API: the card in vCard `to` syntax (CRLF, folded); other items unchanged. */
export function vcardInVersion(params: { text: string; to: VcardMajor }): string {
  const item = parseItem({ text: params.text });
  if (item.format !== "vcard") return params.text;
  return serializeComponent({ comp: toVcardVersion({ root: item.root, to: params.to }) });
}
