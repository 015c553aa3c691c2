// Helpers of the sync e2e: talking to the Easy-Project-like server directly (what a second client
// or Easy Project itself would do) and to the add-on's background through the e2e hook
// `messenger.davsyncTest` (src/background/main.ts, e2e build only), plus polling.
import { newProfile } from "../../src/core/profile/defaults";
import type { Profile } from "../../src/core/profile/schema";
import type { BackgroundRequest, BackgroundResponses, Overview } from "../../src/background/messages";
import { basicAuth, type DavServer } from "../helpers/servers";
import type { ThunderbirdSession } from "./harness";

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function ask<R extends BackgroundRequest>(tb: ThunderbirdSession, request: R): Promise<BackgroundResponses[R["type"]]> {
  return tb.call<BackgroundResponses[R["type"]]>("davsyncTest.request", request);
}

export function overview(tb: ThunderbirdSession): Promise<Overview> {
  return ask(tb, { type: "getOverview" });
}

/** A profile for one EP-like collection: whole collection (no time window), change trigger on. */
export function epProfile(params: { server: DavServer; id: string; kind: Profile["kind"]; collection: string; username?: string }): Profile {
  const { server, id, kind, collection } = params;
  const base = newProfile({ id, kind, name: id, url: server.collections[collection]!, username: params.username ?? server.username });
  return {
    ...base,
    sync: { ...base.sync, timeRange: { kind: "off" } },
    schedule: { ...base.schedule, interval: { kind: "manual" }, onChange: { enabled: true, debounceSeconds: 10 } },
  };
}

function auth(server: DavServer): Record<string, string> {
  return { Authorization: basicAuth({ username: server.username, password: server.password }) };
}

export async function serverGet(server: DavServer, href: string): Promise<{ status: number; text: string; etag: string | null }> {
  const response = await fetch(new URL(href, server.rootUrl), { headers: auth(server) });
  return { status: response.status, text: await response.text(), etag: response.headers.get("etag") };
}

export async function serverPut(server: DavServer, href: string, text: string, etag: string): Promise<number> {
  const response = await fetch(new URL(href, server.rootUrl), {
    method: "PUT",
    headers: { ...auth(server), "Content-Type": "text/calendar; charset=utf-8", "If-Match": etag },
    body: text,
  });
  return response.status;
}

export async function serverDelete(server: DavServer, href: string): Promise<number> {
  const response = await fetch(new URL(href, server.rootUrl), { method: "DELETE", headers: auth(server) });
  return response.status;
}

/** href → etag of every item in a collection (PROPFIND Depth 1). */
export async function serverEtags(server: DavServer, collectionUrl: string): Promise<Map<string, string>> {
  const response = await fetch(collectionUrl, {
    method: "PROPFIND",
    headers: { ...auth(server), Depth: "1", "Content-Type": "application/xml" },
    body: `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>`,
  });
  const xml = await response.text();
  const out = new Map<string, string>();
  for (const block of xml.split(/<(?:\w+:)?response>/).slice(1)) {
    const href = /<(?:\w+:)?href>([^<]+)</.exec(block)?.[1];
    const etag = /<(?:\w+:)?getetag>([^<]+)</.exec(block)?.[1];
    if (href && etag && !collectionUrl.endsWith(href)) out.set(href, etag.replace(/&quot;/g, '"'));
  }
  return out;
}

export function eventIcs(params: { uid: string; summary: string; day: string }): string {
  const { uid, summary, day } = params;
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//davsync e2e//EN",
    "BEGIN:VEVENT",
    `UID:${uid}`,
    "DTSTAMP:20260101T080000Z",
    "LAST-MODIFIED:20260101T080000Z",
    `DTSTART:${day}T090000Z`,
    `DTEND:${day}T100000Z`,
    `SUMMARY:${summary}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** SUMMARY of the first VEVENT/VTODO in an iCalendar text (unfolded). */
export function summaryOf(ics: string): string | undefined {
  return /\r?\nSUMMARY[^:]*:(.*)/.exec(ics.replace(/\r?\n[ \t]/g, ""))?.[1];
}
