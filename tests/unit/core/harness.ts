// Test harness for the sync core: two memory stores, a shared logical clock, a trash and a status
// that persists between runs — the same loop the background runs, minus Thunderbird and the network.
import {
  contentHash,
  DEFAULT_SAFETY,
  emptyStatus,
  MemoryStore,
  MemoryTrash,
  synchronize,
  type Confirmations,
  type ConflictRule,
  type Merger,
  type MemoryStoreOptions,
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

export interface World {
  local: MemoryStore;
  remote: MemoryStore;
  trash: MemoryTrash;
  status: SyncStatus;
  profile: SyncSettings;
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
} = {}): World {
  let tick = 0;
  const clock = () => ++tick;
  const w: World = {
    local: new MemoryStore({ prefix: "L", clock, ...params.local }),
    remote: new MemoryStore({ prefix: "/cal/", clock, ...params.remote }),
    trash: new MemoryTrash(),
    status: emptyStatus(),
    profile: settings(params),
    sync: (p = {}) =>
      synchronize({
        local: w.local,
        remote: w.remote,
        status: w.status,
        profile: w.profile,
        trash: w.trash,
        merger: lineMerger,
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
