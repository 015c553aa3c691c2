// Plain-fetch DAV requests for the server tests, and a namespace-agnostic reader of 207 multistatus
// bodies. The project's DAV client is tested elsewhere; these tests must not depend on it. The
// reader matches elements by local name (Radicale writes `<href>`, Xandikos `<ns0:href>`); it is
// enough for the flat answers of PROPFIND, not a general XML parser.
import { basicAuth, type DavServer } from "../../helpers/servers";

export interface DavResponse {
  href: string;
  /** local property name → inner XML of its element (200 propstat only) */
  props: Map<string, string>;
}

const XML = "application/xml; charset=utf-8";

export function propfindBody(props: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:ical="http://apple.com/ns/ical/" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop>${props.join("")}</d:prop></d:propfind>`;
}

export async function propfind(params: { server: DavServer; url: string; depth: "0" | "1"; props: string[]; password?: string }) {
  const { server, url, depth, props } = params;
  const response = await fetch(url, {
    method: "PROPFIND",
    headers: { authorization: basicAuth({ username: server.username, password: params.password ?? server.password }), depth, "content-type": XML },
    body: propfindBody(props),
  });
  const text = await response.text();
  return { status: response.status, text, responses: response.status === 207 ? parseMultistatus(text) : [] };
}

/** PUT a new resource (If-None-Match: *), as a client creating an item does. */
export async function putNew(params: { server: DavServer; url: string; body: string; contentType: string }) {
  const response = await fetch(params.url, {
    method: "PUT",
    headers: { authorization: basicAuth(params.server), "if-none-match": "*", "content-type": params.contentType },
    body: params.body,
  });
  await response.arrayBuffer();
  return { status: response.status, etag: response.headers.get("etag") };
}

export async function getText(params: { server: DavServer; url: string }) {
  const response = await fetch(params.url, { headers: { authorization: basicAuth(params.server) } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Drop namespace prefixes so both servers' answers read the same. */
function stripPrefixes(xml: string): string {
  return xml.replace(/<(\/?)[A-Za-z][\w.-]*:/g, "<$1");
}

export function parseMultistatus(xml: string): DavResponse[] {
  const plain = stripPrefixes(xml);
  return [...plain.matchAll(/<response\b[^>]*>([\s\S]*?)<\/response>/g)].map(([, body = ""]) => {
    const href = decodeURIComponent(/<href>([^<]*)<\/href>/.exec(body)?.[1]?.trim() ?? "");
    const props = new Map<string, string>();
    for (const [, propstat = ""] of body.matchAll(/<propstat>([\s\S]*?)<\/propstat>/g)) {
      if (!/<status>[^<]*\b200\b/.test(propstat)) continue;
      const prop = /<prop>([\s\S]*)<\/prop>/.exec(propstat)?.[1] ?? "";
      // Top-level children of <prop>: either <x .../> or <x ...>…</x> (no nesting of the same name here).
      for (const m of prop.matchAll(/<([\w-]+)\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1>)/g)) props.set(m[1] ?? "", (m[2] ?? "").trim());
    }
    return { href, props };
  });
}

/** Local names of the elements inside a property value, e.g. resourcetype → ["collection", "calendar"]. */
export function childNames(inner: string | undefined): string[] {
  return [...(inner ?? "").matchAll(/<([\w-]+)\b/g)].map((m) => m[1] ?? "");
}

/** The hrefs inside a property value (current-user-principal, calendar-home-set, …). */
export function hrefs(inner: string | undefined): string[] {
  return [...(inner ?? "").matchAll(/<href>([^<]*)<\/href>/g)].map((m) => decodeURIComponent((m[1] ?? "").trim()));
}

/** The `name` attributes of <comp name="VEVENT"/> inside supported-calendar-component-set. */
export function componentNames(inner: string | undefined): string[] {
  return [...(inner ?? "").matchAll(/<comp\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1] ?? "");
}

/** Logical lines (unfolded) of an iCalendar/vCard text, as UTF-8 bytes of each line. */
export function unfoldedLines(bytes: Buffer): string[] {
  return bytes.toString("utf8").replace(/\r?\n[ \t]/g, "").split(/\r?\n/).filter(Boolean);
}
