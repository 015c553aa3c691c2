// VdirStore: core's Store over a folder with one .ics / .vcf file per item — vdirsyncer's
// "filesystem" layout (id = file name, name = UID when it is made of safe characters). Node only.
// version = inode + mtime (ns) + size, so an edit in place, a replace by rename and a same-size
// rewrite are all seen; files are only read when their version is not in the cache. Writes are
// atomic (temp + rename / link) and check the expected version first (core's PreconditionFailed).
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { PreconditionFailed, type ItemState, type Store, type StoredItem, type WriteResult } from "../core";
import { itemStateOf, pickFacts, resourceName, type InspectItem, type ItemFacts, type TimeWindow } from "../dav/item-facts";
import { createFileExclusive, replaceFile } from "./atomic-file";

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
}

export class VdirStore implements Store {
  readonly readOnly: boolean;
  private readonly p: VdirStoreParams;
  private items: Record<string, CachedFile>;

  constructor(params: VdirStoreParams) {
    this.p = params;
    this.readOnly = params.readOnly ?? false;
    this.items = importVdirCache(params.cache);
    mkdirSync(params.dir, { recursive: true });
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
      seen[name] = { ...pickFacts(facts), version };
      out.push(itemStateOf({ id: name, version, facts, window: this.p.window }));
    }
    this.items = seen;
    return out;
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
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
    if (!createFileExclusive({ path: join(this.p.dir, name), text: params.content })) {
      throw new PreconditionFailed({ reason: "exists", id: name });
    }
    return this.written({ name, content: params.content });
  }

  async update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    this.expect({ id: params.id, version: params.version });
    replaceFile({ path: join(this.p.dir, params.id), text: params.content });
    return this.written({ name: params.id, content: params.content });
  }

  async delete(params: { id: string; version: string }): Promise<void> {
    this.expect({ id: params.id, version: params.version });
    try {
      unlinkSync(join(this.p.dir, params.id));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    delete this.items[params.id];
  }

  // ---- internals ----

  versionOf(name: string): string | undefined {
    try {
      const st = statSync(join(this.p.dir, name), { bigint: true });
      return `${st.ino}-${st.mtimeNs}-${st.size}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  private read(name: string): string | undefined {
    try {
      return readFileSync(join(this.p.dir, name), "utf8");
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
    this.items[params.name] = { ...pickFacts(facts), version: params.version };
    return facts;
  }

  private expect(params: { id: string; version: string }): void {
    const current = this.versionOf(params.id);
    if (current === undefined) throw new PreconditionFailed({ reason: "gone", id: params.id });
    if (current !== params.version) throw new PreconditionFailed({ reason: "changed", id: params.id });
  }

  private written(params: { name: string; content: string }): WriteResult {
    const version = this.versionOf(params.name);
    if (version === undefined) throw new Error(`${params.name} vanished right after it was written`);
    this.items[params.name] = { ...pickFacts(this.p.inspect({ text: params.content })), version };
    return { id: params.name, version };
  }
}

export function importVdirCache(data: unknown): Record<string, CachedFile> {
  if (!data || typeof data !== "object") return {};
  const c = data as Partial<VdirCache>;
  if (c.schemaVersion !== VDIR_CACHE_SCHEMA_VERSION || !c.items || typeof c.items !== "object") return {};
  const out: Record<string, CachedFile> = {};
  for (const [name, item] of Object.entries(c.items)) {
    if (item && typeof item.version === "string" && typeof item.uid === "string" && typeof item.hash === "string") {
      out[name] = { ...pickFacts(item), version: item.version };
    }
  }
  return out;
}
