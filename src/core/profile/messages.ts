// Every _locales message key the profile model emits, as one union so a typo fails to compile and
// validation can switch over them exhaustively. The texts live in extension/_locales/{en,cs};
// tests/unit/core/profile/locales.test.ts checks that both files define every key listed here.

export const PROFILE_ISSUE_KEYS = [
  "profileErrorNotObject",
  "profileErrorInvalidValue",
  "profileErrorMissing",
  "profileErrorBoolean",
  "profileErrorId",
  "profileErrorName",
  "profileErrorKind",
  "profileErrorLocalKind",
  "profileErrorLocalId",
  "profileErrorLocalName",
  "profileErrorLocalColor",
  "profileErrorUrl",
  "profileErrorUrlPassword",
  "profileErrorUsername",
  "profileErrorCredentialRef",
  "profileErrorPreset",
  "profileErrorSyncMode",
  "profileErrorConflictRule",
  "profileErrorMaxDeletions",
  "profileErrorMaxDeletionPercent",
  "profileErrorTimeRangeKind",
  "profileErrorDaysPast",
  "profileErrorDaysFuture",
  "profileErrorIntervalKind",
  "profileErrorIntervalMinutes",
  "profileErrorDebounceSeconds",
  "profileErrorCategoryFilterKind",
  "profileErrorCategoryEmpty",
  "profileErrorCategoryChars",
  "profileErrorColorSync",
  "profileErrorReminders",
  "profileErrorDefaultZone",
  "profileErrorCustomPropertyLocal",
  "profileErrorCustomPropertyServer",
  "profileErrorTimeout",
  "profileErrorChunkingKind",
  "profileErrorChunkSize",
  "profileErrorTimeRangeContacts",
  "profileErrorColorContacts",
] as const;

export type ProfileIssueKey = (typeof PROFILE_ISSUE_KEYS)[number];

export const PROFILE_EXCHANGE_KEYS = [
  "profileDuplicate",
  "profileExportManagedSkipped",
  "profileImportNotJson",
  "profileImportLooksLikeCdsp",
  "profileImportNotOurFormat",
  "profileImportNewerVersion",
  "profileImportInvalid",
  "profileImportDuplicateId",
  "profileImportManagedLocked",
  "profileImportDuplicate",
  "cdspErrorEmpty",
  "cdspErrorEncoding",
  "cdspErrorMalformed",
  "cdspErrorNotProfiles",
  "cdspKindUnknown",
  "cdspNotApplicable",
  "cdspPasswordNotImported",
] as const;

export type ProfileExchangeKey = (typeof PROFILE_EXCHANGE_KEYS)[number];

/** A message for the UI: a _locales key and its $1, $2… substitutions. */
export interface Message<K extends string = ProfileExchangeKey> {
  messageKey: K;
  substitutions: string[];
}

export function isIssueKey(value: string): value is ProfileIssueKey {
  return (PROFILE_ISSUE_KEYS as readonly string[]).includes(value);
}
