// Test helpers for src/ical: fixtures by name, and text edits that keep an item's meaning
// (refolding, line ends, property order) or change one thing on purpose.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/ical/${name}`, import.meta.url)), "utf8");
}

/** Logical lines (folding undone), without empty ones. */
export function unfoldLines(text: string): string[] {
  return text.replace(/\r\n|\r/g, "\n").replace(/\n[ \t]/g, "").split("\n").filter((l) => l !== "");
}

/** Refolds every logical line after `width` characters (continuation lines start with a space). */
export function refold(params: { text: string; width: number; eol?: string }): string {
  const { width, eol = "\r\n" } = params;
  return (
    unfoldLines(params.text)
      .map((line) => {
        const chars = [...line];
        const parts: string[] = [];
        for (let i = 0; i < chars.length; i += width) parts.push(chars.slice(i, i + width).join(""));
        return parts.join(`${eol} `);
      })
      .join(eol) + eol
  );
}

/** Replaces the first logical line starting with `prefix` by `line` (or removes it when null). */
export function replaceLine(params: { text: string; prefix: string; line: string | null }): string {
  const lines = unfoldLines(params.text);
  const i = lines.findIndex((l) => l.startsWith(params.prefix));
  if (i < 0) throw new Error(`no line starting with ${params.prefix}`);
  if (params.line === null) lines.splice(i, 1);
  else lines[i] = params.line;
  return lines.join("\r\n") + "\r\n";
}

/** Inserts `line` after the first logical line starting with `prefix`. */
export function insertAfter(params: { text: string; prefix: string; line: string }): string {
  const lines = unfoldLines(params.text);
  const i = lines.findIndex((l) => l.startsWith(params.prefix));
  if (i < 0) throw new Error(`no line starting with ${params.prefix}`);
  lines.splice(i + 1, 0, params.line);
  return lines.join("\r\n") + "\r\n";
}

/** Reverses the property order inside every component (BEGIN/END lines stay where they are). */
export function reverseProperties(text: string): string {
  const out: string[] = [];
  let run: string[] = [];
  for (const line of unfoldLines(text)) {
    if (/^(BEGIN|END):/i.test(line)) {
      out.push(...run.reverse(), line);
      run = [];
    } else run.push(line);
  }
  return [...out, ...run.reverse()].join("\r\n") + "\r\n";
}
