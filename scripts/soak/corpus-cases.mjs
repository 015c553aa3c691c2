// @ts-check
// The bad-input cases: every item file in tests/fixtures/bad-input/ on each side (in the folder; on
// the server as a real item when Radicale takes it, else served by the rewrite proxy in place of a
// placeholder), two generated huge items, one item placed in Radicale's storage behind its back, and
// the response-level cases (login page, redirect loop, invalid XML characters, missing hrefs, …).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { substituteItemData } from "./rewrite-proxy.mjs";

/** @typedef {import("./rewrite-proxy.mjs").Answer} Answer */
/** @typedef {import("./rewrite-proxy.mjs").Request} Request */
/** @typedef {{ answer?: (req: Request) => Answer | undefined, rewrite?: (req: Request, res: Answer) => Answer | undefined }} Rules */

/**
 * @typedef {object} CorpusCase
 * @property {string} id           "<file> @ folder", "<file> @ server", a response case's name…
 * @property {"calendar" | "addressbook"} kind
 * @property {"folder" | "server" | "server-storage" | "response"} where
 * @property {{ name: string, data: string | Buffer }[]} files   bad items (none for response cases)
 * @property {(p: { collectionPath: string }) => Rules} [rules]  response cases: what the proxy does
 * @property {boolean} [afterCleanSync]  apply the rules only on a second run, after a clean first one
 */

const MB = 1024 * 1024;

/** A 5 MB DESCRIPTION (folded as a client would) and a 2 MB base64 PHOTO, made here, not committed. */
function hugeItems() {
  const fold = (/** @type {string} */ line) => line.match(/.{1,74}/g)?.join("\r\n ") ?? line;
  const description = fold(`DESCRIPTION:${"Agenda item with some words. ".repeat(Math.ceil((5 * MB) / 29)).slice(0, 5 * MB)}`);
  const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bad-input//EN", "BEGIN:VEVENT", "UID:ok-huge-description", "DTSTAMP:20260101T000000Z", "DTSTART:20260315T100000Z", "DTEND:20260315T110000Z", "SUMMARY:Huge description", description, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
  const photo = fold(`PHOTO;ENCODING=b;TYPE=JPEG:${Buffer.alloc((3 * 2 * MB) / 4, 0xa5).toString("base64")}`);
  const vcf = ["BEGIN:VCARD", "VERSION:3.0", "UID:ok-huge-photo", "FN:Huge Photo", "N:Photo;Huge;;;", photo, "END:VCARD", ""].join("\r\n");
  return [
    { name: "generated-5mb-description.ics", data: ics },
    { name: "generated-2mb-photo.vcf", data: vcf },
  ];
}


const TOKEN_REJECTED = '<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>';

/** @param {string} body @param {(response: string) => string} change */
function eachResponse(body, change) {
  return body.replace(/<(?:[\w-]+:)?response\b[\s\S]*?<\/(?:[\w-]+:)?response>/g, change);
}

/** @param {string} fixturesDir @returns {CorpusCase[]} */
function responseCases(fixturesDir) {
  // What a captive portal or an SSO front end answers to every request.
  const loginPage = readFileSync(join(fixturesDir, "response-login-page.html"), "utf8");
  /** @type {(name: string, rules: (p: { collectionPath: string }) => Rules, afterCleanSync?: boolean) => CorpusCase} */
  const response = (name, rules, afterCleanSync = false) => ({ id: name, kind: "calendar", where: "response", files: [], rules, afterCleanSync });
  const is207 = (/** @type {Answer} */ res) => res.status === 207;
  return [
    response("HTML login page (200 text/html) instead of XML", () => ({ answer: () => ({ status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: loginPage }) })),
    response("redirect loop (302 to itself)", () => ({ answer: (req) => ({ status: 302, headers: { location: req.path }, body: "" }) })),
    response("0x0C form feeds in every 207", () => ({ rewrite: (_req, res) => (is207(res) ? { ...res, body: res.body.replace(/<\//g, "\u000c</") } : undefined) })),
    response("other invalid XML characters (0x01, 0x08, 0xFFFE) in a 207", () => ({
      rewrite: (_req, res) => (is207(res) ? { ...res, body: res.body.replace(/<\/([\w-]+:)?displayname>/g, "\u0001\u0008\ufffe$&").replace(/<\//g, "\u0001</") } : undefined),
    })),
    response("207 sent as text/plain", () => ({ rewrite: (_req, res) => (is207(res) ? { ...res, headers: { ...res.headers, "content-type": "text/plain" } } : undefined) })),
    response("207 with an empty body", () => ({ rewrite: (req, res) => (is207(res) && req.method === "REPORT" ? { ...res, body: "" } : undefined) })),
    response("207 whose item responses have no href (first sync)", ({ collectionPath }) => ({
      rewrite: (_req, res) => (is207(res) ? { ...res, body: dropItemHrefs(res.body, collectionPath) } : undefined),
    })),
    response("207 whose item responses have no href (after a sync)", ({ collectionPath }) => ({
      rewrite: (_req, res) => (is207(res) ? { ...res, body: dropItemHrefs(res.body, collectionPath) } : undefined),
    }), true),
    // A server without a usable sync-token: the full listing is what loses the hrefs.
    response("207 where one item response has no href (full listing after a sync)", ({ collectionPath }) => ({
      rewrite: (req, res) => {
        if (!is207(res)) return undefined;
        if (req.method === "REPORT" && /sync-token>/.test(res.body)) return { status: 403, headers: { "content-type": "application/xml" }, body: TOKEN_REJECTED };
        return { ...res, body: dropItemHrefs(res.body, collectionPath, 1) };
      },
    }), true),
  ];
}

/** Removes the <href> of the first `limit` responses below the collection (items), never the collection's own. */
function dropItemHrefs(/** @type {string} */ body, /** @type {string} */ collectionPath, limit = Infinity) {
  let dropped = 0;
  const itemHref = new RegExp(`<(?:[\\w-]+:)?href>[^<]*${collectionPath}[^<]+</(?:[\\w-]+:)?href>`);
  return eachResponse(body, (r) => (dropped < limit && itemHref.test(r) ? (dropped++, r.replace(itemHref, "")) : r));
}

/**
 * @param {{ fixturesDir: string }} p
 * @returns {CorpusCase[]}
 */
export function corpusCases(p) {
  const names = readdirSync(p.fixturesDir).filter((n) => /\.(ics|vcf)$/.test(n)).sort();
  /** @type {{ name: string, data: string | Buffer }[][]} */
  const groups = [];
  const dup = names.filter((n) => n.startsWith("ics-duplicate-uid-"));
  for (const n of names) if (!dup.includes(n)) groups.push([{ name: n, data: readFileSync(join(p.fixturesDir, n)) }]);
  groups.push(dup.map((n) => ({ name: n, data: readFileSync(join(p.fixturesDir, n)) })));
  for (const item of hugeItems()) groups.push([item]);
  /** @type {CorpusCase[]} */
  const cases = [];
  for (const files of groups) {
    const kind = files[0]?.name.endsWith(".vcf") ? "addressbook" : "calendar";
    const label = files.map((f) => f.name).join(" + ");
    cases.push({ id: `${label} @ folder`, kind, where: "folder", files });
    cases.push({ id: `${label} @ server`, kind, where: "server", files });
  }
  const twoUids = names.find((n) => n === "ics-two-uids.ics");
  if (twoUids) cases.push({ id: `${twoUids} @ Radicale's storage`, kind: "calendar", where: "server-storage", files: [{ name: twoUids, data: readFileSync(join(p.fixturesDir, twoUids)) }] });
  return [...cases, ...responseCases(p.fixturesDir)];
}

export { substituteItemData };
