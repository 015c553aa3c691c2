// VdirStore: core's Store over a folder with one .ics / .vcf file per item — vdirsyncer's
// "filesystem" layout (id = file name, name = UID when it is made of safe characters). Node only.
// version = inode + mtime (ns) + size, so an edit in place, a replace by rename and a same-size
// rewrite are all seen; files are only read when their version is not in the cache. Writes are
// atomic (temp + rename / link) and check the expected version first (core's PreconditionFailed).
// With `deferSync` the fsync of written files is batched: flush() makes every file written since
// the last flush durable (one sync of the file system, or one fsync per file, + one of the folder); the caller flushes
// before it records those writes anywhere durable (the CLI: before each status save).
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, type BigIntStats } from "node:fs";
import { join } from "node:path";
import { PreconditionFailed, type ItemState, type Store, type StoredItem, type WriteResult } from "../core";
import { itemStateOf, pickFactsWith, resourceName, type InspectItem, type ItemFacts, type TimeWindow } from "../dav/item-facts";
import { createFileExclusive, DeferredSync, replaceFile, type WrittenFile } from "./atomic-file";

/** Deferred writes whose fsync may be in flight at once (each holds a descriptor); beyond it a write waits. */
const MAX_PENDING_FILES = 256;

const versionOfStat = (st: BigIntStats): string => `${st.ino}-${st.mtimeNs}-${st.size}`;

export const VDIR_CACHE_SCHEMA_VERSION = 1;

export interface CachedFile extends ItemFacts {
  version: string;
}

export interface VdirCache {
  schemaVersion: number;
  items: Record<string, CachedFile>;
}

export interface VdirStoreParams {
  dir: string;
  /** ".ics" or ".vcf". */
  ext: string;
  inspect: InspectItem;
  /** What exportCache() returned last time; anything else starts empty (files are read once). */
  cache?: unknown;
  window?: TimeWindow | undefined;
  readOnly?: boolean;
  /** Batch the fsync of written files: they are durable only after flush() (see above). */
  deferSync?: boolean;
}

export class VdirStore implements Store {
  readonly readOnly: boolean;
  private readonly p: VdirStoreParams;
  private items: Record<string, CachedFile>;
  private readonly deferred: DeferredSync | undefined;
  /** Grows whenever the cache changes (a caller persists only when it moved). */
  revision = 0;
  /** The last file written, as written: the executor reads a write back at once (its base). */
  private lastWritten: { name: string; version: string; content: string } | undefined;

  constructor(params: VdirStoreParams) {
    this.p = params;
    this.readOnly = params.readOnly ?? false;
    this.items = importVdirCache(params.cache);
    mkdirSync(params.dir, { recursive: true });
    this.deferred = params.deferSync ? new DeferredSync(params.dir) : undefined;
  }

  /** Makes every write since the last flush durable (a no-op without deferSync). */
  async flush(): Promise<void> {
    await this.deferred?.flush();
  }

  /** A snapshot to persist (JSON-safe). Shallow: cached records are replaced on change, never edited. */
  exportCache(): VdirCache {
    return { schemaVersion: VDIR_CACHE_SCHEMA_VERSION, items: { ...this.items } };
  }

  /** Item files: our extension, no dot files (temp files, the trash and the status live there). */
  fileNames(): string[] {
    return readdirSync(this.p.dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith(".") && e.name.endsWith(this.p.ext))
      .map((e) => e.name);
  }

  async list(): Promise<ItemState[]> {
    const names = this.fileNames();
    const seen: Record<string, CachedFile> = {};
    const out: ItemState[] = [];
    for (const name of names) {
      const version = this.versionOf(name);
      if (version === undefined) continue; // deleted between readdir and stat
      const facts = this.factsFor({ name, version });
      if (!facts) continue;
      seen[name] = pickFactsWith(facts, { version });
      out.push(itemStateOf({ id: name, version, facts, window: this.p.window }));
    }
    if (Object.keys(this.items).length !== out.length) this.revision += 1; // files gone since the cache
    this.items = seen;
    return out;
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
    const last = this.lastWritten;
    // The file this store has just written (the executor reads each write back): its version and
    // content are the write's own, without a stat. Should another app have changed it since, its
    // version differs from the one the status records, and the next run sees that change.
    if (last && last.name === params.id) {
      this.lastWritten = undefined;
      const facts = this.factsFor({ name: params.id, version: last.version, content: last.content });
      if (facts) return { state: itemStateOf({ id: params.id, version: last.version, facts, window: this.p.window }), content: last.content };
    }
    const version = this.versionOf(params.id);
    if (version === undefined) return undefined;
    const content = this.read(params.id);
    if (content === undefined) return undefined;
    const facts = this.factsFor({ name: params.id, version, content });
    if (!facts) return undefined;
    return { state: itemStateOf({ id: params.id, version, facts, window: this.p.window }), content };
  }

  async create(params: { uid: string; content: string }): Promise<WriteResult> {
    const name = resourceName({ uid: params.uid }) + this.p.ext;
    const path = join(this.p.dir, name);
    const durable = this.deferred === undefined;
    let res = createFileExclusive({ path, text: params.content, durable });
    // An empty file under the name holds no item: what a power loss leaves of a file written but not
    // yet flushed (its status was never saved). Replacing it is how that run's create completes.
    if (res === false && this.sizeOf(name) === 0n) res = replaceFile({ path, text: params.content, durable }) ?? true;
    if (res === false) throw new PreconditionFailed({ reason: "exists", id: name });
    const result = this.written({ name, content: params.content, file: res === true ? undefined : res });
    await this.bound();
    return result;
  }

  async update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    this.expect({ id: params.id, version: params.version });
    const file = replaceFile({ path: join(this.p.dir, params.id), text: params.content, durable: this.deferred === undefined });
    const result = this.written({ name: params.id, content: params.content, file });
    await this.bound();
    return result;
  }

  async delete(params: { id: string; version: string }): Promise<void> {
    this.expect({ id: params.id, version: params.version });
    try {
      unlinkSync(join(this.p.dir, params.id));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    delete this.items[params.id];
    if (this.lastWritten?.name === params.id) this.lastWritten = undefined;
    this.revision += 1;
  }

  // ---- internals ----

  versionOf(name: string): string | undefined {
    try {
      return versionOfStat(statSync(join(this.p.dir, name), { bigint: true }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  private sizeOf(name: string): bigint | undefined {
    try {
      return statSync(join(this.p.dir, name), { bigint: true }).size;
    } catch {
      return undefined;
    }
  }

  private read(name: string): string | undefined {
    try {
      // A UTF-8 byte-order mark (Windows editors add one) is encoding, not content; servers such as
      // Radicale refuse an item that starts with it (tests/fixtures/bad-input/ics-bom-lf-only.ics).
      return readFileSync(join(this.p.dir, name), "utf8").replace(/^\uFEFF/, "");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  /** Facts of a file at this version: from the cache, else by reading it (content when already read). */
  private factsFor(params: { name: string; version: string; content?: string }): ItemFacts | undefined {
    const cached = this.items[params.name];
    if (cached && cached.version === params.version) return cached;
    const content = params.content ?? this.read(params.name);
    if (content === undefined) return undefined;
    const facts = this.p.inspect({ text: content });
    this.items[params.name] = pickFactsWith(facts, { version: params.version });
    this.revision += 1;
    return facts;
  }

  private expect(params: { id: string; version: string }): void {
    const current = this.versionOf(params.id);
    if (current === undefined) throw new PreconditionFailed({ reason: "gone", id: params.id });
    if (current !== params.version) throw new PreconditionFailed({ reason: "changed", id: params.id });
  }

  /** Keeps the open descriptors of deferred writes bounded. */
  private async bound(): Promise<void> {
    if (this.deferred && this.deferred.pending >= MAX_PENDING_FILES) await this.deferred.settle();
  }

  /** `file`: a deferred write (its stat is the new version; its fd waits for flush). */
  private written(params: { name: string; content: string; file?: WrittenFile | undefined }): WriteResult {
    const { name, file } = params;
    let version: string | undefined;
    if (file && this.deferred) {
      version = versionOfStat(file.stat);
      this.deferred.add(file.fd, join(this.p.dir, name));
    } else version = this.versionOf(name);
    if (version === undefined) throw new Error(`${name} vanished right after it was written`);
    this.items[name] = pickFactsWith(this.p.inspect({ text: params.content }), { version });
    this.revision += 1;
    // As read() would return it (a leading byte-order mark is not content).
    this.lastWritten = { name, version, content: params.content.replace(/^\uFEFF/, "") };
    return { id: name, version };
  }
}

export function importVdirCache(data: unknown): Record<string, CachedFile> {
  if (!data || typeof data !== "object") return {};
  const c = data as Partial<VdirCache>;
  if (c.schemaVersion !== VDIR_CACHE_SCHEMA_VERSION || !c.items || typeof c.items !== "object") return {};
  const out: Record<string, CachedFile> = {};
  for (const [name, item] of Object.entries(c.items)) {
    if (item && typeof item.version === "string" && typeof item.uid === "string" && typeof item.hash === "string") {
      out[name] = pickFactsWith(item, { version: item.version });
    }
  }
  return out;
}
