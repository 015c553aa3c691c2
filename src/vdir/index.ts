// src/vdir — a local folder of .ics / .vcf files as a sync side (Node only): the vdir store, the
// folder trash and the atomic file writes they share with the CLI's status file.
export { VdirStore, importVdirCache, VDIR_CACHE_SCHEMA_VERSION, type VdirCache, type VdirStoreParams, type CachedFile } from "./vdir-store";
export { FolderTrash, TRASH_RETENTION_DAYS, type FolderTrashEntry, type FolderTrashParams } from "./folder-trash";
export { createFileExclusive, DeferredSync, replaceFile, replaceFileParts, syncFilesystem, syncFolder, TEMP_PREFIX, type SyncFilesystem, type WrittenFile } from "./atomic-file";
