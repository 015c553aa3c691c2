// Command line of `davsync`: parses argv into SyncOptions or throws UsageError (exit 2) saying what
// is wrong. `sync` only (`trash` is trash-args.ts); the password comes from an environment variable so it never shows
// in `ps` or shell history.
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { DEFAULT_SAFETY, type ConflictRule, type SyncMode } from "../core";
import type { CategoryFilter, MappingSettings, Reminders } from "../core/profile/schema";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface SyncOptions {
  url: string;
  username: string;
  password: string;
  dir: string;
  statusFile: string;
  mode: SyncMode;
  conflict: ConflictRule;
  dryRun: boolean;
  yes: boolean;
  timeRange: { daysPast: number; daysFuture: number } | undefined;
  chunkSize: number;
  maxDeletions: number;
  maxDeletionPercent: number;
  quiet: boolean;
  /** The profile's mapping options (src/ical/mapping): category filter, reminders, privacy flags. Absent = none. */
  mapping?: CliMapping | undefined;
}

/** The mapping options the CLI offers; the add-on's profile has the same fields (MappingProfile). */
export interface CliMapping {
  categoryFilter: CategoryFilter;
  mapping: Pick<MappingSettings, "reminders" | "privacy" | "customProperties">;
}

/** No mapping: every item as it is, both ways. */
export const NO_MAPPING: CliMapping = {
  categoryFilter: { kind: "off" },
  mapping: { reminders: "all", privacy: { privateToConfidential: false, confidentialToPrivate: false, publicToPrivate: false, publicToNoClass: false }, customProperties: [] },
};

const REMINDER_VALUES: readonly Reminders[] = ["all", "upcoming", "none"];
const PRIVACY_FLAGS = ["privateToConfidential", "confidentialToPrivate", "publicToPrivate", "publicToNoClass"] as const;

const MODES: readonly SyncMode[] = [
  "two-way",
  "local-to-remote-replicate",
  "remote-to-local-replicate",
  "local-to-remote-merge",
  "remote-to-local-merge",
];
const RULES: readonly ConflictRule[] = ["automatic", "local-wins", "remote-wins", "field-merge"];

export const USAGE = `usage: davsync sync --url URL --user NAME --password-env VAR --dir FOLDER [options]
       davsync trash list | restore …   (davsync trash --help)

Syncs one CalDAV calendar / CardDAV address book with a folder of .ics / .vcf files.
  --url URL              the collection (or a server / principal URL: its collections are listed)
  --user NAME            user name
  --password-env VAR     name of the environment variable holding the password
  --dir FOLDER           the local folder (created if missing); "local" is this folder
  --mode MODE            ${MODES.join(" | ")} (default two-way)
  --conflict RULE        ${RULES.join(" | ")} (default automatic)
  --time-range P:F       only items from P days past to F days future (default: everything)
  --dry-run              show what would happen; write nothing
  --yes                  confirm deletions the safety check holds back (exit 3 lists them)
  --status FILE          status file (default FOLDER/.davsync-status.json)
  --chunk-size N         items per step; status is saved after each (default 100)
  --max-deletions N      ask before deleting more than max(N, P %) items (default ${DEFAULT_SAFETY.maxDeletions})
  --max-deletion-percent P   (default ${DEFAULT_SAFETY.maxDeletionPercent})
  --quiet                no progress lines
  --category NAME        only items with this category; the folder's items get it, the server's do not
  --category-invert      every item except those with --category
  --category-uncategorized   items without any category belong too
  --category-sticky      an item once synced stays synced when its category is removed
  --reminders WHICH      all | upcoming | none: which server VALARMs the folder gets (default all);
                         the server keeps its own either way
  --privacy FLAGS        CLASS mapping, comma-separated: ${PRIVACY_FLAGS.join(", ")}
Removed and overwritten items are kept in FOLDER/.davsync-trash/ for 30 days (davsync trash list / restore).
One run at a time per folder: a second one exits 1 naming the running one (lock FOLDER/.davsync-status.lock).
Memory: the first attempt is limited to DAVSYNC_HEAP_MB (default 1024; 0 = no limit); a run that needs more runs again without it.
Exit: 0 done, 1 failed, 2 usage or several collections to choose from, 3 deletions need --yes.`;

function intOption(params: { value: string | undefined; name: string; fallback: number; min: number }): number {
  if (params.value === undefined) return params.fallback;
  const n = Number(params.value);
  if (!Number.isInteger(n) || n < params.min) throw new UsageError(`--${params.name} must be an integer ≥ ${params.min}, got "${params.value}"`);
  return n;
}

function oneOf<T extends string>(params: { value: string | undefined; name: string; allowed: readonly T[]; fallback: T }): T {
  if (params.value === undefined) return params.fallback;
  const found = params.allowed.find((a) => a === params.value);
  if (!found) throw new UsageError(`--${params.name} must be one of ${params.allowed.join(", ")}; got "${params.value}"`);
  return found;
}

function parseTimeRange(value: string | undefined): SyncOptions["timeRange"] {
  if (value === undefined) return undefined;
  const m = /^(\d+):(\d+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--time-range must be PAST:FUTURE in days, e.g. 60:365; got "${value}"`);
  return { daysPast: Number(m[1]), daysFuture: Number(m[2]) };
}

export function parseSyncArgs(params: { argv: readonly string[]; env: Record<string, string | undefined> }): SyncOptions {
  const [command, ...rest] = params.argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") throw new UsageError(USAGE);
  if (command !== "sync") throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      options: {
        url: { type: "string" },
        user: { type: "string" },
        "password-env": { type: "string" },
        dir: { type: "string" },
        mode: { type: "string" },
        conflict: { type: "string" },
        "time-range": { type: "string" },
        "dry-run": { type: "boolean" },
        yes: { type: "boolean" },
        status: { type: "string" },
        "chunk-size": { type: "string" },
        "max-deletions": { type: "string" },
        "max-deletion-percent": { type: "string" },
        quiet: { type: "boolean" },
        category: { type: "string" },
        "category-invert": { type: "boolean" },
        "category-uncategorized": { type: "boolean" },
        "category-sticky": { type: "boolean" },
        reminders: { type: "string" },
        privacy: { type: "string" },
      },
    }));
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const required = (name: string): string => {
    const v = str(name);
    if (!v) throw new UsageError(`--${name} is required\n${USAGE}`);
    return v;
  };
  const url = required("url");
  const username = required("user");
  const dirArg = required("dir");
  const passwordEnv = required("password-env");
  const password = params.env[passwordEnv];
  if (password === undefined) throw new UsageError(`the environment variable ${passwordEnv} (from --password-env) is not set`);
  const dir = resolve(dirArg);
  return {
    url,
    username,
    password,
    dir,
    statusFile: resolve(str("status") ?? join(dir, ".davsync-status.json")),
    mode: oneOf({ value: str("mode"), name: "mode", allowed: MODES, fallback: "two-way" }),
    conflict: oneOf({ value: str("conflict"), name: "conflict", allowed: RULES, fallback: "automatic" }),
    dryRun: values["dry-run"] === true,
    yes: values["yes"] === true,
    timeRange: parseTimeRange(str("time-range")),
    chunkSize: intOption({ value: str("chunk-size"), name: "chunk-size", fallback: 100, min: 1 }),
    maxDeletions: intOption({ value: str("max-deletions"), name: "max-deletions", fallback: DEFAULT_SAFETY.maxDeletions, min: 0 }),
    maxDeletionPercent: intOption({
      value: str("max-deletion-percent"),
      name: "max-deletion-percent",
      fallback: DEFAULT_SAFETY.maxDeletionPercent,
      min: 0,
    }),
    quiet: values["quiet"] === true,
    mapping: parseMapping({ str, flag: (name) => values[name] === true }),
  };
}

function parseMapping(params: { str: (name: string) => string | undefined; flag: (name: string) => boolean }): CliMapping {
  const { str, flag } = params;
  const name = str("category");
  if (name !== undefined && (name.trim() === "" || /[,;]/.test(name))) throw new UsageError(`--category must be one category name without "," or ";"; got "${name}"`);
  for (const f of ["category-invert", "category-uncategorized", "category-sticky"]) {
    if (flag(f) && name === undefined) throw new UsageError(`--${f} needs --category`);
  }
  const categoryFilter: CategoryFilter =
    name === undefined
      ? { kind: "off" }
      : { kind: "category", name, invert: flag("category-invert"), includeUncategorized: flag("category-uncategorized"), sticky: flag("category-sticky") };
  const privacy = { privateToConfidential: false, confidentialToPrivate: false, publicToPrivate: false, publicToNoClass: false };
  for (const raw of (str("privacy") ?? "").split(",").map((f) => f.trim()).filter((f) => f !== "")) {
    const known = PRIVACY_FLAGS.find((f) => f === raw);
    if (!known) throw new UsageError(`--privacy takes ${PRIVACY_FLAGS.join(", ")}; got "${raw}"`);
    privacy[known] = true;
  }
  return {
    categoryFilter,
    mapping: { reminders: oneOf({ value: str("reminders"), name: "reminders", allowed: REMINDER_VALUES, fallback: "all" }), privacy, customProperties: [] },
  };
}
