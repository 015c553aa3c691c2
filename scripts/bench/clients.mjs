// @ts-check
// The benchmarked clients, each step one child process under /usr/bin/time -v (wall time, peak RSS
// of the client): our CLI (dist-cli/davsync.mjs), vdirsyncer (Debian package; config in a temp dir,
// filesystem storage = the same vdir layout), and the raw transfer baseline (raw-report.mjs: one
// REPORT returning all calendar-data). Requests are counted by the server's front proxy.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readStats, resetStats } from "./servers.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
export const DAVSYNC = join(ROOT, "dist-cli/davsync.mjs");
const RAW = join(import.meta.dirname, "raw-report.mjs");

/** @typedef {{ wall: number, rssMb: number, requests: number, byMethod: Record<string, number>, mbOut: number, code: number, tail: string }} Step */

export function hasVdirsyncer() {
  return spawnSync("sh", ["-c", "command -v vdirsyncer"]).status === 0;
}

/** @param {{ cmd: string[], proxyUrl: string, env?: NodeJS.ProcessEnv, input?: string }} p @returns {Promise<Step>} */
export async function timedStep({ cmd, proxyUrl, env, input }) {
  await resetStats(proxyUrl);
  // Writes still pending from the harness (seeding a server, the last step, its folder) are flushed
  // first: a client that makes its files durable with syncfs (davsync) would otherwise wait for
  // them too, by up to seconds, and one that does not (vdirsyncer) would not.
  spawnSync("sync");
  const res = spawnSync("/usr/bin/time", ["-v", ...cmd], { env: { ...process.env, ...env }, encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });
  const err = res.stderr ?? "";
  const wallText = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/.exec(err)?.[1] ?? "0:0";
  const wall = wallText.split(":").map(Number).reduce((acc, part) => acc * 60 + part, 0);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 0);
  const stats = await readStats(proxyUrl);
  const tail = `${res.stdout ?? ""}\n${err.split("\n\tCommand being timed")[0] ?? ""}`.trim().split("\n").slice(-6).join("\n");
  return { wall, rssMb: Math.round(rssKb / 1024), requests: stats.total, byMethod: stats.byMethod, mbOut: stats.bytesOut / 1e6, code: res.status ?? -1, tail };
}

/** @param {{ url: string, dir: string, proxyUrl: string, bin?: string }} p */
export function davsyncStep({ url, dir, proxyUrl, bin = DAVSYNC }) {
  return timedStep({
    cmd: [process.execPath, bin, "sync", "--url", url, "--user", "alice", "--password-env", "BENCH_PW", "--dir", dir, "--quiet", "--yes"],
    proxyUrl,
    env: { BENCH_PW: "secret" },
  });
}

/** Writes a vdirsyncer config for one pair (caldav ↔ filesystem) and runs discover once. */
export function vdirsyncerSetup(/** @type {{ url: string, work: string }} */ { url, work }) {
  const dir = join(work, "vds-local");
  mkdirSync(dir, { recursive: true });
  const config = join(work, "vds-config");
  writeFileSync(config, `[general]
status_path = "${join(work, "vds-status")}/"

[pair bench]
a = "bench_remote"
b = "bench_local"
collections = null
conflict_resolution = "a wins"

[storage bench_remote]
type = "caldav"
url = "${url}"
username = "alice"
password = "secret"

[storage bench_local]
type = "filesystem"
path = "${dir}/"
fileext = ".ics"
`);
  spawnSync("vdirsyncer", ["-c", config, "discover", "bench"], { input: "y\n", encoding: "utf8" });
  return { dir, config };
}

/** @param {{ config: string, proxyUrl: string }} p */
export function vdirsyncerStep({ config, proxyUrl }) {
  return timedStep({ cmd: ["vdirsyncer", "-c", config, "sync", "bench"], proxyUrl });
}

/** @param {{ url: string, proxyUrl: string }} p */
export function rawStep({ url, proxyUrl }) {
  return timedStep({ cmd: [process.execPath, RAW, url], proxyUrl, env: { BENCH_PW: "secret" } });
}
