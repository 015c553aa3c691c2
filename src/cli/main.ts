// `davsync` entry point as a function: main({ argv, env, stdout, stderr, fetch? }) → exit code, so
// tests run it in-process (with a counting fetch) and bin.ts runs it for real. Exit codes: 0 done,
// 1 failed (an English message, DavErrors in the add-on's words), 2 usage or "choose a collection",
// 3 deletions held back until --yes (the preview is printed).
import { DEFAULT_RETRY, type DavContext, type FetchLike } from "../dav";
import { parseSyncArgs, UsageError } from "./args";
import { describeError } from "./messages";
import { describePreview, summaryText } from "./report";
import { describeCollections, resolveCollection } from "./resolve-collection";
import { runSync } from "./run-sync";
import { readStatusFile } from "./status-file";

export interface MainParams {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: FetchLike | undefined;
  signal?: AbortSignal | undefined;
  /** Called after each status save (tests stop a run after k chunks with it). */
  onStatusSaved?: ((count: number) => void) | undefined;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, confirm: 3 } as const;

export async function main(p: MainParams): Promise<number> {
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
  }
}
