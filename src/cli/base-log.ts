// The CLI's bases (core's BaseStore: each side's content at a pair's last sync) in an append-only
// log next to the status file, one JSON line per written pair, with an index (uid → offset, length)
// that the status file carries. The status stays small (a no-change run reads no item content) and
// a run reads only the bases of the pairs it touches, one positioned read each.
// Durability: flush() fsyncs the log before the caller writes a status naming the new offsets, so
// the status never points at bytes that could be lost. What a killed run appended after its last
// status is unreferenced tail, skipped by offset. Bases set in a run are written out in batches
// and dropped from memory (a first sync of N items never holds N bases). When dead records are
// more than half the log, the end of a run rewrites it into the next generation (compact()).
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readdirSync, readSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { MemoryBaseStore, type BaseStore, type PairBase, type Side } from "../core";

const SIDES: readonly Side[] = ["local", "remote"];
import { syncFolder } from "../vdir";

/** Bases held in memory before they are appended to the log (without fsync; flush() does that). */
const WRITE_BATCH = 256;
/** Compaction pays off above this much dead data, and once it is half the log. */
const COMPACT_MIN_DEAD = 1 << 20;

/** What the status file keeps: the log's file name (in the status file's folder) and the index. */
export interface BaseLogIndex {
  file: string;
  at: Record<string, [offset: number, length: number]>;
}

/** One line: uid, and per kept side [version, content] — or [version] when the content equals the remote's. */
interface Record_ {
  u: string;
  r?: [string, string];
  l?: [string, string] | [string];
}

function encode(uid: string, base: PairBase): string {
  const rec: Record_ = { u: uid };
  if (base.remote) rec.r = [base.remote.version, base.remote.content];
  // A first download writes the server's text into the folder: one copy serves both sides.
  if (base.local) rec.l = base.remote && base.remote.content === base.local.content ? [base.local.version] : [base.local.version, base.local.content];
  return `${JSON.stringify(rec)}\n`;
}

function decode(uid: string, text: string): PairBase | undefined {
  let rec: Record_;
  try {
    rec = JSON.parse(text) as Record_;
  } catch {
    return undefined; // torn or foreign bytes: no base, the pair is copied whole once
  }
  if (!rec || rec.u !== uid) return undefined;
  const out: PairBase = {};
  if (Array.isArray(rec.r) && typeof rec.r[0] === "string" && typeof rec.r[1] === "string") out.remote = { version: rec.r[0], content: rec.r[1] };
  if (Array.isArray(rec.l) && typeof rec.l[0] === "string") {
    const content = rec.l.length === 1 ? out.remote?.content : rec.l[1];
    if (typeof content === "string") out.local = { version: rec.l[0], content };
  }
  return out.local || out.remote ? out : undefined;
}

function importIndex(data: unknown): BaseLogIndex | undefined {
  const d = data as Partial<BaseLogIndex> | null | undefined;
  if (!d || typeof d !== "object" || typeof d.file !== "string" || !d.at || typeof d.at !== "object" || d.file.includes("/")) return undefined;
  const at: BaseLogIndex["at"] = {};
  for (const [uid, pos] of Object.entries(d.at)) {
    if (Array.isArray(pos) && Number.isInteger(pos[0]) && Number.isInteger(pos[1])) at[uid] = [pos[0], pos[1]];
  }
  return { file: d.file, at };
}

export interface BaseLogParams {
  /** The status file: the log lives next to it, named after it. */
  statusPath: string;
  /** What exportIndex() returned last time (from the status file); anything else starts empty. */
  index?: unknown;
  /** Bases of a status file written before the log (MemoryBaseStore.export()): moved into the log. */
  legacy?: unknown;
  sides?: readonly Side[];
  /** Read-only use (a dry run): nothing is written. */
  readOnly?: boolean;
}

export class BaseLog implements BaseStore {
  readonly sides: readonly Side[];
  /** Grows on every change (the caller saves only when something moved). */
  revision = 0;
  /** Bases came inline from an old status file: the next save moves them into the log. */
  readonly migrating: boolean = false;
  private readonly dir: string;
  private readonly stem: string;
  private readonly readOnly: boolean;
  private file: string;
  /** uid → where its record is (the last flushed ones and those appended since). */
  private at: Map<string, [number, number]>;
  /**
   * Set in this run and not yet appended, as the encoded line (undefined = deleted). Bytes, not the
   * texts: a batch's texts outlived the young generation's collections and were copied into the old
   * generation, most of a first sync's promoted garbage (12.7 of 58 MB sampled at 5 000 events).
   */
  private readonly pending = new Map<string, Buffer | undefined>();
  /** Read back in this run (a pair's base is read at most once from disk). */
  private readonly loaded = new Map<string, PairBase | undefined>();
  private fd: number | undefined;
  private size = 0;
  private unsynced = false;
  /** A previous generation to delete once a status naming the new one is written. */
  private retired: string | undefined;

  constructor(params: BaseLogParams) {
    this.sides = params.sides ?? SIDES;
    this.dir = dirname(params.statusPath);
    this.stem = basename(params.statusPath).replace(/\.json$/, "");
    this.readOnly = params.readOnly ?? false;
    const index = importIndex(params.index);
    this.file = index && existsSync(join(this.dir, index.file)) ? index.file : `${this.stem}.bases-1.jsonl`;
    this.at = new Map(index && index.file === this.file ? Object.entries(index.at) : []);
    if (params.legacy !== undefined) {
      const old = new MemoryBaseStore({ sides: this.sides, data: params.legacy });
      for (const uid of old.uids()) this.pending.set(uid, this.encoded(uid, old.get({ uid })));
      this.migrating = old.size > 0;
    }
  }

  get(params: { uid: string }): PairBase | undefined {
    const { uid } = params;
    if (this.pending.has(uid)) {
      const line = this.pending.get(uid);
      return line ? decode(uid, line.toString("utf8")) : undefined;
    }
    if (this.loaded.has(uid)) return this.loaded.get(uid);
    const pos = this.at.get(uid);
    const base = pos ? this.kept(decode(uid, this.readAt(pos))) : undefined;
    this.loaded.set(uid, base);
    return base;
  }

  set(params: { uid: string; base: PairBase }): void {
    this.pending.set(params.uid, this.encoded(params.uid, params.base));
    this.loaded.delete(params.uid);
    this.revision += 1;
    if (this.pending.size >= WRITE_BATCH && !this.readOnly) this.append();
  }

  delete(params: { uid: string }): void {
    if (!this.at.has(params.uid) && this.pending.get(params.uid) === undefined) return;
    this.pending.set(params.uid, undefined);
    this.loaded.delete(params.uid);
    this.revision += 1;
  }

  uids(): string[] {
    const out = new Set(this.at.keys());
    for (const [uid, base] of this.pending) {
      if (base) out.add(uid);
      else out.delete(uid);
    }
    return [...out];
  }

  /** Appends what is pending and fsyncs the log: after it, exportIndex() names only durable records. */
  async flush(): Promise<void> {
    if (this.readOnly) return;
    this.append();
    if (this.fd !== undefined && this.unsynced) {
      fsyncSync(this.fd);
      this.unsynced = false;
    }
  }

  /** For the status file. Call after flush(). */
  exportIndex(): BaseLogIndex {
    return { file: this.file, at: Object.fromEntries(this.at) };
  }

  /**
   * Rewrites the live records into the next generation when dead ones (replaced, deleted, a killed
   * run's tail) dominate. The new file is durable before this returns; the caller writes the status
   * naming it, then calls dropRetired() to delete the old one.
   */
  async compact(): Promise<void> {
    if (this.readOnly) return;
    await this.flush();
    let live = 0;
    for (const [, len] of this.at.values()) live += len;
    const total = this.fd !== undefined ? this.size : this.fileSize();
    if (total - live < COMPACT_MIN_DEAD || total - live < live) return;
    const gen = Number(/\.bases-(\d+)\.jsonl$/.exec(this.file)?.[1] ?? 1) + 1;
    const next = `${this.stem}.bases-${gen}.jsonl`;
    const fd = openSync(join(this.dir, next), "w");
    const at = new Map<string, [number, number]>();
    let offset = 0;
    try {
      for (const [uid, pos] of this.at) {
        const text = this.readAt(pos);
        writeSync(fd, text);
        at.set(uid, [offset, Buffer.byteLength(text)]);
        offset += Buffer.byteLength(text);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncFolder(this.dir);
    this.close();
    this.retired = this.file;
    this.file = next;
    this.at = at;
    this.size = offset;
    this.revision += 1;
  }

  /** Deletes the generation compact() replaced, and any other generation the status no longer names. */
  dropRetired(): void {
    if (this.readOnly) return;
    this.retired = undefined;
    const pattern = new RegExp(`^${this.stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.bases-\\d+\\.jsonl$`);
    for (const name of readdirSync(this.dir)) {
      if (pattern.test(name) && name !== this.file) unlinkSync(join(this.dir, name));
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  // ---- internals ----

  private encoded(uid: string, base: PairBase | undefined): Buffer | undefined {
    const kept = this.kept(base);
    return kept ? Buffer.from(encode(uid, kept), "utf8") : undefined;
  }

  private kept(base: PairBase | undefined): PairBase | undefined {
    if (!base) return undefined;
    const out: PairBase = {};
    for (const side of this.sides) {
      const b = base[side];
      if (b) out[side] = { version: b.version, content: b.content };
    }
    return out.local || out.remote ? out : undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      // Appends go after whatever is there (a killed run's unreferenced tail included).
      this.fd = openSync(join(this.dir, this.file), "a+");
      this.size = fstatSync(this.fd).size;
      if (this.size === 0) this.unsynced = true; // a new file: its name needs the fsync too
    }
    return this.fd;
  }

  private fileSize(): number {
    this.open();
    return this.size;
  }

  private readAt(pos: [number, number]): string {
    const fd = this.open();
    const buf = Buffer.alloc(pos[1]);
    const n = readSync(fd, buf, 0, pos[1], pos[0]);
    return buf.toString("utf8", 0, n);
  }

  /** Writes the pending records in one write; the index points at them from now on. */
  private append(): void {
    if (this.pending.size === 0) return;
    const fd = this.open();
    const wasEmpty = this.size === 0;
    const lines: Buffer[] = [];
    let offset = this.size;
    for (const [uid, line] of this.pending) {
      if (!line) {
        this.at.delete(uid);
        continue;
      }
      this.at.set(uid, [offset, line.length]);
      offset += line.length;
      lines.push(line);
    }
    this.pending.clear();
    if (lines.length > 0) {
      const bytes = Buffer.concat(lines);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      this.size = offset;
      this.unsynced = true;
    }
    if (wasEmpty && lines.length > 0) syncFolder(this.dir); // the new file's name must survive too
  }
}
