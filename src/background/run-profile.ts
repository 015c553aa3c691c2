// One sync run of one profile, told as a story (DAVx5 performSync): password from Thunderbird's
// password manager (or the mail account's, account-password.ts) → the server collection's capabilities → the local folder (created from the
// collection on the first run) → core's synchronize() over a DavStore and a Thunderbird store →
// status, caches and bases written beside the sync as chunks complete (paced by their cost, always at the end),
// trash before every destructive write → a LastResult. Updates are patches of
// the other side's object over the pair's bases (sync-state.ts says what is kept). Never throws:
// every failure becomes an error result. Callers serialize runs per profile (RunQueue).
import { basesNeeded, SERVER_WRITES_IN_FLIGHT, synchronize, type Confirmations, type Store, type Trash } from "../core";
import type { GeneralOptions } from "../core/general-options";
import type { Profile } from "../core/profile/schema";
import { DavStore, DEFAULT_RETRY, type DavContext } from "../dav";
import { contactPhotoForm } from "../dav/fetch-photo";
import { createFieldMerger, createHtmlSanitizer, htmlToText, type HtmlWindow, type ItemMapping } from "../ical";
import { AddressBookStore, type ContactsApi } from "../thunderbird/address-book-store";
import { CalendarStore, type CalendarApi } from "../thunderbird/calendar-store";
import { decodedBases } from "./decoded-bases";
import type { Log } from "./log";
import type { LocalChangeLedger } from "./local-changes";
import { FactsMemo, rememberingInspect } from "./facts-memo";
import { lazyInspectPool, workerInspect } from "./inspect-pool";
import type { EchoFilter } from "../thunderbird/echo-filter";
import { profilePassword, type PasswordSource } from "./account-password";
import { inspectItem } from "./inspect";
import { mappedInspect, resetCachesOnMappingChange, runMapping, runPatcher, scopedStores, syncColor } from "./profile-mapping";
import { profileWindow, withTimeWindow } from "./time-window";
import { resolveLocalFolder, type FolderApis, type ResolvedFolder } from "./local-folder";
import type { LastResult, SyncTrigger } from "./messages";
import { summaryOf, type RunRecord } from "./reports";
import { resultOfError, resultOfRun } from "./result";
import { lazyBases, loadSyncState, removeAllBases, saveBases, saveSyncState, storageTrash, type ProfileSyncState } from "./sync-state";

export interface RunDeps {
  storage: Pick<typeof messenger.storage.local, "get" | "set" | "remove">;
  calendar: CalendarApi & FolderApis["calendar"] & Partial<Pick<typeof messenger.davsyncCalendar, "setCalendarColor" | "getCategoryColor" | "setCategoryColor">>;
  addressBooks: FolderApis["addressBooks"];
  contacts: ContactsApi;
  credentials: PasswordSource;
  echo: EchoFilter;
  fetch?: DavContext["fetch"];
  now?: () => number;
  /** The DOM that sanitizes HTML descriptions; the background page's own window by default. */
  window?: HtmlWindow | undefined;
  /** The add-on's log (log.ts): what a run wants the user to be able to look up. */
  log?: Pick<Log, "info" | "warn"> | undefined;
  /** Which calendars changed since a run last listed them (local-changes.ts); without it every run lists. */
  localChanges?: LocalChangeLedger | undefined;
}

/** The password manager's key for a profile (account-password.ts; re-exported for its importers). */
export { loginKey } from "./account-password";

function localStore(params: {
  profile: Profile;
  folder: ResolvedFolder;
  state: ProfileSyncState;
  deps: RunDeps;
  mapping?: ItemMapping | undefined;
  ctx?: DavContext;
  facts?: FactsMemo;
  prefetched?: { folderId: string; summaries: Promise<messenger.davsyncCalendar.ItemSummary[] | undefined> } | undefined;
}) {
  const { profile, folder, state, deps, mapping, ctx, facts, prefetched } = params;
  // Our own read-only mirror is written by the sync; a calendar the user locked is left alone.
  const readOnly = folder.readOnly && !folder.createdByUs;
  if (profile.kind === "contacts") {
    // Photos on the server itself reach Thunderbird inlined (it lacks the credentials to fetch them).
    const cardForm = ctx
      ? contactPhotoForm({ ctx, serverUrl: profile.server.url, onNote: ({ uri, reason }) => deps.log?.warn(`contact photo ${uri} stays a link: ${reason}`, profile.id) })
      : undefined;
    return new AddressBookStore({ api: deps.contacts, bookId: folder.id, readOnly, cache: state.localCache, uidMap: state.uidMap, echo: deps.echo, ...(cardForm ? { cardForm } : {}) });
  }
  const window = deps.window ?? (globalThis as { window?: HtmlWindow }).window;
  return new CalendarStore({
    api: deps.calendar,
    calendarId: folder.id,
    itemType: profile.kind === "events" ? "event" : "task",
    readOnly,
    asOwner: folder.createdByUs,
    cache: state.localCache,
    echo: deps.echo,
    // Without a DOM (never in Thunderbird) HTML descriptions stay opaque X-ALT-DESC, never unsanitized.
    ...(window ? { sanitize: createHtmlSanitizer({ window }), htmlToText: (html: string) => htmlToText({ html, window }) } : {}),
    mapping,
    ...(facts ? { knownFacts: (localText: string) => facts.take({ localText }) } : {}),
    ...(prefetched && prefetched.folderId === folder.id ? { prefetched: prefetched.summaries } : {}),
    ...(deps.localChanges ? { changes: ledgerOf({ ledger: deps.localChanges, folderId: folder.id }) } : {}),
  });
}

/** The ledger as one calendar's store sees it. */
function ledgerOf(params: { ledger: LocalChangeLedger; folderId: string }) {
  const { ledger, folderId } = params;
  return { unchanged: () => ledger.unchangedSinceListing(folderId), listing: () => ledger.listing(folderId), changed: () => ledger.changed(folderId) };
}

/**
 * Both stores of a profile outside a run, for restoring one trash entry (trash-restore.ts). The
 * local folder must already exist: restoring never creates a calendar. Caller holds the profile's
 * lock (the service checks it is not running).
 */
export async function openStores(params: { profile: Profile; deps: RunDeps }): Promise<Record<"local" | "remote", Store>> {
  const { profile, deps } = params;
  const state = await loadSyncState({ storage: deps.storage, profileId: profile.id });
  if (!state.folder) throw new Error(`profile ${profile.id} has not synced yet`);
  const password = await profilePassword({ profile, credentials: deps.credentials });
  const ctx: DavContext = {
    credentials: { username: profile.server.username, password },
    timeoutMs: profile.network.timeoutSeconds * 1000,
    closeConnection: profile.network.closeConnectionAfterEachRequest,
    preset: profile.server.preset,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  // The same mapping as the runs: a restored item goes back in the form the sync wrote it.
  const mapping = runMapping({ profile, now: (deps.now ?? Date.now)() });
  const inspect = mapping ? mappedInspect({ inspect: inspectItem, mapping }) : inspectItem;
  const remote = new DavStore({ ctx, url: profile.server.url, inspect, cache: state.davCache });
  const collection = await remote.capabilities();
  const folder = await resolveLocalFolder({ apis: deps, profile, known: state.folder, collection });
  return { local: localStore({ profile, folder, state, deps, mapping, ctx }), remote };
}

/** What the options page adds to a run: the user's confirmed deletions, progress, the report's details. */
export interface RunExtras {
  confirmations?: Confirmations | undefined;
  onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
  /** Filled during the run with the plan, the executor's report and item summaries (reports.ts). */
  record?: RunRecord | undefined;
  /** The general options: connection reuse and lenient XML for every profile. */
  general?: Pick<GeneralOptions, "closeConnectionAfterEachRequest" | "acceptInvalidChars"> | undefined;
}

/** The trash, also noting each destroyed item's summary for the run's report. */
function recordingTrash(trash: Trash, record: RunRecord | undefined): Trash {
  if (!record) return trash;
  return {
    async put(entry) {
      const summary = summaryOf(entry.content);
      if (summary) record.summaries.set(entry.uid, summary);
      await trash.put(entry);
    },
  };
}

/** Summaries of the items whose deletion waits for the user (the confirmation dialog names them). */
async function recordHeld(params: { record: RunRecord; stores: Record<"local" | "remote", Store> }): Promise<void> {
  const { record, stores } = params;
  for (const preview of record.plan?.needsConfirmation ?? []) {
    for (const id of preview.ids.slice(0, 50)) {
      try {
        const got = await stores[preview.side].get({ id });
        const summary = got ? summaryOf(got.content) : undefined;
        if (summary) record.heldSummaries.set(id, summary);
      } catch {
        // A name is a courtesy: the dialog still lists the id.
      }
    }
  }
}

/**
 * How often a running sync writes its state: at most about once a second, and never more than
 * about a tenth of the run — the state is written whole (status, caches: ~6 MB of JSON at 5 000
 * events) and storage.local's cost grows with it. The end always writes. A kill in between costs
 * the items written since the last save one re-pairing by UID, never a duplicate.
 */
const SAVE_INTERVAL_MS = 1000;
const SAVE_COST_FACTOR = 10;

export async function runProfile(params: { profile: Profile; trigger: SyncTrigger; deps: RunDeps } & RunExtras): Promise<LastResult> {
  const { profile, trigger, deps, record } = params;
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const { storage } = deps;
  // Started on the first big download only, ended with the run.
  const workers = lazyInspectPool({ profile, now: startedAt });
  try {
    const state = await loadSyncState({ storage, profileId: profile.id });
    // The whole state is one key: written only when it changed since the last write.
    let savedJson = JSON.stringify(state);
    const persist = async () => {
      const json = JSON.stringify(state);
      if (json === savedJson) return;
      await saveSyncState({ storage, profileId: profile.id, state });
      savedJson = json;
    };
    // Storage writes run one at a time, in order, beside the sync (bases → status holds); a
    // failed write is retried by the next, and the last one — awaited at the end — reports.
    let writing: Promise<void> = Promise.resolve();
    const enqueue = (write: () => Promise<void>): Promise<void> => {
      const next = writing.then(write);
      writing = next.catch(() => undefined);
      return next;
    };
    // The profile's item mapping with the run's clock (src/ical/mapping/README.md).
    const mapping = runMapping({ profile, now: startedAt });
    resetCachesOnMappingChange({ state, profile });

    const password = await profilePassword({ profile, credentials: deps.credentials });
    const ctx: DavContext = {
      credentials: { username: profile.server.username, password },
      timeoutMs: profile.network.timeoutSeconds * 1000,
      closeConnection: profile.network.closeConnectionAfterEachRequest || (params.general?.closeConnectionAfterEachRequest ?? false),
      acceptInvalidChars: params.general?.acceptInvalidChars ?? true,
      preset: profile.server.preset,
      // Short Retry-After waits and network hiccups are retried inside the run (src/dav/retry.ts);
      // longer ones end the run with the rate-limit message and the next trigger tries again.
      retry: DEFAULT_RETRY,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    };
    // Judged once per run, on both sides alike (time-window.ts).
    const timeWindow = profileWindow({ profile, now: startedAt });
    // What the listing found per item, reused when that item is written into Thunderbird.
    const facts = new FactsMemo();
    // The page's inspector: the to-local form's facts (mapped profiles), remembered for the write.
    const onPage = mapping ? mappedInspect({ inspect: inspectItem, mapping, memo: facts }) : rememberingInspect({ inspect: inspectItem, memo: facts });
    const batched = profile.kind === "contacts" ? undefined : workerInspect({ pool: workers, mapping, memo: facts, onPage });
    const remote = new DavStore({
      ctx,
      url: profile.server.url,
      inspect: onPage,
      // A big download is inspected by workers while the page parses the answer (inspect-pool.ts).
      ...(batched ? { inspectMany: batched.inspectMany } : {}),
      cache: state.davCache,
      window: timeWindow,
      // A big first download is kept chunk by chunk: a run killed midway does not fetch it again.
      // Written beside the sync, so the first write into Thunderbird need not wait for it.
      onFetched: () => {
        state.davCache = remote.exportCache();
        enqueue(persist).catch(() => undefined);
      },
    });
    // The calendar's listing is asked for now, while the server answers the PROPFIND (a no-change
    // run is these two and nothing else). A folder that is gone fails here quietly and is reported
    // by resolveLocalFolder below.
    const prefetched =
      profile.kind !== "contacts" && state.folder && !deps.localChanges?.unchangedSinceListing(state.folder.id)
        ? { folderId: state.folder.id, summaries: deps.calendar.listItems(state.folder.id).catch(() => undefined) }
        : undefined;
    const collection = await remote.capabilities();

    const folder = await resolveLocalFolder({ apis: deps, profile, known: state.folder, collection });
    if (!state.folder) {
      state.folder = { id: folder.id, createdByUs: folder.createdByUs };
      await persist();
    }
    await syncColor({ profile, collection, calendarId: folder.id, apis: deps.calendar, ctx });

    const prefer = profile.sync.conflict === "local-wins" ? "local" : "remote";
    // No status (first run, "clear cache"): bases left from before belong to no pair.
    if (state.status.entries.length === 0) await removeAllBases({ storage, profileId: profile.id });
    // Read lazily: only the pairs the plan touches (a no-change run reads none).
    const bases = lazyBases({ storage, profileId: profile.id, status: state.status, sides: basesNeeded({ mode: profile.sync.mode }) });
    // Bases first, then the status: core trusts a base only at the version the status recorded,
    // so a run killed between the two writes costs those pairs one full copy, never a wrong patch.
    const flush = (): Promise<void> =>
      enqueue(async () => {
        await saveBases({ storage, profileId: profile.id, bases });
        await persist();
      });
    // The executor hands over the status after every chunk; writing it (and the caches) costs a
    // whole-state write, so paced (SAVE_INTERVAL_MS, SAVE_COST_FACTOR), and always at the end or on a failure
    // (the finally below). A kill in between loses only status of items already written, which
    // the next run pairs again by UID (no duplicates: status is never ahead of the items).
    // The paced writes run beside the sync: the executor goes on with the next chunk (and
    // Thunderbird with storing it) while storage.local writes this one.
    let nextFlush = Date.now() + SAVE_INTERVAL_MS;
    let pacing = false;
    const pacedFlush = (): void => {
      pacing = true;
      const started = Date.now();
      flush().then(
        () => {
          const ended = Date.now();
          nextFlush = ended + Math.max(SAVE_INTERVAL_MS, (ended - started) * SAVE_COST_FACTOR);
        },
        () => undefined, // the next write tries again; the last one, awaited, reports a failure
      ).finally(() => {
        pacing = false;
      });
    };
    const own = localStore({ profile, folder, state, deps, mapping, ctx, facts, prefetched });
    const local = withTimeWindow({ store: own, window: timeWindow, cache: state.localCache });
    // Through the category filter: several profiles may share one calendar, one category each.
    const scoped = scopedStores({ profile, status: state.status, local, remote });
    let synced: Awaited<ReturnType<typeof synchronize>>;
    try {
      synced = await synchronize({
        local: scoped.local,
        remote: scoped.remote,
        status: state.status,
        profile: profile.sync,
        saveStatus: async (status) => {
          state.status = status;
          if (pacing || Date.now() < nextFlush) return;
          state.davCache = remote.exportCache();
          pacedFlush();
        },
        trash: recordingTrash(storageTrash({ storage, profileId: profile.id }), record),
        confirmations: params.confirmations,
        onProgress: params.onProgress,
        merger: createFieldMerger({ prefer }),
        // Thunderbird keeps only what it models; its read-back copy is the local base, and what it
        // drops is never carried to the server as a deletion.
        // With a mapping the store maps both local versions of a diff back to the server's spelling,
        // and a pair without a local base is patched over a synthetic one (runPatcher).
        patcher: runPatcher({ mapping }),
        // A first sync keeps Thunderbird's read-backs as they came; converted when a patch reads one.
        bases: own instanceof CalendarStore ? decodedBases({ bases, side: "local", decode: (content) => own.baseContent(content) }) : bases,
        chunkSize: profile.network.chunking.kind === "chunks" ? profile.network.chunking.size : Number.MAX_SAFE_INTEGER,
        serverConcurrency: SERVER_WRITES_IN_FLIGHT,
      });
    } finally {
      // The local cache changes during list() even when nothing was written; a failed run keeps what it did.
      state.davCache = remote.exportCache();
      await flush();
    }
    const { plan, report } = synced;
    if (batched?.stats.inWorkers) deps.log?.info(`${batched.stats.inWorkers} downloaded items inspected in worker threads`, profile.id);
    if (batched?.stats.failure) deps.log?.warn(`inspect workers failed (${batched.stats.failure}); items were inspected on the page instead`, profile.id);
    if (record) {
      record.plan = plan;
      if (report) record.report = report;
      await recordHeld({ record, stores: { local, remote } });
    }
    return resultOfRun({ trigger, startedAt, endedAt: now(), plan, report });
  } catch (error) {
    return resultOfError({ trigger, startedAt, endedAt: now(), error });
  } finally {
    workers.close();
  }
}
