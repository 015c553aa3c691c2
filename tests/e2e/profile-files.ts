// Reads a Thunderbird profile from the outside, after Thunderbird has quit: sqlite files through
// the sqlite3 CLI and prefs.js. These are the independent checks of what the add-on wrote —
// they do not go through Thunderbird's APIs, so a bug there cannot hide itself.
import { execFile } from "node:child_process";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Quotes a value as an SQL string literal (the CLI has no bound parameters). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Runs one query and returns its rows as objects. */
export async function querySqlite<Row = Record<string, unknown>>(dbFile: string, sql: string): Promise<Row[]> {
  try {
    const { stdout } = await run("sqlite3", ["-json", dbFile, sql], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim() ? (JSON.parse(stdout) as Row[]) : [];
  } catch (error) {
    throw new Error(`sqlite3 ${dbFile} failed for: ${sql}\n${(error as Error).message}`);
  }
}

/** Parses prefs.js (or user.js) into a map; Thunderbird writes one user_pref(...) per line. */
export function readPrefs(profileDir: string, file = "prefs.js"): Map<string, string | number | boolean> {
  const prefs = new Map<string, string | number | boolean>();
  const text = readFileSync(join(profileDir, file), "utf8");
  for (const match of text.matchAll(/^user_pref\("((?:[^"\\]|\\.)*)",\s*(.*)\);$/gm)) {
    const [, name = "", raw = ""] = match;
    // Pref values are JSON-compatible literals (strings with \" and \uXXXX escapes).
    prefs.set(JSON.parse(`"${name}"`) as string, JSON.parse(raw) as string | number | boolean);
  }
  return prefs;
}

/** Profile-relative paths of all files whose bytes contain `needle` (UTF-8). */
export function filesContaining(profileDir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, "utf8");
  const hits: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      // lstat: the profile's "lock" is a dangling symlink once Thunderbird has quit.
      const info = lstatSync(full);
      if (info.isDirectory()) walk(full);
      else if (info.isFile() && readFileSync(full).includes(bytes)) hits.push(relative(profileDir, full));
    }
  };
  walk(profileDir);
  return hits;
}
