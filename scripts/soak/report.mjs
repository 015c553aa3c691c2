// @ts-check
// Markdown for docs/reliability.md from the soak results and the corpus rows, and the splice that
// replaces one generated section (between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`)
// while leaving the hand-written text around it alone. Figures are never typed by hand.

/** @typedef {import("./soak.mjs").SoakResult} SoakResult */
/** @typedef {import("./corpus.mjs").CorpusRow} CorpusRow */

/** @param {Record<string, number>} tally */
function tallyLines(tally) {
  return Object.entries(tally)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `| ${k} | ${v} |`);
}

/** @param {SoakResult} r */
export function soakVerdict(r) {
  const dupes = r.duplicates.server.byUid.length + r.duplicates.server.byMatchKey.length + r.duplicates.local.byUid.length + r.duplicates.local.byMatchKey.length;
  return { lost: r.lost.length, duplicates: dupes, ok: r.lost.length === 0 && dupes === 0 && r.sides.equal && r.stable };
}

/** @param {{ results: readonly SoakResult[], command: string }} p */
export function soakMarkdown(p) {
  const out = [`Command: \`${p.command}\``, ""];
  for (const r of p.results) {
    const v = soakVerdict(r);
    const faultTotal = Object.values(r.faults).reduce((a, b) => a + b, 0);
    out.push(
      `### ${r.mode}, seed ${r.seed}, ${r.steps} steps — ${v.ok ? "PASS" : "FAIL"}`,
      "",
      "| figure | value |",
      "|---|---|",
      `| sync runs under faults | ${r.runs.faulty} |`,
      `| runs to stable after the faults stopped | ${r.runs.stabilizing} (${r.stable ? "stable" : "NOT stable"}) |`,
      `| edits made (creates included) | ${r.edits} |`,
      `| faults injected | ${faultTotal} |`,
      `| items lost | ${v.lost} |`,
      `| duplicates (same UID or matchKey on one side) | ${v.duplicates} |`,
      `| sides equal at the end | ${r.sides.equal ? "yes" : `no (${[...r.sides.onlyA, ...r.sides.onlyB, ...r.sides.differ].join(", ")})`} |`,
      `| items at the end: server / folder / trash | ${r.items.server} / ${r.items.local} / ${r.items.trash} |`,
      "",
      "| fault | injected |",
      "|---|---|",
      ...tallyLines(r.faults),
      "",
      "| run outcome under faults | runs |",
      "|---|---|",
      ...tallyLines(r.outcomes),
      "",
      "| operation | count |",
      "|---|---|",
      ...tallyLines(r.operations),
      "",
    );
    if (r.lost.length > 0) out.push(`Lost edits: ${r.lost.join(", ")}`, "");
  }
  return out.join("\n");
}

/** @param {{ rows: readonly CorpusRow[], expected: Record<string, { outcome: string }>, command: string }} p */
export function corpusMarkdown(p) {
  const counts = /** @type {Record<string, number>} */ ({});
  for (const r of p.rows) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  const mismatched = p.rows.filter((r) => p.expected[r.id]?.outcome !== r.outcome);
  // Binary garbage is quoted in parser messages: keep the table readable.
  const escape = (/** @type {string} */ s) =>
    s.replace(/[^\x20-\x7E\u00A0-\uFFFC]/g, "?").replace(/\|/g, "\\|").replace(/https?:\/\/127\.0\.0\.1:\d+/g, "");
  return [
    `Command: \`${p.command}\` — ${p.rows.length} cases; ${Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(", ")}; as expected: ${p.rows.length - mismatched.length}/${p.rows.length}; crashes: ${counts["crash"] ?? 0}.`,
    "",
    "| case | outcome | expected | good items synced | what the user is told |",
    "|---|---|---|---|---|",
    ...p.rows.map((r) => `| ${escape(r.id)} | ${r.outcome} | ${p.expected[r.id]?.outcome ?? "(none)"} | ${r.othersSynced ? "yes" : "no"} | ${escape(r.message.slice(0, 220))} |`),
    "",
  ].join("\n");
}

/** @param {{ doc: string, name: string, body: string }} p */
export function spliceSection(p) {
  const begin = `<!-- generated:${p.name} -->`;
  const end = `<!-- /generated:${p.name} -->`;
  const i = p.doc.indexOf(begin);
  const j = p.doc.indexOf(end);
  const block = `${begin}\n${p.body}\n${end}`;
  if (i < 0 || j < i) return `${p.doc.trimEnd()}\n\n${block}\n`;
  return p.doc.slice(0, i) + block + p.doc.slice(j + end.length);
}
