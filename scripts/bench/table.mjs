// @ts-check
// The benchmark's output: one markdown table row per server × size × client × step (wall, requests
// by method, MB sent by the server, client peak RSS, correctness), then the ratios of this run —
// our CLI vs vdirsyncer and vs the raw one-REPORT transfer — which are what the numbers are for.

/** @typedef {import("./clients.mjs").Step & { server: string, n: number, client: string, step: string, ok?: boolean | undefined, note?: string, walls?: number[] }} Row */

/** "2.16", or with repetitions "2.16 (2.10–2.31)": the median and the range. */
const wallText = (/** @type {Row} */ r) =>
  r.walls && r.walls.length > 1 ? `${r.wall.toFixed(2)} (${Math.min(...r.walls).toFixed(2)}–${Math.max(...r.walls).toFixed(2)})` : r.wall.toFixed(2);

const methods = (/** @type {Record<string, number>} */ m) => Object.entries(m).map(([k, v]) => `${k}:${v}`).join(" ");

/** @param {Row[]} rows */
export function markdownTable(rows) {
  const lines = [
    "| server | N | client | step | wall s | requests | by method | MB from server | client peak RSS MB | correct |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    if (r.note) {
      lines.push(`| ${r.server} | ${r.n} | ${r.client} | ${r.step} | – | – | ${r.note} | – | – | – |`);
      continue;
    }
    const ok = r.ok === undefined ? "" : r.ok ? "yes" : "**NO**";
    lines.push(`| ${r.server} | ${r.n} | ${r.client} | ${r.step} | ${wallText(r)} | ${r.requests} | ${methods(r.byMethod)} | ${r.mbOut.toFixed(2)} | ${r.rssMb} | ${r.code === 0 ? ok : `exit ${r.code}`} |`);
  }
  return lines.join("\n");
}

/** @param {Row[]} rows */
export function ratioLines(rows) {
  const find = (/** @type {string} */ server, /** @type {number} */ n, /** @type {string} */ client, /** @type {string} */ step) =>
    rows.find((r) => r.server === server && r.n === n && r.client === client && r.step === step && !r.note);
  const out = [];
  const seen = new Set(rows.map((r) => `${r.server}|${r.n}`));
  for (const key of seen) {
    const [server = "", nText = "0"] = key.split("|");
    const n = Number(nText);
    const raw = find(server, n, "raw", "initial");
    for (const step of ["initial", "nochange", "after"]) {
      const ours = find(server, n, "davsync", step);
      const vds = find(server, n, "vdirsyncer", step);
      if (!ours) continue;
      const parts = [`${server} N=${n} ${step}: davsync ${ours.wall.toFixed(2)} s, ${ours.requests} req`];
      if (vds) parts.push(`vdirsyncer ${vds.wall.toFixed(2)} s, ${vds.requests} req → davsync/vdirsyncer wall ×${(ours.wall / vds.wall).toFixed(2)}`);
      if (raw && step === "initial") parts.push(`raw REPORT ${raw.wall.toFixed(2)} s → davsync/raw ×${(ours.wall / raw.wall).toFixed(2)}`);
      out.push(`- ${parts.join("; ")}`);
    }
  }
  return out.join("\n");
}
