// Atomic file writes for the vdir store, the trash and the CLI's status file (Node only). A reader
// sees the old file or the new one, never half of one: the content goes to a temp file in the same
// folder, then rename() replaces (or link() creates exclusively, failing if the name is taken).
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

/** Temp names start with a dot so listings (which skip dot files) never see them. */
export const TEMP_PREFIX = ".davsync-tmp-";

function writeTemp(params: { path: string; text: string }): string {
  const tmp = join(dirname(params.path), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}`);
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, params.text);
    // Without fsync a power loss after rename can leave an empty file under the final name.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Replaces (or creates) `path` atomically. */
export function replaceFile(params: { path: string; text: string }): void {
  const tmp = writeTemp(params);
  try {
    renameSync(tmp, params.path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Creates `path` atomically; returns false (and writes nothing) when the name already exists. */
export function createFileExclusive(params: { path: string; text: string }): boolean {
  const tmp = writeTemp(params);
  try {
    linkSync(tmp, params.path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}
