// `davsync trash list` and `davsync trash restore`: the folder trash (src/vdir FolderTrash) read
// back, and an entry written back to the side it was removed from — as a new item through the same
// Store classes the sync uses (VdirStore: exclusive create; DavStore: PUT with If-None-Match: *).
// That side is listed first: when it already holds an item with the entry's UID nothing is written,
// so a restore never makes a duplicate. Entries stay in the trash (it purges itself after 30 days).
import { basename, join } from "node:path";
import { isSideFailure, PreconditionFailed, type Store } from "../core";
import { DavStore, type DavContext, DEFAULT_RETRY, type FetchLike } from "../dav";
import { FolderTrash, VdirStore, type FolderTrashEntry } from "../vdir";
import { createInspector } from "./inspect";
import { describeError } from "./messages";
import { describeCollections, resolveCollection } from "./resolve-collection";
import { forgetCollectionState, readStatusFile } from "./status-file";
import type { TrashOptions } from "./trash-args";

export interface TrashIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: FetchLike | undefined;
  signal?: AbortSignal | undefined;
}

export const TRASH_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const SIDE_WORD = { local: "folder", remote: "server" } as const;

function trashOf(dir: string): FolderTrash {
  return new FolderTrash({ dir: join(dir, ".davsync-trash"), ext: ".ics" });
}

const when = (at: number): string => (Number.isFinite(at) ? new Date(at).toISOString().replace("T", " ").slice(0, 19) : "?");

/** The entries as an aligned table, newest first. */
export function formatTrashList(entries: readonly FolderTrashEntry[]): string {
  const rows = [["ENTRY", "TIME (UTC)", "SIDE", "CAUSE", "UID", "SUMMARY"], ...entries.map((e) => [e.name, when(e.at), SIDE_WORD[e.side], e.cause, e.uid, e.summary])];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  ").trimEnd()).join("\n");
}

/** An argument as an entry: its file name, else a UID (its newest entry). */
export function pickEntry(params: { entries: readonly FolderTrashEntry[]; arg: string }): FolderTrashEntry | undefined {
  const name = basename(params.arg);
  return params.entries.find((e) => e.name === name) ?? params.entries.find((e) => e.uid === params.arg);
}

export async function runTrash(options: TrashOptions, io: TrashIo): Promise<number> {
  const trash = trashOf(options.dir);
  const entries = trash.entries();
  if (options.action === "list") {
    if (entries.length === 0) io.stdout(`the trash of ${options.dir} is empty`);
    else io.stdout(`${entries.length} ${entries.length === 1 ? "entry" : "entries"} in ${join(options.dir, ".davsync-trash")} (kept 30 days):\n${formatTrashList(entries)}`);
    return TRASH_EXIT.ok;
  }
  // Check every argument before writing anything.
  const chosen: FolderTrashEntry[] = [];
  for (const arg of options.entries) {
    const entry = pickEntry({ entries, arg });
    if (!entry) {
      io.stderr(`davsync: the trash of ${options.dir} has no entry named or with UID "${arg}"; see davsync trash list --dir ${options.dir}`);
      return TRASH_EXIT.usage;
    }
    if (!entry.uid) {
      io.stderr(`davsync: the trash entry ${entry.name} holds no UID; open it and copy it back by hand`);
      return TRASH_EXIT.failed;
    }
    if (entry.side === "remote" && !options.server) {
      io.stderr(`davsync: ${entry.name} was removed from the server; restoring it needs --url, --user and --password-env, as for sync`);
      return TRASH_EXIT.usage;
    }
    chosen.push(entry);
  }
  let failed = false;
  const stores: Partial<Record<"local" | "remote", Side>> = {};
  for (const entry of chosen) {
    try {
      const side = (stores[entry.side] ??= await openSide({ options, io, side: entry.side, ext: entry.name.endsWith(".vcf") ? ".vcf" : ".ics" }));
      if (!(await restoreOne({ entry, side, io }))) failed = true;
      else if (entry.side === "remote") forgetCollectionState({ path: options.statusFile });
    } catch (e) {
      if (e instanceof SideUnavailable) {
        io.stderr(`davsync: ${e.message}`);
        return e.code;
      }
      io.stderr(`davsync: ${entry.name}: not restored: ${describeError(e)}`);
      failed = true;
      if (isSideFailure(e)) break; // sign-in refused, offline: the other entries would fail the same way
    }
  }
  if (!failed && chosen.length > 0) io.stdout("run davsync sync to carry the restored items to the other side");
  return failed ? TRASH_EXIT.failed : TRASH_EXIT.ok;
}

/** A side opened for restores: its store and which UIDs it holds (uid → id). */
interface Side {
  store: Store;
  ids: Map<string, string>;
}

const sideOf = (store: Store, items: readonly { uid: string; id: string }[]): Side => ({ store, ids: new Map(items.map((i) => [i.uid, i.id])) });

class SideUnavailable extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

async function openSide(params: { options: TrashOptions; io: TrashIo; side: "local" | "remote"; ext: string }): Promise<Side> {
  const { options, io, side, ext } = params;
  const saved = readStatusFile({ path: options.statusFile });
  const inspect = createInspector({ withSpan: false });
  if (side === "local") {
    const store = new VdirStore({ dir: options.dir, ext, inspect, cache: saved?.localCache });
    return sideOf(store, await store.list());
  }
  const server = options.server!;
  const ctx: DavContext = {
    credentials: { username: server.username, password: server.password },
    retry: DEFAULT_RETRY,
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  };
  const resolution = await resolveCollection({ ctx, url: server.url, remembered: saved });
  if (resolution.kind === "none") throw new SideUnavailable(`no calendar or address book found at ${server.url}`, TRASH_EXIT.failed);
  if (resolution.kind === "choose") {
    throw new SideUnavailable(`${server.url} holds ${resolution.collections.length} collections; run again with --url set to one of them:\n${describeCollections(resolution.collections)}`, TRASH_EXIT.usage);
  }
  if (saved && saved.collectionUrl !== resolution.url) {
    throw new SideUnavailable(`the folder ${options.dir} syncs with ${saved.collectionUrl}, not ${resolution.url}; restore to the collection it came from`, TRASH_EXIT.usage);
  }
  const store = new DavStore({
    ctx,
    url: resolution.url,
    inspect,
    cache: saved?.collectionUrl === resolution.url ? saved.remoteCache : undefined,
    capabilities: resolution.capabilities,
  });
  const items = await store.list();
  if (store.readOnly) throw new SideUnavailable(`the collection ${resolution.url} is read-only; nothing restored`, TRASH_EXIT.failed);
  return sideOf(store, items);
}

/** True when restored; false (with the reason on stderr) when that side already holds the UID. */
async function restoreOne(params: { entry: FolderTrashEntry; side: Side; io: TrashIo }): Promise<boolean> {
  const { entry, side, io } = params;
  const where = SIDE_WORD[entry.side];
  const label = `${entry.uid}${entry.summary ? ` "${entry.summary}"` : ""}`;
  const existing = side.ids.get(entry.uid);
  const exists = (id: string) => {
    io.stderr(`davsync: ${entry.name}: the ${where} already holds ${entry.uid} (${id}); nothing restored`);
    return false;
  };
  if (existing !== undefined) return exists(existing);
  try {
    const res = await side.store.create({ uid: entry.uid, content: entry.content });
    side.ids.set(entry.uid, res.id);
    io.stdout(`restored ${label} to the ${where} as ${res.id}`);
    return true;
  } catch (e) {
    if (e instanceof PreconditionFailed && e.reason === "exists") return exists(e.id ?? "same name");
    throw e;
  }
}
