// Command line of `davsync trash list` and `davsync trash restore`: parses argv (after "trash") into
// TrashOptions or throws UsageError (exit 2). Listing needs only the folder; restoring to the server
// needs the sync options (--url, --user, --password-env), checked once an entry for the server is chosen.
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { UsageError } from "./args";

export const TRASH_USAGE = `usage: davsync trash list --dir FOLDER [--status FILE]
       davsync trash restore ENTRY... --dir FOLDER [--url URL --user NAME --password-env VAR] [--status FILE]

What syncs deleted or overwrote is kept in FOLDER/.davsync-trash/ for 30 days, one file per entry.
  list                   the entries, newest first: ENTRY (the file name), time, side, cause, UID, summary
  restore ENTRY...       writes each entry back to the side it was removed from, as a new item; when
                         that side already holds an item with its UID, says so and changes nothing.
                         ENTRY is a name from the list, or a UID (its newest entry). Entries from the
                         server need --url, --user and --password-env, as for sync; the next
                         \`davsync sync\` then carries the restored item to the other side.
  --dir FOLDER           the synced folder
  --status FILE          status file (default FOLDER/.davsync-status.json)
Exit: 0 done, 1 failed or an entry already exists, 2 usage or an unknown entry.`;

export interface TrashOptions {
  action: "list" | "restore";
  dir: string;
  statusFile: string;
  /** restore: entry names or UIDs as given. */
  entries: string[];
  /** Sync options, when given: needed for entries from the server. */
  server: { url: string; username: string; password: string } | undefined;
}

export function parseTrashArgs(params: { argv: readonly string[]; env: Record<string, string | undefined> }): TrashOptions {
  const [action, ...rest] = params.argv;
  if (action === undefined || action === "--help" || action === "-h" || action === "help") throw new UsageError(TRASH_USAGE);
  if (action !== "list" && action !== "restore") throw new UsageError(`unknown trash command "${action}"\n${TRASH_USAGE}`);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: {
        dir: { type: "string" },
        status: { type: "string" },
        url: { type: "string" },
        user: { type: "string" },
        "password-env": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n${TRASH_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values["help"] === true) throw new UsageError(TRASH_USAGE);
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const dirArg = str("dir");
  if (!dirArg) throw new UsageError(`--dir is required\n${TRASH_USAGE}`);
  if (action === "list" && positionals.length > 0) throw new UsageError(`trash list takes no entries; got "${positionals.join(" ")}"`);
  if (action === "restore" && positionals.length === 0) throw new UsageError(`name at least one entry to restore (see davsync trash list)\n${TRASH_USAGE}`);
  const dir = resolve(dirArg);
  const url = str("url");
  const user = str("user");
  const passwordEnv = str("password-env");
  let server: TrashOptions["server"];
  if (url !== undefined || user !== undefined || passwordEnv !== undefined) {
    if (!url || !user || !passwordEnv) throw new UsageError("--url, --user and --password-env go together");
    const password = params.env[passwordEnv];
    if (password === undefined) throw new UsageError(`the environment variable ${passwordEnv} (from --password-env) is not set`);
    server = { url, username: user, password };
  }
  return { action, dir, statusFile: resolve(str("status") ?? join(dir, ".davsync-status.json")), entries: positionals, server };
}
