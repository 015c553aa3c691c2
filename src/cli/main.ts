// `davsync` entry point as a function: main({ argv, env, stdout, stderr, fetch? }) → exit code, so
// tests run it in-process (with a counting fetch) and bin.ts runs it for real. Exit codes: 0 done,
// 1 failed (an English message, DavErrors in the add-on's words), 2 usage or "choose a collection",
// 3 deletions held back until --yes (the preview is printed). `davsync trash …` is trash-command.ts.
// A run that writes holds the folder's lock (run-lock.ts) from before it reads the status until it ends.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DEFAULT_RETRY, type DavContext, type FetchLike } from "../dav";
import { parseSyncArgs, UsageError } from "./args";
import type { InspectWorkerSource } from "./inspect-workers";
import { describeError } from "./messages";
import { describePreview, summaryText } from "./report";
import { describeCollections, resolveCollection } from "./resolve-collection";
import { acquireLock, LockBusy, lockPathFor, type RunLock } from "./run-lock";
import { runSync } from "./run-sync";
import { readStatusFile } from "./status-file";
import { parseTrashArgs } from "./trash-args";
import { runTrash } from "./trash-command";

export interface MainParams {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: FetchLike | undefined;
  signal?: AbortSignal | undefined;
  /** Called after each status save (tests stop a run after k chunks with it). */
  onStatusSaved?: ((count: number) => void) | undefined;
  /** Inspect workers (bin.ts: the bundle itself); in-process callers inspect on their thread. */
  inspectWorkers?: InspectWorkerSource | undefined;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, confirm: 3 } as const;

/** Takes the folder's lock, or says who holds it (undefined: exit 1). */
function lockFolder(p: MainParams, statusFile: string): RunLock | undefined {
  try {
    mkdirSync(dirname(statusFile), { recursive: true });
    return acquireLock({ statusFile, onNote: (line) => p.stderr(`davsync: ${line}`) });
  } catch (e) {
    p.stderr(`davsync: ${e instanceof LockBusy ? e.message : `cannot lock the folder (${lockPathFor(statusFile)}): ${describeError(e)}`}`);
    return undefined;
  }
}

async function trashMain(p: MainParams): Promise<number> {
  let options;
  try {
    options = parseTrashArgs({ argv: p.argv.slice(1), env: p.env });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    p.stderr(e.message);
    return EXIT.usage;
  }
  // Listing only reads; a restore writes into the folder or the collection like a sync does.
  const lock = options.action === "restore" ? lockFolder(p, options.statusFile) : undefined;
  if (options.action === "restore" && !lock) return EXIT.failed;
  try {
    return await runTrash(options, { stdout: p.stdout, stderr: p.stderr, fetch: p.fetch, signal: p.signal });
  } catch (e) {
    p.stderr(`davsync: ${describeError(e)}`);
    return EXIT.failed;
  } finally {
    lock?.release();
  }
}

export async function main(p: MainParams): Promise<number> {
  if (p.argv[0] === "trash") return trashMain(p);
  let options;
  try {
    options = parseSyncArgs({ argv: p.argv, env: p.env });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    p.stderr(e.message);
    return EXIT.usage;
  }
  const log = options.quiet ? () => {} : (line: string) => p.stderr(`davsync: ${line}`);
  const ctx: DavContext = {
    credentials: { username: options.username, password: options.password },
    // Wait out a short Retry-After, back off on resets; a longer wait stops the run and says when.
    retry: DEFAULT_RETRY,
    ...(p.fetch ? { fetch: p.fetch } : {}),
    ...(p.signal ? { signal: p.signal } : {}),
  };
  // A dry run writes nothing, so it may look while another run syncs.
  const lock = options.dryRun ? undefined : lockFolder(p, options.statusFile);
  if (!options.dryRun && !lock) return EXIT.failed;
  try {
    const saved = readStatusFile({ path: options.statusFile });
    const resolution = await resolveCollection({ ctx, url: options.url, remembered: saved });
    if (resolution.kind === "none") {
      p.stderr(`davsync: no calendar or address book found at ${options.url}`);
      return EXIT.failed;
    }
    if (resolution.kind === "choose") {
      p.stderr(
        `davsync: ${options.url} holds ${resolution.collections.length} collections; run again with --url set to one of them:\n` +
          describeCollections(resolution.collections),
      );
      return EXIT.usage;
    }
    if (saved && saved.collectionUrl !== resolution.url) {
      p.stderr(
        `davsync: the status file ${options.statusFile} belongs to ${saved.collectionUrl}, not ${resolution.url}; ` +
          "use another --dir or --status (one folder syncs with one collection)",
      );
      return EXIT.usage;
    }
    const result = await runSync({
      ctx,
      options,
      collectionUrl: resolution.url,
      capabilities: resolution.capabilities,
      saved,
      log,
      signal: p.signal,
      onStatusSaved: p.onStatusSaved,
      inspectWorkers: p.inspectWorkers,
    });
    p.stdout(summaryText({ plan: result.plan, report: result.report, unreadable: result.unreadable, trashed: result.trashed, dryRun: options.dryRun }));
    const held = result.plan.needsConfirmation;
    if (held && held.length > 0) {
      p.stdout(`${describePreview(held)}\nnothing else is pending; run again with --yes to delete them${options.dryRun ? "" : " (the rest of the sync is done)"}`);
      if (!options.dryRun) return EXIT.confirm;
    }
    if (result.report && result.report.outcome !== "completed") return EXIT.failed;
    return EXIT.ok;
  } catch (e) {
    p.stderr(`davsync: ${describeError(e)}`);
    return EXIT.failed;
  } finally {
    lock?.release();
  }
}
