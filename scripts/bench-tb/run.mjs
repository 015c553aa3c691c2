#!/usr/bin/env node
// @ts-check
// `npm run bench:tb`: our add-on vs Thunderbird's built-in CalDAV calendar, both in a fresh
// Thunderbird (e2e build of the add-on, driver RPC), syncing the same generated Radicale
// collection (fixed seed) — initial sync until every item is in Thunderbird's storage, no-change
// resync (time and HTTP requests), peak memory, and a check that Thunderbird's item queries (what
// views and alarms use) see the items. Our initial sync is also profiled: every fetch /
// storage.local / davsyncCalendar call of the background is recorded (driver.profileStart).
// A table, not a timed test: server, proxy and Thunderbird share the machine.
//   node scripts/bench-tb/run.mjs [--sizes 1000,5000] [--clients native,addon] [--mode headless|xvfb]
//     [--json FILE] [--doc docs/benchmark-thunderbird.md | --no-doc] [--resyncs 3]
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { generateDataset } from "../dataset/generate.mjs";
import { benchRadicale, dav, readStats, resetStats } from "../bench/servers.mjs";
import { launchThunderbird } from "../thunderbird/launch.mjs";
import { createProfile } from "../thunderbird/profile.mjs";
import { startDriverServer } from "../thunderbird/driver-server.mjs";
import { geckoIdOf, packXpi } from "../thunderbird/xpi.mjs";
import { analyzeProfile, profileTable } from "./profile.mjs";
import { resultTable } from "./table.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const SEED = 42;
const ANCHOR = "2026-01-05"; // generateDataset's default: dates spread over −4 … +8 months around it
const RANGE = { start: "20250801T000000Z", end: "20261001T000000Z" }; // covers every generated start (+ recurrences inside)
const REALM = "Radicale - Password Required";
const args = process.argv.slice(2);
const option = (/** @type {string} */ name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (option("--sizes") ?? "1000,5000").split(",").map(Number);
const clients = (option("--clients") ?? "native,addon").split(",");
const mode = /** @type {"headless" | "xvfb"} */ (option("--mode") ?? "headless");
const resyncs = Number(option("--resyncs") ?? 3);
const doc = args.includes("--no-doc") ? undefined : resolve(ROOT, option("--doc") ?? "docs/benchmark-thunderbird.md");
const jsonOut = option("--json");
const log = (/** @type {string} */ line) => process.stderr.write(`bench-tb: ${line}\n`);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

// ---------- memory of Thunderbird's process tree ----------
/** @param {number} pid @param {string} field */
function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
/** @param {number} root @returns {number[]} root and all its descendants */
function processTree(root) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {}
  }
  const out = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = /** @type {number} */ (todo.pop());
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}
/** The Thunderbird main process: the launched pid or, when that is a wrapper, its "thunderbird" child. */
function mainPid(/** @type {number} */ launched) {
  for (const pid of processTree(launched)) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (comm === "thunderbird" || comm === "thunderbird-bin") return pid;
    } catch {}
  }
  return launched;
}
function memorySampler(/** @type {number} */ launched) {
  let peakTreeKb = 0;
  const sample = () => {
    const kb = processTree(launched).reduce((sum, pid) => sum + statusKb(pid, "VmRSS"), 0);
    peakTreeKb = Math.max(peakTreeKb, kb);
  };
  const timer = setInterval(sample, 250);
  return {
    /** VmHWM of the main process and the sampled peak of the whole tree's RSS, MB. */
    read() {
      sample();
      return { hwmMb: Math.round(statusKb(mainPid(launched), "VmHWM") / 1024), treePeakMb: Math.round(peakTreeKb / 1024) };
    },
    stop: () => clearInterval(timer),
  };
}

// ---------- Thunderbird sessions ----------
async function buildAddon() {
  log("building the e2e add-on (vite build --mode e2e)");
  await promisify(execFile)("npx", ["vite", "build", "--mode", "e2e", "--logLevel", "warn"], { cwd: ROOT, maxBuffer: 16 << 20 });
  const dist = join(ROOT, "dist-e2e");
  const addonId = geckoIdOf(dist);
  const xpi = join(mkdtempSync(join(tmpdir(), "davsync-bench-tb-xpi-")), `${addonId}.xpi`);
  packXpi(dist, xpi);
  return { xpi, addonId };
}

/** @param {{ xpi: string, addonId: string }} addon @param {string} work @param {string} label */
async function startSession(addon, work, label) {
  const runDir = mkdtempSync(join(work, `${label}-`));
  const profileDir = join(runDir, "profile");
  const logFile = join(runDir, "thunderbird.log");
  const runId = runDir.slice(runDir.lastIndexOf("-") + 1);
  const server = await startDriverServer({ runId, describe: () => `Thunderbird log: ${logFile}` });
  createProfile({
    dir: profileDir,
    xpi: addon.xpi,
    addonId: addon.addonId,
    prefs: { "davsync.e2e.harnessPort": server.port, "davsync.e2e.runId": runId, "davsync.e2e.forwardEvents": false },
  });
  const t0 = Date.now();
  const tb = await launchThunderbird({ profileDir, mode, logFile });
  void tb.exited.then(({ code, signal }) => server.fail(new Error(`Thunderbird exited (code ${code}, signal ${signal}); log: ${logFile}`)));
  try {
    await Promise.race([server.ready, sleep(120_000).then(() => Promise.reject(new Error(`driver not ready in 120 s; log ${logFile}`)))]);
  } catch (error) {
    await tb.stop();
    await server.close();
    throw error;
  }
  const memory = memorySampler(tb.pid);
  return {
    startMs: Date.now() - t0,
    logFile,
    pid: tb.pid,
    memory,
    /** @template T @param {string} api @param {unknown[]} a @returns {Promise<T>} */
    call: (api, a = [], timeoutMs = 900_000) => /** @type {Promise<T>} */ (server.call(api, a, timeoutMs)),
    async quit() {
      memory.stop();
      await tb.stop({ graceful: () => server.call("e2eDriver.quit", [], 10_000) });
      await server.close();
    },
  };
}

// ---------- the two clients ----------
/** @typedef {Awaited<ReturnType<typeof startSession>>} Session */
/** @typedef {{ client: string, n: number, initialS: number, firstItemS: number | null, initialRequests: number, initialByMethod: Record<string, number>, initialMbOut: number, resyncS: number[], resyncRequests: number[], hwmMb: number, treePeakMb: number, idleHwmMb: number, items: number, occurrences: number, withAlarms: number, queryMs: number, ok: boolean, note?: string, profile?: ReturnType<typeof analyzeProfile> }} Result */

const SYNC_COLLECTION = `<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

/** @param {Session} tb @param {string} url @param {number} n @param {string} proxyUrl */
async function runNative(tb, url, n, proxyUrl) {
  await tb.call("e2eDriver.observeCalendars");
  await resetStats(proxyUrl);
  const { id } = await tb.call("e2eDriver.createNativeCalDav", [{ url, username: "alice", password: "secret", realm: REALM, name: `Native ${n}` }]);
  /** @type {messenger.e2eDriver.CalendarStats} */
  let stats;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    stats = await tb.call("e2eDriver.calendarStats", [id]);
    const done = stats.uniqueAdds >= n && stats.loadTimes.some((t) => t >= stats.lastAddAt);
    if (done) break;
    if ((/** @type {messenger.e2eDriver.WindowInfo[]} */ (await tb.call("e2eDriver.getWindows"))).some((w) => /dialog|prompt/i.test(w.type))) throw new Error("Thunderbird opened a dialog (password prompt?)");
    if (Date.now() > deadline) throw new Error(`native: ${stats.uniqueAdds}/${n} items after 15 min: ${JSON.stringify(stats.errors)}`);
    await sleep(200);
  }
  const initial = await readStats(proxyUrl);
  const resyncS = [];
  const resyncRequests = [];
  for (let i = 0; i < resyncs; i++) {
    await sleep(1000);
    await resetStats(proxyUrl);
    const loadsBefore = (await tb.call("e2eDriver.calendarStats", [id])).loads;
    const at = await tb.call("e2eDriver.refreshCalendar", [id]);
    let s;
    for (;;) {
      s = await tb.call("e2eDriver.calendarStats", [id]);
      if (s.loads > loadsBefore) break;
      await sleep(50);
    }
    resyncS.push((s.loadTimes[s.loadTimes.length - 1] - at) / 1000);
    resyncRequests.push((await readStats(proxyUrl)).total);
  }
  return {
    calendarId: id,
    initialS: (stats.lastAddAt - stats.t0) / 1000,
    firstItemS: (stats.firstAddAt - stats.t0) / 1000,
    initialRequests: initial.total,
    initialByMethod: initial.byMethod,
    initialMbOut: initial.bytesOut / 1e6,
    resyncS,
    resyncRequests,
  };
}

/** @param {Session} tb @param {string} url @param {number} n @param {string} proxyUrl @param {(p: { id: string, url: string }) => object} makeProfile */
async function runAddon(tb, url, n, proxyUrl, makeProfile) {
  const ask = (/** @type {object} */ request) => tb.call("davsyncTest.request", [request], 1_800_000);
  const profileId = `bench-${n}`;
  const profile = makeProfile({ id: profileId, url });
  const saved = /** @type {{ ok: boolean }} */ (await ask({ type: "saveProfile", profile, password: "secret" }));
  if (!saved.ok) throw new Error(`saveProfile: ${JSON.stringify(saved)}`);
  await resetStats(proxyUrl);
  const patched = await tb.call("driver.profileStart");
  const t0Page = await tb.call("driver.now");
  const t0 = Date.now();
  const answer = /** @type {{ results?: Record<string, any> }} */ (await ask({ type: "syncNow", profileId, wait: true }));
  const wallS = (Date.now() - t0) / 1000;
  const recorded = await tb.call("driver.profileStop");
  const initial = await readStats(proxyUrl);
  const result = answer.results?.[profileId];
  if (result?.outcome !== "ok") throw new Error(`addon initial sync: ${JSON.stringify(result)}`);
  const overview = /** @type {{ profiles: { id: string, localFolderId?: string }[] }} */ (await ask({ type: "getOverview" }));
  const calendarId = overview.profiles.find((p) => p.id === profileId)?.localFolderId;
  const prof = analyzeProfile({ ...recorded, t0: t0Page, durationMs: result.durationMs, patched });
  const resyncS = [];
  const resyncRequests = [];
  /** @type {ReturnType<typeof analyzeProfile> | undefined} */
  let resyncProfile;
  for (let i = 0; i < resyncs; i++) {
    await sleep(1000);
    await resetStats(proxyUrl);
    // The last resync is profiled too (the others stay unwrapped).
    const profiled = i === resyncs - 1;
    const wrapped = profiled ? await tb.call("driver.profileStart") : [];
    const at = profiled ? await tb.call("driver.now") : 0;
    const r = /** @type {{ results?: Record<string, any> }} */ (await ask({ type: "syncNow", profileId, wait: true }));
    const res = r.results?.[profileId];
    if (profiled) resyncProfile = analyzeProfile({ ...(await tb.call("driver.profileStop")), t0: at, durationMs: res?.durationMs ?? 0, patched: wrapped });
    if (res?.outcome !== "ok") throw new Error(`addon resync: ${JSON.stringify(res)}`);
    resyncS.push(res.durationMs / 1000);
    resyncRequests.push((await readStats(proxyUrl)).total);
  }
  return {
    calendarId,
    initialS: result.durationMs / 1000,
    wallS,
    firstItemS: prof.firstWriteMs === null ? null : prof.firstWriteMs / 1000,
    initialRequests: initial.total,
    initialByMethod: initial.byMethod,
    initialMbOut: initial.bytesOut / 1e6,
    resyncS,
    resyncRequests,
    profile: prof,
    resyncProfile,
    written: result.written,
  };
}

// ---------- main ----------
const addon = await buildAddon();
const { createServer } = await import("vite");
const vite = await createServer({ root: ROOT, configFile: false, logLevel: "warn", server: { middlewareMode: true, hmr: false }, appType: "custom" });
const defaults = await vite.ssrLoadModule("/src/core/profile/defaults.ts");
await vite.close();
/** @param {{ id: string, url: string }} p */
const makeProfile = ({ id, url }) => {
  const base = defaults.newProfile({ id, kind: "events", name: id, url, username: "alice" });
  return {
    ...base,
    sync: { ...base.sync, mode: "two-way", timeRange: { kind: "off" } },
    schedule: { ...base.schedule, interval: { kind: "manual" }, onChange: { ...base.schedule.onChange, enabled: false }, onStartup: false },
  };
};

const work = mkdtempSync(join(tmpdir(), "davsync-bench-tb-"));
const bench = await benchRadicale();
/** @type {any[]} */
const rows = [];
try {
  for (const n of sizes) {
    const items = generateDataset({ events: n, todos: 0, cards: 0, seed: SEED, anchor: ANCHOR }).events.map((e) => ({ name: e.name, text: e.text }));
    const t = Date.now();
    const url = await bench.seed({ n, items });
    // Thunderbird lists with sync-collection: Radicale builds its history cache on the first one.
    await dav(url, "REPORT", SYNC_COLLECTION, { depth: "1", "content-type": "application/xml" });
    log(`seeded ${n} events at ${url} (${((Date.now() - t) / 1000).toFixed(1)} s incl. cache warm-up)`);
    for (const client of clients) {
      const tb = await startSession(addon, work, `${client}-${n}`);
      try {
        await sleep(3000); // let start-up work settle before the idle reading
        const idle = tb.memory.read();
        log(`${client} N=${n}: Thunderbird ready in ${tb.startMs} ms, idle VmHWM ${idle.hwmMb} MB`);
        const r = client === "native" ? await runNative(tb, url, n, bench.proxyUrl) : await runAddon(tb, url, n, bench.proxyUrl, makeProfile);
        /** @type {any} */
        const r0 = r;
        /** @type {messenger.e2eDriver.CalendarCounts} */
        const counts = await tb.call("e2eDriver.countCalendarItems", [r0.calendarId, RANGE.start, RANGE.end]);
        const mem = tb.memory.read();
        /** @type {any} */
        const row = { client, n, ...r, ...mem, idleHwmMb: idle.hwmMb, items: counts.items, occurrences: counts.occurrences, withAlarms: counts.withAlarms, queryMs: counts.itemsMs + counts.occurrencesMs, ok: counts.items === n };
        rows.push(row);
        log(`${client} N=${n}: initial ${row.initialS.toFixed(2)} s, ${row.initialRequests} req; resync ${row.resyncS.map((/** @type {number} */ s) => s.toFixed(2)).join("/")} s, ${row.resyncRequests.join("/")} req; items ${counts.items}, occurrences ${counts.occurrences}; VmHWM ${mem.hwmMb} MB, tree ${mem.treePeakMb} MB`);
      } catch (error) {
        log(`${client} N=${n} FAILED: ${error instanceof Error ? error.message : String(error)}`);
        rows.push({ client, n, note: error instanceof Error ? error.message : String(error) });
      } finally {
        await tb.quit();
      }
    }
  }
} finally {
  await bench.stop();
  if (process.env.BENCH_KEEP !== "1") rmSync(work, { recursive: true, force: true });
}

const table = resultTable(rows, { median });
const profiles = rows
  .filter((r) => r.profile)
  .map((r) => `#### N = ${r.n}, initial sync\n\n${profileTable(r.profile)}${r.resyncProfile ? `\n\n#### N = ${r.n}, no-change resync (the last one)\n\n${profileTable(r.resyncProfile)}` : ""}`)
  .join("\n\n");
console.log(`${table}\n\n${profiles}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
if (doc) {
  const machine = `${process.platform}, ${cpus().length} cores, Node ${process.version}`;
  const generated = `_Generated by \`npm run bench:tb -- --sizes ${sizes.join(",")}\` on ${new Date().toISOString().slice(0, 10)} (${machine}, Thunderbird ${mode})._`;
  const marker = "<!-- bench:tb results -->";
  let text = "";
  try {
    text = readFileSync(doc, "utf8");
  } catch {}
  const block = `${marker}\n${generated}\n\n${table}\n\n### Where the add-on's initial sync spends its time\n\n${profiles}\n${marker}`;
  const parts = text.split(marker);
  writeFileSync(doc, parts.length >= 3 ? `${parts[0]}${block}${parts.slice(2).join(marker)}` : `# Thunderbird benchmark\n\n${block}\n`);
  log(`wrote ${doc}`);
}
process.exit(rows.every((r) => !r.note && r.ok) ? 0 : 1);
