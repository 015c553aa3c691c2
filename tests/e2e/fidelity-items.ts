// Corpus access and the text edits fidelity.e2e.test.ts makes: read every corpus file, set the
// title (SUMMARY of the master, FN of a vCard) the way a user's edit in Thunderbird would, and
// read DATE values of all-day items. Edits work on the lossless tree, so nothing else moves.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseComponents, type Comp } from "../../src/ical/content-line";
import { escapeText } from "../../src/ical/canonical";
import { serializeComponent } from "../../src/ical/serialize";
import { REPO_ROOT } from "./build-addon";

export const CORPUS = join(REPO_ROOT, "tests/fixtures/corpus");

export interface CorpusFile {
  /** "ics/google-meet-conference.ics" */
  file: string;
  text: string;
}

export function corpus(params: { format: "ics" | "vcf" }): CorpusFile[] {
  const dir = join(CORPUS, params.format);
  return readdirSync(dir)
    .filter((n) => n.endsWith(`.${params.format}`))
    .sort()
    .map((n) => ({ file: `${params.format}/${n}`, text: readFileSync(join(dir, n), "utf8") }));
}

function root(text: string): Comp {
  const [r] = parseComponents({ text });
  if (!r) throw new Error("no component");
  return r;
}

/** The master VEVENT/VTODO (no RECURRENCE-ID), or the first item component. */
function master(r: Comp): Comp {
  const items = r.comps.filter((c) => c.name === "VEVENT" || c.name === "VTODO");
  const found = items.find((c) => !c.props.some((p) => p.name === "RECURRENCE-ID")) ?? items[0];
  if (!found) throw new Error("no VEVENT or VTODO");
  return found;
}

/** Sets the title: SUMMARY of the master (added if missing), or FN of a vCard. */
export function withTitle(params: { text: string; title: string }): string {
  const r = root(params.text);
  const comp = r.name === "VCARD" ? r : master(r);
  const name = r.name === "VCARD" ? "FN" : "SUMMARY";
  const prop = comp.props.find((p) => p.name === name);
  if (prop) prop.value = escapeText(params.title);
  else comp.props.push({ group: undefined, name, params: [], value: escapeText(params.title), line: 0 });
  return serializeComponent({ comp: r });
}

/** DTSTART / DTEND / DUE of the master as written: value and whether it is a DATE. */
export function masterDates(params: { text: string }): Record<string, { value: string; isDate: boolean; tzid: string | undefined }> {
  const comp = master(root(params.text));
  const out: Record<string, { value: string; isDate: boolean; tzid: string | undefined }> = {};
  for (const name of ["DTSTART", "DTEND", "DUE"]) {
    const prop = comp.props.find((p) => p.name === name);
    if (!prop) continue;
    const value = prop.value.trim();
    out[name] = { value, isDate: /^\d{8}$/.test(value), tzid: prop.params.find((p) => p.name === "TZID")?.values[0] };
  }
  return out;
}

/** The date an all-day item ends on (exclusive): DTEND, or DTSTART + DURATION days, or +1 day. */
export function allDayEnd(params: { text: string }): string | undefined {
  const comp = master(root(params.text));
  const start = comp.props.find((p) => p.name === "DTSTART")?.value.trim();
  const end = comp.props.find((p) => p.name === "DTEND")?.value.trim();
  if (end) return end;
  if (!start || !/^\d{8}$/.test(start)) return undefined;
  const days = Number(/^P(\d+)D$/.exec(comp.props.find((p) => p.name === "DURATION")?.value.trim() ?? "")?.[1] ?? 1);
  const d = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(4, 6)) - 1, Number(start.slice(6)) + days));
  return d.toISOString().slice(0, 10).replaceAll("-", "");
}
