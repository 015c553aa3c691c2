// Test harness for the sync core: two memory stores, a shared logical clock, a trash and a status
// that persists between runs — the same loop the background runs, minus Thunderbird and the network.
import {
  contentHash,
  DEFAULT_SAFETY,
  emptyStatus,
  MemoryBaseStore,
  MemoryStore,
  MemoryTrash,
  synchronize,
  type Confirmations,
  type ConflictRule,
  type Merger,
  type MemoryStoreOptions,
  type Patcher,
  type SyncMode,
  type SyncSettings,
  type SyncStatus,
} from "../../../src/core/index";

export function settings(params: { mode?: SyncMode; conflict?: ConflictRule } = {}): SyncSettings {
  return {
    mode: params.mode ?? "two-way",
    conflict: params.conflict ?? "automatic",
    safety: DEFAULT_SAFETY,
    timeRange: { kind: "off" },
  };
}

/** Merges line-wise: the union of both versions' lines, sorted. Symmetric and idempotent. */
export const lineMerger: Merger = {
  async merge({ local, remote }) {
    const content = [...new Set([...local.split("\n"), ...remote.split("\n")])].sort().join("\n");
    return { content, hash: contentHash(content) };
  },
};

/** A line's field name: the text before its first ":" (the whole line without one). */
const fieldOf = (line: string): string => (line.includes(":") ? line.slice(0, line.indexOf(":")) : line);

function fields(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of text.split("\n")) map.set(fieldOf(line), [...(map.get(fieldOf(line)) ?? []), line]);
  return map;
}

/**
 * src/ical's patchItem in miniature, over "NAME:value" lines: the fields whose lines differ between
 * `before` and `after` replace the target's lines of that field (in place; new fields at the end),
 * every other target line stays. Returns the target itself when nothing changed.
 */
export function patchLines(params: { target: string; before: string; after: string }): string {
  const { target, before, after } = params;
  const b = fields(before);
  const a = fields(after);
  const changed = [...new Set([...b.keys(), ...a.keys()])].filter((k) => (b.get(k) ?? []).join("\n") !== (a.get(k) ?? []).join("\n"));
  if (changed.length === 0) return target;
  const out: string[] = [];
  const placed = new Set<string>();
  for (const line of target.split("\n")) {
    const key = fieldOf(line);
    if (!changed.includes(key)) out.push(line);
    else if (!placed.has(key)) {
      placed.add(key);
      out.push(...(a.get(key) ?? []));
    }
  }
  for (const key of changed) if (!placed.has(key)) out.push(...(a.get(key) ?? []));
  return out.join("\n");
}

export const linePatcher: Patcher = {
  patch(params) {
    const content = patchLines(params);
    return { content, hash: contentHash(content) };
  },
};

/**
 * A three-way field merge over "NAME:value" lines, built on the remote text: a field only local
 * changed since `base` takes local's lines, one both changed differently keeps remote's. Without a
 * base it is a union (remote's lines, plus fields only local has).
 */
export const fieldMerger: Merger = {
  async merge({ base, local, remote }) {
    const l = fields(local);
    const r = fields(remote);
    const b = base === undefined ? undefined : fields(base);
    const same = (x: string[] | undefined, y: string[] | undefined) => (x ?? []).join("\n") === (y ?? []).join("\n");
    let content = remote;
    for (const key of new Set([...l.keys(), ...(b?.keys() ?? [])])) {
      const localChanged = b ? !same(b.get(key), l.get(key)) : !r.has(key);
      const remoteChanged = b ? !same(b.get(key), r.get(key)) : false;
      if (!localChanged || remoteChanged) continue;
      content = patchLines({ target: content, before: (r.get(key) ?? []).join("\n"), after: (l.get(key) ?? []).join("\n") });
    }
    return { content, hash: contentHash(content) };
  },
};

/** What a Thunderbird-like local store keeps: no X- lines, and only the last of repeated COMMENTs. */
export function dropLikeThunderbird(content: string): string {
  const lines = content.split("\n").filter((line) => !line.startsWith("X-"));
  const lastComment = lines.filter((line) => line.startsWith("COMMENT:")).at(-1);
  return lines.filter((line) => !line.startsWith("COMMENT:") || line === lastComment).join("\n");
}

export interface World {
  local: MemoryStore;
  remote: MemoryStore;
  trash: MemoryTrash;
  status: SyncStatus;
  profile: SyncSettings;
  bases: MemoryBaseStore;
  sync(params?: {
    confirmations?: Confirmations;
    chunkSize?: number;
    signal?: AbortSignal;
    saveStatus?: (s: SyncStatus) => void;
  }): ReturnType<typeof synchronize>;
  /** Syncs, confirming any deletion preview the way a user clicking "yes" would. */
  syncConfirmed(): Promise<void>;
}

export function world(params: {
  mode?: SyncMode;
  conflict?: ConflictRule;
  local?: Partial<MemoryStoreOptions>;
  remote?: Partial<MemoryStoreOptions>;
  /** Updates as full copies (no patcher, no bases): the engine before bases. */
  copyWhole?: boolean;
  merger?: Merger;
} = {}): World {
  let tick = 0;
  const clock = () => ++tick;
  const w: World = {
    local: new MemoryStore({ prefix: "L", clock, ...params.local }),
    remote: new MemoryStore({ prefix: "/cal/", clock, ...params.remote }),
    trash: new MemoryTrash(),
    status: emptyStatus(),
    profile: settings(params),
    bases: new MemoryBaseStore(),
    sync: (p = {}) =>
      synchronize({
        local: w.local,
        remote: w.remote,
        status: w.status,
        profile: w.profile,
        trash: w.trash,
        merger: params.merger ?? lineMerger,
        ...(params.copyWhole ? {} : { patcher: linePatcher, bases: w.bases }),
        confirmations: p.confirmations,
        chunkSize: p.chunkSize,
        signal: p.signal,
        saveStatus: p.saveStatus ?? ((s) => void (w.status = s)),
      }),
    async syncConfirmed() {
      const { plan } = await w.sync();
      if (!plan.needsConfirmation) return;
      const deletions: Record<string, string[]> = {};
      for (const p of plan.needsConfirmation) deletions[p.side] = p.ids;
      await w.sync({ confirmations: { deletions } });
    },
  };
  return w;
}

/** Total writes the sync attempted on a store. */
export const writes = (s: MemoryStore): number => s.attempts.create + s.attempts.update + s.attempts.delete;
