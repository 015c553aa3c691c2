// One sync run over two Stores: list both sides, plan, execute. The background and the CLI call
// this; policy stays in the planner, I/O in the stores. When the plan holds deletions back for
// confirmation, everything else still runs and the preview comes back for the user to answer.
import type { SyncStatus } from "./vocabulary";
import type { SyncSettings } from "./sync-settings";
import type { Confirmations, Plan } from "./plan-types";
import type { BaseStore, Merger, Patcher, Store, Trash } from "./store";
import { plan as makePlan } from "./planner";
import { execute, type RunReport } from "./executor";

export interface SyncParams {
  local: Store;
  remote: Store;
  status: SyncStatus;
  profile: SyncSettings;
  saveStatus: (status: SyncStatus) => Promise<void> | void;
  trash: Trash;
  merger?: Merger | undefined;
  /** Updates become patches of the other side's object (see ExecuteParams.patcher). */
  patcher?: Patcher | undefined;
  /** Per-pair bases; the caller persists them in saveStatus with the status. */
  bases?: BaseStore | undefined;
  confirmations?: Confirmations | undefined;
  chunkSize?: number | undefined;
  serverConcurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
  /** Plan only (the dry run): nothing is written, status is not saved. */
  dryRun?: boolean | undefined;
}

export async function synchronize(params: SyncParams): Promise<{ plan: Plan; report?: RunReport }> {
  const { local, remote, status, profile, confirmations } = params;
  const [localItems, remoteItems] = await Promise.all([local.list(), remote.list()]);
  const plan = makePlan({
    status,
    local: { items: localItems, readOnly: local.readOnly },
    remote: { items: remoteItems, readOnly: remote.readOnly },
    profile,
    confirmations,
  });
  if (params.dryRun) return { plan };
  const report = await execute({
    actions: plan.actions,
    status,
    local,
    remote,
    profile,
    saveStatus: params.saveStatus,
    trash: params.trash,
    merger: params.merger,
    patcher: params.patcher,
    bases: params.bases,
    chunkSize: params.chunkSize,
    serverConcurrency: params.serverConcurrency,
    signal: params.signal,
    onProgress: params.onProgress,
  });
  return { plan, report };
}
