// Atomic file writes for the vdir store, the trash and the CLI's status file (Node only). A reader
// sees the old file or the new one, never half of one: the content goes to a temp file in the same
// folder, then rename() replaces (or link() creates exclusively, failing if the name is taken).
// Durability: by default every write is fsync'ed before it is renamed into place. With `durable:
// false` the caller takes over: it gets the file's open descriptor back and must make it durable
// (DeferredSync: fsync of every file of a batch plus one fsync of the folder) before it records the
// write anywhere that survives a crash — the VdirStore does so before the CLI saves its status.
import { closeSync, fstatSync, fsync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync, type BigIntStats } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

/** Temp names start with a dot so listings (which skip dot files) never see them. */
export const TEMP_PREFIX = ".davsync-tmp-";

/** Unique per process without a random draw per file: pid, a per-process nonce and a counter. */
const NONCE = randomBytes(4).toString("hex");
let counter = 0;

/** The written temp file, still open, and what fstat says about it (link/rename keep the inode). */
export interface WrittenFile {
  fd: number;
  stat: BigIntStats;
}

function writeTemp(params: { path: string; text: string; durable: boolean }): { tmp: string; fd: number } {
  const tmp = join(dirname(params.path), `${TEMP_PREFIX}${process.pid}-${NONCE}-${(counter++).toString(36)}`);
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, params.text);
    // Without fsync a power loss after rename can leave an empty file under the final name.
    if (params.durable) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  return { tmp, fd };
}

/** Closes the temp file (durable writes), or hands it back open with its stat (deferred ones). */
function finish(params: { fd: number; durable: boolean }): WrittenFile | undefined {
  if (params.durable) {
    closeSync(params.fd);
    return undefined;
  }
  return { fd: params.fd, stat: fstatSync(params.fd, { bigint: true }) };
}

/**
 * Replaces `path` atomically (and durably) with the concatenation of `parts`, written one after the
 * other: a large file (the CLI's status) is never built as one string in memory.
 */
export function replaceFileParts(params: { path: string; parts: Iterable<string> }): void {
  const tmp = join(dirname(params.path), `${TEMP_PREFIX}${process.pid}-${NONCE}-${(counter++).toString(36)}`);
  const fd = openSync(tmp, "wx");
  try {
    let batch = "";
    for (const part of params.parts) {
      batch += part;
      if (batch.length >= 1 << 16) {
        writeSync(fd, batch);
        batch = "";
      }
    }
    if (batch) writeSync(fd, batch);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  try {
    renameSync(tmp, params.path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Replaces (or creates) `path` atomically. `durable: false` → the caller fsyncs the returned fd. */
export function replaceFile(params: { path: string; text: string; durable?: boolean }): WrittenFile | undefined {
  const durable = params.durable ?? true;
  const { tmp, fd } = writeTemp({ ...params, durable });
  try {
    renameSync(tmp, params.path);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  return finish({ fd, durable });
}

/**
 * Creates `path` atomically; false (and nothing written) when the name already exists.
 * Durable (default): true when written. `durable: false` → a WrittenFile the caller must fsync and close.
 */
export function createFileExclusive(params: { path: string; text: string; durable?: boolean }): WrittenFile | boolean {
  const durable = params.durable ?? true;
  const { tmp, fd } = writeTemp({ ...params, durable });
  let linked = false;
  try {
    linkSync(tmp, params.path);
    linked = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      closeSync(fd);
      throw e;
    }
  } finally {
    unlinkSync(tmp);
  }
  if (!linked) {
    closeSync(fd);
    return false;
  }
  return finish({ fd, durable }) ?? true;
}

const fsyncAsync = (fd: number) => new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

/**
 * Files written with `durable: false`, made durable in the background: add() starts the file's
 * fsync at once on libuv's thread pool (so it overlaps parsing and network, and the file system can
 * commit several as one group) and closes it after; flush() waits for all of them and fsyncs the
 * folder once, which makes the new names durable too. Until flush() resolves none may be relied on.
 */
export class DeferredSync {
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown;
  private dirty = false;

  constructor(private readonly dir: string) {}

  /** Files whose fsync has not finished yet (each holds an open descriptor). */
  get pending(): number {
    return this.inflight.size;
  }

  add(fd: number): void {
    this.dirty = true;
    const done: Promise<void> = fsyncAsync(fd)
      .catch((e: unknown) => {
        this.failure ??= e;
      })
      .finally(() => {
        closeSync(fd);
        this.inflight.delete(done);
      });
    this.inflight.add(done);
  }

  /** Waits for the fsyncs started so far (to bound the open descriptors). */
  async settle(): Promise<void> {
    await Promise.all([...this.inflight]);
  }

  async flush(): Promise<void> {
    await this.settle();
    if (this.failure !== undefined) {
      const e = this.failure;
      this.failure = undefined;
      throw e;
    }
    if (!this.dirty) return;
    this.dirty = false;
    syncFolder(this.dir);
  }
}

/** fsync of a folder: its entries (new and renamed names) survive a crash. A no-op where folders cannot be opened (Windows). */
export function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EPERM" && code !== "EISDIR" && code !== "EBADF") throw e;
  } finally {
    closeSync(fd);
  }
}
