// FolderTrash: core's Trash as a folder of files (Node only), by default <dir>/.davsync-trash/.
// Every item a sync deletes or overwrites, on either side, lands here as one file named
// <time>-<side>-<cause>-<uid><ext>; purge() removes entries older than the retention (30 days);
// entries() reads them back for `davsync trash list / restore` (uid and summary from the content:
// the file name holds a hashed uid when the uid has unsafe characters).
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Side, Trash, TrashEntry } from "../core";
import { resourceName } from "../dav/item-facts";
import { createFileExclusive } from "./atomic-file";

export const TRASH_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/** One file of the trash, as `davsync trash list` shows it. */
export interface FolderTrashEntry {
  /** The file name: what `davsync trash restore` takes. */
  name: string;
  path: string;
  /** When the sync put it there (ms since the epoch). */
  at: number;
  side: Side;
  cause: TrashEntry["cause"];
  uid: string;
  summary: string;
  content: string;
}

const NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-(local|remote)-(deleted|overwritten)-.+\.(ics|vcf)$/;

/** A property's first value, unfolded and unescaped enough to show (UID, SUMMARY, FN). */
function firstValue(text: string, names: readonly string[]): string {
  const unfolded = text.replace(/\r?\n[ \t]/g, "");
  for (const name of names) {
    const m = new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, "im").exec(unfolded);
    if (m?.[1] !== undefined) return m[1].replace(/\\([,;\\])/g, "$1").replace(/\\n/gi, " ").trim();
  }
  return "";
}

export interface FolderTrashParams {
  dir: string;
  /** ".ics" or ".vcf": trash files open in any calendar / address book app. */
  ext: string;
  now?: () => number;
}

export class FolderTrash implements Trash {
  private readonly p: FolderTrashParams;
  /** How many entries this run put into the trash. */
  count = 0;

  constructor(params: FolderTrashParams) {
    this.p = params;
  }

  async put(entry: TrashEntry): Promise<void> {
    mkdirSync(this.p.dir, { recursive: true });
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, "-");
    const base = `${stamp}-${entry.side}-${entry.cause}-${resourceName({ uid: entry.uid })}`;
    // Two entries for one uid in the same millisecond (a merge trashes both sides): number them.
    for (let n = 0; n < 1000; n++) {
      const name = `${base}${n === 0 ? "" : `-${n}`}${this.p.ext}`;
      if (createFileExclusive({ path: join(this.p.dir, name), text: entry.content })) {
        this.count += 1;
        return;
      }
    }
    throw new Error(`cannot name a trash entry for ${entry.uid} in ${this.p.dir}`);
  }

  /** Every entry, newest first; files that do not look like entries are left out. */
  entries(): FolderTrashEntry[] {
    let names: string[];
    try {
      names = readdirSync(this.p.dir);
    } catch {
      return []; // no trash yet
    }
    const out: FolderTrashEntry[] = [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (!m) continue;
      const path = join(this.p.dir, name);
      let content: string;
      try {
        content = readFileSync(path, "utf8");
      } catch {
        continue; // purged meanwhile
      }
      const at = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
      out.push({
        name,
        path,
        at,
        side: m[6] as Side,
        cause: m[7] as TrashEntry["cause"],
        uid: firstValue(content, ["UID"]),
        summary: firstValue(content, ["SUMMARY", "FN"]),
        content,
      });
    }
    return out.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
  }

  /** Deletes entries older than the retention; returns how many. */
  purge(params: { retentionDays?: number } = {}): number {
    const limit = this.now() - (params.retentionDays ?? TRASH_RETENTION_DAYS) * DAY_MS;
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(this.p.dir);
    } catch {
      return 0; // no trash yet
    }
    for (const name of names) {
      const path = join(this.p.dir, name);
      if (statSync(path).mtimeMs < limit) {
        unlinkSync(path);
        removed += 1;
      }
    }
    return removed;
  }

  private now(): number {
    return this.p.now?.() ?? Date.now();
  }
}
