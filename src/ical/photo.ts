// PHOTO by URI, for Thunderbird. A server card may say `PHOTO;VALUE=uri:https://dav.example.cz/…`
// (vCard 3 also VALUE=URL; vCard 4 a bare URI). Thunderbird fetches such a photo without the
// account's credentials, so a photo on the server itself (which needs them) never shows. The
// Thunderbird copy therefore gets the photo inlined (fetched by src/dav/fetch-photo.ts), while the
// server copy keeps its URI: the inlined photo is in both of Thunderbird's versions of the card, so
// a later patch from Thunderbird only carries PHOTO when the user changed the photo.
// Pure: which URIs to fetch (same origin as the profile's server only: the credentials never go to
// a foreign host), and the card with one of them replaced by inline data.
import { cloneComp, paramValue, parseContentLine, type Comp, type Prop } from "./content-line";
import { fnv1a64 } from "./hash";
import { parseItem } from "./parse-item";
import { serializeComponent, serializeProp } from "./serialize";
import { vcardMajor, vcardVersion } from "./vcard-version";

/** The URI a PHOTO property points to, or undefined for inline data. */
function photoUri(prop: Prop): string | undefined {
  if (prop.name !== "PHOTO") return undefined;
  const value = prop.value.trim();
  const encoding = paramValue({ prop, name: "ENCODING" })?.toUpperCase();
  if (encoding === "B" || encoding === "BASE64" || /^data:/i.test(value)) return undefined;
  return /^https?:\/\//i.test(value) ? value : undefined;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export interface PhotoUris {
  /** URIs on the server's origin: fetch them with the profile's credentials. */
  fetch: string[];
  /** URIs elsewhere: left as they are (Thunderbird fetches them itself, without credentials). */
  foreign: string[];
}

/** The card's photo URIs, split by origin against `serverUrl` (the profile's server). */
export function photoUris(params: { text: string; serverUrl: string }): PhotoUris {
  const item = parseItem({ text: params.text });
  const out: PhotoUris = { fetch: [], foreign: [] };
  if (item.format !== "vcard") return out;
  for (const prop of item.root.props) {
    const uri = photoUri(prop);
    if (uri === undefined) continue;
    (sameOrigin(uri, params.serverUrl) ? out.fetch : out.foreign).push(uri);
  }
  return out;
}

function subtype(mediaType: string): string {
  const sub = mediaType.toLowerCase().split(";")[0]?.split("/")[1]?.trim() ?? "jpeg";
  return sub === "svg+xml" ? "SVG" : sub.toUpperCase();
}

/** Marks an inlined photo: the hash of the data we put there, and the server's original line. */
const HASH_PARAM = "X-DAVSYNC-PHOTO-HASH";
const ORIGINAL_PARAM = "X-DAVSYNC-PHOTO-ORIGINAL";

function dataOf(prop: Prop): string | undefined {
  const value = prop.value.trim().replace(/\\,/g, ",");
  const data = /^data:[^,]*;base64,(.*)$/is.exec(value);
  if (data) return (data[1] ?? "").replace(/\s+/g, "");
  const encoding = paramValue({ prop, name: "ENCODING" })?.toUpperCase();
  return encoding === "B" || encoding === "BASE64" ? value.replace(/\s+/g, "") : undefined;
}

const dataHash = (base64: string): string => fnv1a64({ text: base64.replace(/\s+/g, "") });

/**
 * The card with the PHOTO pointing to `uri` holding `base64` data instead, in the card's own
 * version's syntax (vCard 3 `PHOTO;ENCODING=b;TYPE=JPEG:…`, vCard 4 `PHOTO:data:image/jpeg;base64,…`).
 * Other parameters and the group stay; two X-DAVSYNC-PHOTO-* parameters remember the data's hash and
 * the server's own line, so restorePhotoUris gives the server form back while the photo is
 * unchanged. The text comes back unchanged when no PHOTO has that URI.
 */
export function inlinePhoto(params: { text: string; uri: string; base64: string; mediaType: string }): string {
  const item = parseItem({ text: params.text });
  if (item.format !== "vcard") return params.text;
  const root: Comp = cloneComp(item.root);
  const v4 = vcardMajor(vcardVersion(root)) === 4;
  const base64 = params.base64.replace(/\s+/g, "");
  let changed = false;
  root.props = root.props.map((prop) => {
    if (photoUri(prop) !== params.uri.trim()) return prop;
    changed = true;
    const original = serializeProp({ prop: { ...prop, group: undefined } }).replace(/\r\n /g, "");
    const rest = prop.params.filter((p) => !["VALUE", "ENCODING", "TYPE", "MEDIATYPE", HASH_PARAM, ORIGINAL_PARAM].includes(p.name));
    const marks = [{ name: HASH_PARAM, values: [dataHash(base64)] }, { name: ORIGINAL_PARAM, values: [original] }];
    const mediaType = params.mediaType.split(";")[0]?.trim().toLowerCase() || "image/jpeg";
    return v4
      ? { ...prop, params: [...rest, ...marks], value: `data:${mediaType};base64,${base64}` }
      : { ...prop, params: [...rest, { name: "ENCODING", values: ["b"] }, { name: "TYPE", values: [subtype(mediaType)] }, ...marks], value: base64 };
  });
  return changed ? serializeComponent({ comp: root }) : params.text;
}

/**
 * Thunderbird's copy → the server's form: every photo inlineServerPhoto put there and the user did
 * not change (its data still has the recorded hash) is the server's original PHOTO line again. A
 * replaced photo (other data) is the user's edit and stays inline; the markers go either way.
 */
export function restorePhotoUris(params: { text: string }): string {
  if (!params.text.includes(HASH_PARAM)) return params.text; // the common case: nothing of ours
  const item = parseItem({ text: params.text });
  if (item.format !== "vcard") return params.text;
  const root: Comp = cloneComp(item.root);
  let changed = false;
  root.props = root.props.map((prop) => {
    const hash = paramValue({ prop, name: HASH_PARAM });
    if (prop.name !== "PHOTO" || hash === undefined) return prop;
    changed = true;
    const original = paramValue({ prop, name: ORIGINAL_PARAM });
    const data = dataOf(prop);
    if (original && data !== undefined && dataHash(data) === hash) {
      try {
        return { ...parseContentLine({ text: original, line: prop.line }), group: prop.group };
      } catch {
        // a damaged marker: keep Thunderbird's photo
      }
    }
    return { ...prop, params: prop.params.filter((p) => p.name !== HASH_PARAM && p.name !== ORIGINAL_PARAM) };
  });
  return changed ? serializeComponent({ comp: root }) : params.text;
}
