// FolderTrash: core's Trash as a folder of files (Node only), by default <dir>/.davsync-trash/.
// Every item a sync deletes or overwrites, on either side, lands here as one file named
// <time>-<side>-<cause>-<uid><ext>; purge() removes entries older than the retention (30 days).
import { mkdirSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Trash, TrashEntry } from "../core";
import { resourceName } from "../dav/item-facts";
import { createFileExclusive } from "./atomic-file";

export const TRASH_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

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
