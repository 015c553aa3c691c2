// Atomic file writes for the vdir store, the trash and the CLI's status file (Node only). A reader
// sees the old file or the new one, never half of one: the content goes to a temp file in the same
// folder, then rename() replaces (or link() creates exclusively, failing if the name is taken).
// Durability: by default every write is fsync'ed before it is renamed into place. With `durable:
// false` the caller takes over: it gets the file's open descriptor back and must make it durable
// (DeferredSync: one sync of the file system, or an fsync per file, then one of the folder) before it records the
// write anywhere that survives a crash — the VdirStore does so before the CLI saves its status.
import { closeSync, fstatSync, fsync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync, type BigIntStats } from "node:fs";
import { execFile } from "node:child_process";
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
 * Makes everything written to the file system holding `dir` durable in one call; resolves false when
 * that fails, and the caller fsyncs file by file instead.
 */
export type SyncFilesystem = (dir: string) => Promise<boolean>;

/** Linux's syncfs(2), through coreutils' `sync -f` (Node has no binding); undefined elsewhere. */
export const syncFilesystem: SyncFilesystem | undefined =
  process.platform === "linux" ? (dir) => new Promise((resolve) => execFile("sync", ["-f", dir], (error) => resolve(!error))) : undefined;

/** fsync of a written file by name (its descriptor is closed); a file gone since needs none. */
function syncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Files written with `durable: false`, made durable before anything names them; flush() waits for
 * that and fsyncs the folder once, which makes the new names durable too. Until flush() resolves
 * none may be relied on.
 * On Linux, files are closed at once and flush() syncs their file system in one call (syncFilesystem):
 * 5 000 fsyncs cost ~0.5 s more than one syncfs on this machine's ext4 (each forces a journal
 * commit), measured in a 5 000-event first sync. Elsewhere, or if that call fails, each file's
 * fsync starts at once on libuv's thread pool (overlapping parsing and network) and flush() waits.
 */
export class DeferredSync {
  private readonly inflight = new Set<Promise<void>>();
  /** Files closed since the last flush, awaiting the file system sync (by name). */
  private written: string[] = [];
  private failure: unknown;
  private dirty = false;
  private wholeFilesystem: SyncFilesystem | undefined;

  constructor(
    private readonly dir: string,
    options: { syncFilesystem?: SyncFilesystem | false } = {},
  ) {
    this.wholeFilesystem = options.syncFilesystem === false ? undefined : (options.syncFilesystem ?? syncFilesystem);
  }

  /** Files whose fsync has not finished yet (each holds an open descriptor). */
  get pending(): number {
    return this.inflight.size;
  }

  add(fd: number, path: string): void {
    this.dirty = true;
    if (this.wholeFilesystem) {
      closeSync(fd);
      this.written.push(path);
      return;
    }
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
    const closed = this.written;
    this.written = [];
    if (closed.length > 0 && this.wholeFilesystem && !(await this.wholeFilesystem(this.dir))) {
      // Not available after all: these one by one, and the next writes the usual way.
      this.wholeFilesystem = undefined;
      for (const path of closed) syncPath(path);
    }
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
