// The sync core's public surface: the planner, its types, the executor, the Store contract and
// the memory store. Pure except for what goes through an injected Store, Trash, Merger, Patcher or BaseStore.
export type {
  ItemRef,
  ItemState,
  LocalStatus,
  RemoteStatus,
  Side,
  SideState,
  StatusEntry,
  SyncStatus,
} from "./vocabulary";
export { emptyStatus, migrateStatus, otherSide, STATUS_SCHEMA_VERSION } from "./vocabulary";
export type { ConflictRule, SafetySettings, SyncMode, SyncSettings, TimeRange } from "./sync-settings";
export { DEFAULT_SAFETY, DEFAULT_SYNC_SETTINGS } from "./sync-settings";
export type {
  Action,
  ActionKind,
  ConflictKind,
  ConflictRecord,
  Confirmations,
  DeletionPreview,
  DeletionReason,
  Plan,
  Problem,
  Why,
} from "./plan-types";
export { plan, planPair } from "./planner";
export { summarizePlan, type PlanSummary } from "./summary";
export type { BaseStore, CreateManyResult, Merger, PairBase, Patcher, PatchResult, SideBase, Store, StoredItem, Trash, TrashEntry, WriteResult } from "./store";
export { basesNeeded, BASES_SCHEMA_VERSION, MemoryBaseStore, type BasesExport } from "./bases";
export { isSideFailure, PreconditionFailed } from "./store";
export { execute, DEFAULT_CHUNK_SIZE, SERVER_WRITES_IN_FLIGHT, type ExecuteParams, type ReportEntry, type RunReport } from "./executor";
export { synchronize, type SyncParams } from "./sync";
export { MemoryStore, MemoryTrash, contentHash, type MemoryStoreOptions, type WriteOp } from "./memory-store";
export { categoryFilterResult, categoryKey, outOfScope, sameCategory, scopeFlag, scopeListing, ScopedStore, type CategoryFilterResult, type Scoped } from "./filters";
