// @ts-check
// The Thunderbird benchmark's result table: one row per client × size.

const methods = (/** @type {Record<string, number>} */ m) => Object.entries(m ?? {}).map(([k, v]) => `${k}:${v}`).join(" ");
const CLIENT = { native: "Thunderbird CalDAV (cached)", addon: "our add-on (two-way profile)" };

/** @param {any[]} rows @param {{ median: (xs: number[]) => number }} h */
export function resultTable(rows, { median }) {
  const lines = [
    "| N | client | initial sync s | 1st item s | initial requests (by method) | MB from server | no-change resync s (median; all) | resync requests | main VmHWM MB (idle → peak) | all processes RSS peak MB | items / occurrences in range (with alarms) | query ms | correct |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const name = CLIENT[/** @type {"native" | "addon"} */ (r.client)] ?? r.client;
    if (r.note) {
      lines.push(`| ${r.n} | ${name} | – | – | ${r.note} | – | – | – | – | – | – | – | **NO** |`);
      continue;
    }
    lines.push(
      `| ${r.n} | ${name} | **${r.initialS.toFixed(2)}** | ${r.firstItemS === null ? "–" : r.firstItemS.toFixed(2)} | ${r.initialRequests} (${methods(r.initialByMethod)}) | ${r.initialMbOut.toFixed(2)} | **${median(r.resyncS).toFixed(2)}** (${r.resyncS.map((/** @type {number} */ s) => s.toFixed(2)).join(" / ")}) | ${r.resyncRequests.join(" / ")} | ${r.idleHwmMb} → **${r.hwmMb}** | ${r.treePeakMb} | ${r.items} / ${r.occurrences} (${r.withAlarms}) | ${r.queryMs} | ${r.ok ? "yes" : "**NO**"} |`,
    );
  }
  const lines2 = [];
  for (const n of [...new Set(rows.map((r) => r.n))]) {
    const a = rows.find((r) => r.n === n && r.client === "addon" && !r.note);
    const b = rows.find((r) => r.n === n && r.client === "native" && !r.note);
    if (a && b) {
      const same = a.occurrences === b.occurrences ? "same occurrences in range" : `**occurrences differ: ${a.occurrences} vs ${b.occurrences}**`;
      lines2.push(`- N=${n}: initial add-on/native ×${(a.initialS / b.initialS).toFixed(2)} (${a.initialS.toFixed(1)} s vs ${b.initialS.toFixed(1)} s); no-change resync ${median(a.resyncS).toFixed(2)} s / ${median(a.resyncRequests)} req vs ${median(b.resyncS).toFixed(2)} s / ${median(b.resyncRequests)} req; peak VmHWM ${a.hwmMb} vs ${b.hwmMb} MB; ${same}.`);
    }
  }
  return `${lines.join("\n")}\n\n${lines2.join("\n")}`;
}
