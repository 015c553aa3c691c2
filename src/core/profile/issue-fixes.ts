// For each kind of profile issue: where the fix applies, the substitutions its message needs and
// the suggested valid value. Contract: a returned `fix` written at `path` removes that issue (it
// may reveal issues below it, e.g. a restored "window" range whose days are then defaulted);
// `fix` is undefined only when the user must supply the value (an unusable server URL).
import { assertNever } from "../vocabulary";
import { DEFAULT_SYNC_SETTINGS } from "../sync-settings";
import { DEFAULT_PROFILE_CHUNK_SIZE, DEFAULT_INTERVAL_MINUTES, DEFAULT_LOCAL_COLOR } from "./defaults";
import { clampInt, LIMITS, MAX_TEXT, type IntRange } from "./limits";
import type { ProfileIssueKey } from "./messages";
import { getAt, isRecord, pathText, type PathKey } from "./paths";
import * as r from "./repairs";
import type { Profile } from "./schema";

export interface IssueContext {
  key: ProfileIssueKey;
  path: readonly PathKey[];
  /** The whole input being validated. */
  root: unknown;
  /** A valid-shaped default profile of the same kind, id and name (fix.ts / validate.ts). */
  defaults: Profile;
}

export interface IssueDetail {
  path: readonly PathKey[];
  substitutions: string[];
  fix?: unknown;
}

export function describeIssue(ctx: IssueContext): IssueDetail {
  const { key, path, root } = ctx;
  const value = getAt({ root, path });
  const here = (fix: unknown, substitutions: string[] = []): IssueDetail => ({ path, substitutions, fix });
  const range = (limits: IntRange): IssueDetail =>
    here(clampInt({ value, range: limits, fallback: Number(fallbackAt(ctx, path)) }), [String(limits.min), String(limits.max)]);
  switch (key) {
    case "profileErrorNotObject":
      return { path: [], substitutions: [], fix: ctx.defaults };
    case "profileErrorBoolean":
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return here(value.toLowerCase() === "true", [pathText(path)]);
      if (value === 0 || value === 1) return here(value === 1, [pathText(path)]);
      return here(fallbackAt(ctx, path) ?? false, [pathText(path)]);
    case "profileErrorInvalidValue":
    case "profileErrorMissing":
      if (inMappingList(path)) return withoutMapping(ctx);
      // A missing URL has no sensible default; the user must type one.
      if (pathText(path) === "server.url") return here(r.repairUrl({ value }), [pathText(path)]);
      return withDefault(ctx, [pathText(path)]);
    case "profileErrorId":
      return here(r.repairId({ value }) ?? ctx.defaults.id);
    case "profileErrorName":
      return here(r.cleanText({ value, max: MAX_TEXT.name }) || ctx.defaults.name);
    case "profileErrorKind":
      return here(ctx.defaults.kind);
    case "profileErrorLocalKind":
    case "profileErrorLocalId":
      // No folder chosen (or an unusable id): a new folder named like the profile is the safe choice.
      return { path: ["local"], substitutions: [], fix: { kind: "create", name: ctx.defaults.name, color: DEFAULT_LOCAL_COLOR } };
    case "profileErrorLocalName":
      return here(r.cleanText({ value, max: MAX_TEXT.name }) || ctx.defaults.name);
    case "profileErrorLocalColor":
      return here(r.repairColor({ value }) ?? DEFAULT_LOCAL_COLOR);
    case "profileErrorUrl":
      return here(r.repairUrl({ value }));
    case "profileErrorUrlPassword":
      return here(typeof value === "string" ? r.repairUrl({ value }) : undefined);
    case "profileErrorUsername":
      return here(r.cleanText({ value, max: MAX_TEXT.username }));
    case "profileErrorCredentialRef":
      return here(r.cleanText({ value, max: MAX_TEXT.credentialRef }));
    case "profileErrorPreset":
      return here(r.repairPreset({ value }));
    case "profileErrorSyncMode":
    case "profileErrorConflictRule":
    case "profileErrorColorSync":
    case "profileErrorReminders":
    case "profileErrorDefaultZone":
      return withDefault(ctx, []);
    case "profileErrorMaxDeletions":
      return range(LIMITS.maxDeletions);
    case "profileErrorMaxDeletionPercent":
      return range(LIMITS.maxDeletionPercent);
    case "profileErrorDaysPast":
      return range(LIMITS.daysPast);
    case "profileErrorDaysFuture":
      return range(LIMITS.daysFuture);
    case "profileErrorIntervalMinutes":
      return range(LIMITS.intervalMinutes);
    case "profileErrorDebounceSeconds":
      return range(LIMITS.debounceSeconds);
    case "profileErrorTimeout":
      return range(LIMITS.timeoutSeconds);
    case "profileErrorChunkSize":
      return range(LIMITS.chunkSize);
    case "profileErrorTimeRangeKind":
    case "profileErrorIntervalKind":
    case "profileErrorCategoryFilterKind":
    case "profileErrorChunkingKind":
      // The variant's tag is wrong: restore the whole default variant, not just the tag.
      return withDefault({ ...ctx, path: variantPath(path) }, []);
    case "profileErrorCategoryEmpty":
      return { path: ["categoryFilter"], substitutions: [], fix: { kind: "off" } };
    case "profileErrorCategoryChars": {
      const name = r.repairCategory({ value });
      return name === undefined ? { path: ["categoryFilter"], substitutions: [], fix: { kind: "off" } } : here(name);
    }
    case "profileErrorCustomPropertyLocal":
    case "profileErrorCustomPropertyServer": {
      const repaired = key === "profileErrorCustomPropertyLocal" ? r.repairLocalProperty({ value }) : r.repairServerProperty({ value });
      return repaired === undefined ? withoutMapping(ctx) : here(repaired);
    }
    case "profileErrorTimeRangeContacts":
      return here({ kind: "off" });
    case "profileErrorColorContacts":
      return here("off");
    default:
      return assertNever(key);
  }
}

/**
 * Fields of the variants the defaults do not take (a category filter, a time window for a
 * profile whose default is "off"…), so one broken field does not reset the whole variant.
 */
function variantFallbacks(defaults: Profile): Record<string, unknown> {
  const range = defaults.sync.timeRange.kind === "window" ? defaults.sync.timeRange : DEFAULT_SYNC_SETTINGS.timeRange;
  const window = range.kind === "window" ? range : { daysPast: 0, daysFuture: 0 };
  return {
    "local.name": defaults.name,
    "local.color": DEFAULT_LOCAL_COLOR,
    "sync.timeRange.daysPast": window.daysPast,
    "sync.timeRange.daysFuture": window.daysFuture,
    "schedule.interval.minutes": DEFAULT_INTERVAL_MINUTES,
    "categoryFilter.includeUncategorized": false,
    "categoryFilter.invert": false,
    "categoryFilter.sticky": false,
    "network.chunking.size": DEFAULT_PROFILE_CHUNK_SIZE,
  };
}

function fallbackAt(ctx: IssueContext, path: readonly PathKey[]): unknown {
  return getAt({ root: ctx.defaults, path }) ?? variantFallbacks(ctx.defaults)[pathText(path)];
}

/** The default at the path, or at the nearest parent that has one. */
function withDefault(ctx: IssueContext, substitutions: string[]): IssueDetail {
  for (let n = ctx.path.length; n >= 0; n--) {
    const path = ctx.path.slice(0, n);
    const fix = fallbackAt(ctx, path);
    if (fix !== undefined) return { path, substitutions, fix: structuredCopy(fix) };
  }
  return { path: [], substitutions, fix: ctx.defaults };
}

/** An issue reported on a variant's "kind" concerns the whole variant object. */
function variantPath(path: readonly PathKey[]): readonly PathKey[] {
  return path.at(-1) === "kind" ? path.slice(0, -1) : path;
}

const MAPPING_LIST: readonly PathKey[] = ["mapping", "customProperties"];

function inMappingList(path: readonly PathKey[]): boolean {
  return path.length > MAPPING_LIST.length && MAPPING_LIST.every((k, i) => path[i] === k);
}

/**
 * A custom property mapping with no usable name is dropped rather than invented. Every such
 * mapping goes at once, so a list of junk is cleared in one round, not one element per round.
 */
function withoutMapping(ctx: IssueContext): IssueDetail {
  const list = getAt({ root: ctx.root, path: MAPPING_LIST });
  const usable = (m: unknown): boolean =>
    isRecord(m) && r.repairLocalProperty({ value: m["local"] }) !== undefined && r.repairServerProperty({ value: m["server"] }) !== undefined;
  return { path: MAPPING_LIST, substitutions: [], fix: Array.isArray(list) ? list.filter(usable) : [] };
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
