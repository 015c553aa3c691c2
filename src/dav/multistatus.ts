// Parses a 207 Multi-Status body into plain records and builds request bodies.
// Contract: parseMultistatus never throws anything but DavError(kind "malformed"); hrefs come back
// absolute (resolved against the answering URL); a property is "found" only in a 2xx propstat.

import { malformedError } from "./errors";
import { childElements, escapeXml, firstChild, parseXml, textOf, XmlError, type XmlElement } from "./xml";
import { resolveHref } from "./request";

export const NS = {
  dav: "DAV:",
  caldav: "urn:ietf:params:xml:ns:caldav",
  carddav: "urn:ietf:params:xml:ns:carddav",
  cs: "http://calendarserver.org/ns/",
  apple: "http://apple.com/ns/ical/",
} as const;

/** Prefixes used in the bodies we send. */
const PREFIX: Record<string, string> = { [NS.dav]: "d", [NS.caldav]: "c", [NS.carddav]: "card", [NS.cs]: "cs", [NS.apple]: "ical" };

export interface PropName {
  ns: string;
  name: string;
}

export interface PropStat {
  status: number;
  props: XmlElement[];
}

export interface MultistatusEntry {
  /** Absolute URL. */
  href: string;
  /** Response-level status (e.g. 404 for a deleted member in sync-collection); undefined when propstats carry it. */
  status: number | undefined;
  propstats: PropStat[];
  /** Name of a DAV precondition element in <error>, if any. */
  error: string | undefined;
}

export interface Multistatus {
  entries: MultistatusEntry[];
  /** sync-collection's new token. */
  syncToken: string | undefined;
}

/** "HTTP/1.1 404 Not Found" → 404; unparsable → 0. */
export function parseStatusLine(line: string): number {
  const m = /\s(\d{3})(\s|$)/.exec(` ${line.trim()}`);
  return m ? Number(m[1]) : 0;
}

/** `within`: the text is the content of this multistatus start tag (a piece of a streamed answer). */
export function parseMultistatus(p: { text: string; url: string; method: string; lenient?: boolean; within?: string }): Multistatus {
  let root: XmlElement;
  try {
    root = parseXml(p.text, { lenient: p.lenient ?? true, ...(p.within !== undefined ? { within: p.within } : {}) });
  } catch (e) {
    const detail = e instanceof XmlError ? e.message : String(e);
    throw malformedError({ method: p.method, url: p.url, detail });
  }
  if (root.ns !== NS.dav || root.name !== "multistatus") {
    throw malformedError({ method: p.method, url: p.url, detail: `expected DAV:multistatus, got <${root.name}>` });
  }
  const entries: MultistatusEntry[] = [];
  for (const response of childElements(root, NS.dav, "response")) {
    const hrefText = textOf(firstChild(response, NS.dav, "href")).trim();
    // Skipping it would make a listed item look deleted on the server (its local copy would be
    // removed) or, in a sync-collection answer, lose its change under the new token: refuse the answer.
    if (!hrefText) throw malformedError({ method: p.method, url: p.url, detail: "a response without href" });
    let href: string;
    try {
      href = resolveHref(hrefText, p.url);
    } catch {
      throw malformedError({ method: p.method, url: p.url, detail: `bad href ${hrefText}` });
    }
    const statusEl = firstChild(response, NS.dav, "status");
    const propstats = childElements(response, NS.dav, "propstat").map((ps) => ({
      status: parseStatusLine(textOf(firstChild(ps, NS.dav, "status"))),
      props: childElements(firstChild(ps, NS.dav, "prop") ?? ps).filter((e) => !(e.ns === NS.dav && e.name === "status")),
    }));
    const errorEl = firstChild(response, NS.dav, "error");
    entries.push({
      href,
      status: statusEl ? parseStatusLine(textOf(statusEl)) : undefined,
      propstats,
      error: errorEl ? childElements(errorEl)[0]?.name : undefined,
    });
  }
  const tokenEl = firstChild(root, NS.dav, "sync-token");
  return { entries, syncToken: tokenEl ? textOf(tokenEl).trim() || undefined : undefined };
}

/** The property element when the server returned it with a 2xx propstat. */
export function foundProp(entry: MultistatusEntry, prop: PropName): XmlElement | undefined {
  for (const ps of entry.propstats) {
    if (ps.status < 200 || ps.status >= 300) continue;
    const el = ps.props.find((e) => e.ns === prop.ns && e.name === prop.name);
    if (el) return el;
  }
  return undefined;
}

export function foundText(entry: MultistatusEntry, prop: PropName): string | undefined {
  const el = foundProp(entry, prop);
  return el ? textOf(el).trim() : undefined;
}

/** The status the server gave this particular property (404 = not supported here), if listed. */
export function propStatus(entry: MultistatusEntry, prop: PropName): number | undefined {
  return entry.propstats.find((ps) => ps.props.some((e) => e.ns === prop.ns && e.name === prop.name))?.status;
}

// ---- request bodies -----------------------------------------------------------------------------

export function qname(prop: PropName): string {
  const prefix = PREFIX[prop.ns];
  if (!prefix) throw new Error(`no prefix for namespace ${prop.ns}`);
  return `${prefix}:${prop.name}`;
}

export function xmlnsAttrs(): string {
  return Object.entries(PREFIX)
    .map(([ns, prefix]) => ` xmlns:${prefix}="${ns}"`)
    .join("");
}

/** `<d:prop>` listing the names, for PROPFIND and REPORT bodies. */
export function propList(props: readonly PropName[], extra = ""): string {
  return `<d:prop>${props.map((p) => `<${qname(p)}/>`).join("")}${extra}</d:prop>`;
}

/** Full document: root element with our namespace declarations. */
export function xmlDocument(rootQname: string, inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${rootQname}${xmlnsAttrs()}>${inner}</${rootQname}>`;
}

export function textElement(prop: PropName, value: string): string {
  return `<${qname(prop)}>${escapeXml(value)}</${qname(prop)}>`;
}
