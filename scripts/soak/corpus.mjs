// @ts-check
// runCorpus(): each bad-input case (corpus-cases.mjs) against a fresh collection on a real Radicale
// with two good items on each side, synced once through `davsync sync` (main() in-process, through
// the rewrite proxy). A row per case says what happened to the bad input — synced as is, reported per
// item, or the run failed with a message — whether the good items still synced, and whether anything
// crashed (an error that is not one of ours). The expected outcome per case is in the fixture folder.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main";
import { makeCollection } from "../../src/dav";
import { startRadicale } from "../servers/index.mjs";
import { corpusCases, substituteItemData } from "./corpus-cases.mjs";
import { startRewriteProxy } from "./rewrite-proxy.mjs";

/** @typedef {import("./corpus-cases.mjs").CorpusCase} CorpusCase */
/**
 * @typedef {object} CorpusRow
 * @property {string} id
 * @property {"synced" | "reported" | "refused by the server" | "held for confirmation" | "run failed" | "ignored silently" | "crash"} outcome
 * @property {boolean} othersSynced  the four good items are on both sides
 * @property {string} message        what the user was told about it (first relevant line)
 * @property {number} ms             wall time of the case
 */

const ENV = "DAVSYNC_CORPUS_PASSWORD";
const GOOD = ["good-s1", "good-s2", "good-l1", "good-l2"];
const ETAG_ONLY = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>';
const CRASH = /TypeError|ReferenceError|RangeError|SyntaxError|is not a function|Cannot read prop|Maximum call stack/;

/** @param {{ uid: string, kind: "calendar" | "addressbook" }} p */
function goodItem(p) {
  return p.kind === "calendar"
    ? ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bad-input//EN", "BEGIN:VEVENT", `UID:${p.uid}`, "DTSTAMP:20260101T000000Z", "DTSTART:20260320T100000Z", "DTEND:20260320T110000Z", `SUMMARY:Good ${p.uid}`, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n")
    : ["BEGIN:VCARD", "VERSION:3.0", `UID:${p.uid}`, `FN:Good ${p.uid}`, `N:${p.uid};Good;;;`, "END:VCARD", ""].join("\r\n");
}

const uidsIn = (/** @type {string[]} */ texts) => texts.flatMap((t) => [...t.matchAll(/^UID:(.*)$/gm)].map((m) => (m[1] ?? "").trim()));

/**
 * @param {{ fixturesDir: string, only?: (c: CorpusCase) => boolean, log?: (line: string) => void }} p
 * @returns {Promise<CorpusRow[]>}
 */
export async function runCorpus(p) {
  const log = p.log ?? (() => {});
  const server = await startRadicale();
  const proxy = await startRewriteProxy({ upstream: server.rootUrl });
  const auth = `Basic ${Buffer.from(`${server.username}:${server.password}`).toString("base64")}`;
  const ctx = { credentials: { username: server.username, password: server.password }, timeoutMs: 60_000 };
  const home = new URL("..", server.collections["calendar"] ?? "").href;
  const work = mkdtempSync(join(tmpdir(), "davsync-corpus-"));
  /** @type {CorpusRow[]} */
  const rows = [];
  let n = 0;
  /** @param {string} url @param {string} method @param {string | Buffer} [body] @param {Record<string, string>} [headers] */
  const http = (url, method, body, headers = {}) => fetch(url, { method, headers: { authorization: auth, ...headers }, ...(body !== undefined ? { body: typeof body === "string" ? body : new Uint8Array(body) } : {}) });
  try {
    for (const c of corpusCases({ fixturesDir: p.fixturesDir }).filter(p.only ?? (() => true))) {
      n += 1;
      const started = Date.now();
      const caps = await makeCollection({ ctx, homeUrl: home, kind: c.kind, displayName: `corpus ${n}` });
      const direct = caps.url;
      const dir = join(work, `case-${n}`);
      mkdirSync(dir);
      const ext = c.kind === "calendar" ? ".ics" : ".vcf";
      const type = c.kind === "calendar" ? "text/calendar" : "text/vcard";
      for (const uid of GOOD.slice(0, 2)) await http(`${direct}${uid}${ext}`, "PUT", goodItem({ uid, kind: c.kind }), { "content-type": type });
      for (const uid of GOOD.slice(2)) writeFileSync(join(dir, `${uid}${ext}`), goodItem({ uid, kind: c.kind }));

      /** @type {import("./corpus-cases.mjs").Rules} */
      let rules = {};
      /** @type {string[]} names served by substitution */
      const substituted = [];
      for (const [i, f] of c.files.entries()) {
        if (c.where === "folder") writeFileSync(join(dir, f.name), f.data);
        else if (c.where === "server-storage") writeFileSync(join(server.dataDir, "collections/collection-root", new URL(direct).pathname, f.name), f.data);
        else if (c.where === "server") {
          const res = await http(`${direct}${f.name}`, "PUT", f.data, { "content-type": type });
          // An empty PUT "succeeds" on Radicale without making an item: serve it like a refused one.
          if (res.ok && f.data.length > 0) continue;
          // Radicale refuses it (400): keep a placeholder there and serve the bad body in its place.
          await http(`${direct}${f.name}`, "PUT", goodItem({ uid: `placeholder-${i}`, kind: c.kind }), { "content-type": type });
          substituted.push(f.name);
        }
      }
      if (substituted.length > 0) {
        const bodies = new Map(c.files.map((f) => [f.name, f.data.toString()]));
        rules = { rewrite: (_req, res) => (res.status === 207 ? { ...res, body: substituted.reduce((body, name) => substituteItemData({ body, name, text: bodies.get(name) ?? "" }), res.body) } : undefined) };
      }

      const url = proxy.proxied(direct);
      const sync = async () => {
        /** @type {string[]} */ const out = [];
        /** @type {string[]} */ const err = [];
        let code;
        try {
          code = await main({ argv: ["sync", "--url", url, "--user", server.username, "--password-env", ENV, "--dir", dir, "--quiet"], env: { [ENV]: server.password }, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
        } catch (e) {
          err.push(`thrown: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          code = -1;
        }
        return { code, stdout: out.join("\n"), stderr: err.join("\n") };
      };
      if (c.afterCleanSync) {
        await sync();
        // A change on the server, so the next run really lists the collection.
        await http(`${direct}${GOOD[0]}${ext}`, "PUT", goodItem({ uid: GOOD[0] ?? "", kind: c.kind }).replace("SUMMARY:Good", "SUMMARY:Changed"), { "content-type": type });
      }
      proxy.setRules(c.rules ? c.rules({ collectionPath: new URL(direct).pathname }) : rules);
      const run = await sync();
      proxy.setRules({});

      const localTexts = readdirSync(dir).filter((f) => f.endsWith(ext) && !f.startsWith(".")).map((f) => readFileSync(join(dir, f), "latin1"));
      const listing = await (await http(direct, "PROPFIND", ETAG_ONLY, { depth: "1", "content-type": "application/xml" })).text();
      const serverNames = [...listing.matchAll(/<(?:[\w-]+:)?href>([^<]+)<\//g)].map((m) => m[1] ?? "").filter((h) => h !== new URL(direct).pathname);
      const serverTexts = await Promise.all(serverNames.map(async (h) => (await http(new URL(h, direct).href, "GET")).text()));
      const both = (/** @type {string} */ uid) => uidsIn(localTexts).includes(uid) && uidsIn(serverTexts).includes(uid);
      const othersSynced = GOOD.every(both);
      const other = c.where === "folder" ? serverTexts : localTexts;
      const badSynced = c.files.length > 0 && other.length > GOOD.length;
      const lines = [...run.stdout.split("\n"), ...run.stderr.split("\n")].filter((l) => /warning|failed|davsync:|thrown|held back/.test(l)).map((l) => l.trim());
      /** @type {CorpusRow["outcome"]} */
      let outcome;
      if (run.code === -1 || CRASH.test(run.stderr + run.stdout)) outcome = "crash";
      else if (run.code === 1 && othersSynced && /failed: /.test(run.stdout)) outcome = "refused by the server";
      else if (run.code === 1) outcome = "run failed";
      else if (run.code === 3) outcome = "held for confirmation";
      else if (badSynced || (c.files.length === 0 && othersSynced)) outcome = "synced";
      else outcome = lines.length > 0 ? "reported" : "ignored silently";
      const row = { id: c.id, outcome, othersSynced, message: lines.join(" | ").slice(0, 400), ms: Date.now() - started };
      rows.push(row);
      log(`${row.id}: ${row.outcome}, others ${othersSynced ? "synced" : "NOT synced"}${row.message ? ` — ${row.message.slice(0, 160)}` : ""}`);
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  } finally {
    await proxy.stop();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
