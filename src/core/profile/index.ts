// The profile model's public surface: schema and types, defaults, validation and fixing,
// duplicate detection, our JSON export/import and the Outlook plug-in's .cdsp import. Pure.
export {
  ProfileSchema,
  PROFILE_KINDS,
  type CategoryFilter,
  type ColorSync,
  type CustomPropertyMapping,
  type LocalFolder,
  type MappingSettings,
  type NetworkSettings,
  type Profile,
  type ProfileKind,
  type Reminders,
  type Schedule,
  type ServerSettings,
} from "./schema";
export { LIMITS } from "./limits";
export {
  DEFAULT_PROFILE_CHUNK_SIZE,
  DEFAULT_DEBOUNCE_SECONDS,
  DEFAULT_INTERVAL_MINUTES,
  DEFAULT_LOCAL_COLOR,
  DEFAULT_TIMEOUT_SECONDS,
  easyProjectProfile,
  newProfile,
  type NewProfileParams,
} from "./defaults";
export { PROFILE_EXCHANGE_KEYS, PROFILE_ISSUE_KEYS, type Message, type ProfileExchangeKey, type ProfileIssueKey } from "./messages";
export { validateProfile, type ProfileIssue, type ValidateParams, type ValidationResult } from "./validate";
export { fixProfile, type FixResult, type ProfileChange } from "./fix";
export { collectionKey, findDuplicateProfiles, type DuplicateGroup } from "./duplicates";
export { EXPORT_FORMAT, EXPORT_VERSION, exportProfiles, type ExportEnvelope, type SkippedProfile } from "./export";
export { importProfiles, mergeProfiles, type ImportReport, type ImportResult, type RejectedProfile } from "./import";
export { importCdsp, type CdspEntry, type CdspResult } from "./cdsp-import";
export type { LocalFolderInfo } from "./cdsp-map";
