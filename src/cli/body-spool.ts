// Where a CLI run keeps the bodies it downloaded until the executor writes them: a spool file, not
// the heap. A first sync of 5 000 events otherwise held ~13 MB of item text (two-byte strings: any
// Czech summary makes one) from the download until the folder was written, most of the growth of the
// run's peak memory with the collection. Bodies are appended as UTF-8 in 256 KB writes and read back
// through a 256 KB window (the executor reads them about in download order, so one read serves many).
// The file is unlinked as soon as it is open (POSIX): nothing is left behind, even by a killed run.
// Where it cannot be opened or written, bodies stay in memory; a body lost to a failed write or read
// is reported absent, and DavStore downloads it again.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { BodyStore } from "../dav";
import { TEMP_PREFIX } from "../vdir";

const CHUNK = 256 * 1024;

interface Extent {
  offset: number;
  length: number;
}

export class BodySpool implements BodyStore {
  private fd: number | undefined;
  /** Bodies kept in memory: before the spool opens, or after it failed. */
  private readonly memory = new Map<string, string>();
  private readonly extents = new Map<string, Extent>();
  /** Appended bytes not yet written, and the file offset where they start. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private window: { offset: number; bytes: Buffer } | undefined;
  private failed = false;
  /** The spool's path while it could not be unlinked (Windows): removed on close. */
  private linger: string | undefined;

  constructor(private readonly params: { dir: string }) {}

  has(href: string): boolean {
    return this.extents.has(href) || this.memory.has(href);
  }

  get(href: string): string | undefined {
    const inMemory = this.memory.get(href);
    if (inMemory !== undefined) return inMemory;
    const at = this.extents.get(href);
    if (!at) return undefined;
    try {
      return this.read(at).toString("utf8");
    } catch {
      this.extents.delete(href);
      return undefined;
    }
  }

  set(href: string, text: string): void {
    this.delete(href);
    if (!this.open()) {
      this.memory.set(href, text);
      return;
    }
    const bytes = Buffer.from(text, "utf8");
    this.extents.set(href, { offset: this.written + this.pendingBytes, length: bytes.length });
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= CHUNK) this.flush();
  }

  delete(href: string): void {
    this.memory.delete(href);
    this.extents.delete(href); // its bytes stay in the file until close: a run's spool only grows
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.linger !== undefined) unlinkQuietly(this.linger);
    this.linger = undefined;
    this.failed = true; // later bodies (none are expected) stay in memory
    this.pending = [];
    this.window = undefined;
  }

  private open(): boolean {
    if (this.fd !== undefined) return true;
    if (this.failed) return false;
    const path = join(this.params.dir, `${TEMP_PREFIX}spool-${process.pid}-${randomBytes(4).toString("hex")}`);
    try {
      this.fd = openSync(path, "wx+", 0o600);
    } catch {
      this.failed = true;
      return false;
    }
    // Windows cannot unlink an open file: it stays until close (a dot file, which listings skip).
    if (!unlinkQuietly(path)) this.linger = path;
    return true;
  }

  private flush(): void {
    if (this.pendingBytes === 0 || this.fd === undefined) return;
    const bytes = Buffer.concat(this.pending, this.pendingBytes);
    const start = this.written;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, start + done);
      this.written = start + bytes.length;
    } catch {
      // Those bodies are lost to the spool (DavStore fetches them again); the rest stay in memory.
      for (const [href, at] of this.extents) if (at.offset >= start) this.extents.delete(href);
      this.close();
    }
  }

  private read(at: Extent): Buffer {
    if (at.offset >= this.written) this.flush();
    const w = this.window;
    if (w && at.offset >= w.offset && at.offset + at.length <= w.offset + w.bytes.length) {
      return w.bytes.subarray(at.offset - w.offset, at.offset - w.offset + at.length);
    }
    if (this.fd === undefined) throw new Error("the body spool is closed");
    const size = Math.max(at.length, Math.min(CHUNK, this.written - at.offset));
    const bytes = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < at.length) {
      const n = readSync(this.fd, bytes, got, size - got, at.offset + got);
      if (n === 0) break;
      got += n;
    }
    if (got < at.length) throw new Error("the body spool ended early");
    this.window = { offset: at.offset, bytes: bytes.subarray(0, got) };
    return bytes.subarray(0, at.length);
  }
}

function unlinkQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
