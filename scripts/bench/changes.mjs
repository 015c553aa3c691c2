// @ts-check
// The change round between a client's "nochange" and "after" steps — 10 items edited on the server
// (GET + PUT If-Match, like another client) and 10 other items edited in that client's folder — and
// the correctness check after it: both sides hold the same items with the same summaries.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dav } from "./servers.mjs";

const unfold = (/** @type {string} */ text) => text.replace(/\r?\n[ \t]/g, "");
const values = (/** @type {string} */ text, /** @type {string} */ name) =>
  [...unfold(text).matchAll(new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, "gm"))].map((m) => (m[1] ?? "").trim());
const prop = (/** @type {string} */ text, /** @type {string} */ name) => values(text, name)[0] ?? "";
/** Every SUMMARY of the item, sorted: servers may reorder a series' master and overrides. */
const summaries = (/** @type {string} */ text) => values(text, "SUMMARY").sort().join(" | ");

/** All items of a collection with their data, in one REPORT (not counted: stats are reset per step). */
export async function serverItems(/** @type {string} */ url) {
  const body = `<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>`;
  const res = await dav(url, "REPORT", body, { depth: "1", "content-type": "application/xml" });
  const items = [];
  for (const m of res.text.matchAll(/<(?:\w+:)?href>([^<]+)<\/(?:\w+:)?href>[\s\S]*?<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/g)) {
    const data = (m[2] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#13;/g, "\r").replace(/&amp;/g, "&");
    items.push({ href: new URL(m[1] ?? "", url).href, uid: prop(data, "UID"), summary: summaries(data) });
  }
  return items.sort((a, b) => a.uid.localeCompare(b.uid));
}

/** @param {string} dir */
export function folderItems(dir) {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".ics") && !n.startsWith("."))
    .map((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      return { name, uid: prop(text, "UID"), summary: summaries(text) };
    });
}

/** @param {{ url: string, dir: string, round: number }} p */
export async function changeBothSides({ url, dir, round }) {
  const items = await serverItems(url);
  const pick = (/** @type {number} */ k) => items[(round * 20 + k) % items.length];
  for (let k = 0; k < 10; k++) {
    const item = pick(k);
    if (!item) continue;
    const got = await dav(item.href, "GET");
    const text = unfold(got.text).replace(/^SUMMARY([;:].*)$/m, `SUMMARY$1 [server ${round}.${k}]`);
    const put = await dav(item.href, "PUT", text, { "if-match": got.etag ?? "", "content-type": "text/calendar; charset=utf-8" });
    if (put.status >= 300) throw new Error(`server change ${item.href}: HTTP ${put.status}`);
  }
  const files = new Map(folderItems(dir).map((f) => [f.uid, f.name]));
  for (let k = 10; k < 20; k++) {
    const name = files.get(pick(k)?.uid ?? "");
    if (!name) throw new Error(`local change: no file for item ${k} in ${dir}`);
    const path = join(dir, name);
    writeFileSync(path, unfold(readFileSync(path, "utf8")).replace(/^SUMMARY([;:].*)$/m, `SUMMARY$1 [local ${round}.${k}]`));
  }
}

/** Same UIDs and summaries on both sides; the 10 + 10 changes of `round` arrived where they should. */
export async function converged(/** @type {{ url: string, dir: string, round?: number }} */ { url, dir, round }) {
  const server = await serverItems(url);
  const local = folderItems(dir).sort((a, b) => a.uid.localeCompare(b.uid));
  const key = (/** @type {{ uid: string, summary: string }[]} */ list) => list.map((i) => `${i.uid}\t${i.summary}`).join("\n");
  const same = key(server) === key(local);
  const marks = round === undefined ? 20 : server.filter((i) => i.summary.includes(`[server ${round}.`) || i.summary.includes(`[local ${round}.`)).length;
  return { ok: same && marks === 20, serverCount: server.length, localCount: local.length, marks };
}
