// One sync run of one profile, told as a story (DAVx5 performSync): password from Thunderbird's
// password manager → the server collection's capabilities → the local folder (created from the
// collection on the first run) → core's synchronize() over a DavStore and a Thunderbird store →
// status, caches, bases and trash saved after every chunk → a LastResult. Updates are patches of
// the other side's object over the pair's bases (sync-state.ts says what is kept). Never throws:
// every failure becomes an error result. Callers serialize runs per profile (RunQueue).
import { basesNeeded, synchronize } from "../core";
import type { Profile } from "../core/profile/schema";
import { DavStore, type DavContext } from "../dav";
import { createFieldMerger, createHtmlSanitizer, createPatcher, htmlToText, type HtmlWindow } from "../ical";
import { AddressBookStore, type ContactsApi } from "../thunderbird/address-book-store";
import { CalendarStore, type CalendarApi } from "../thunderbird/calendar-store";
import type { EchoFilter } from "../thunderbird/echo-filter";
import { inspectItem } from "./inspect";
import { resolveLocalFolder, type FolderApis, type ResolvedFolder } from "./local-folder";
import type { LastResult, SyncTrigger } from "./messages";
import { MissingPassword, resultOfError, resultOfRun } from "./result";
import { loadBases, loadSyncState, removeAllBases, saveBases, saveSyncState, storageTrash, type ProfileSyncState } from "./sync-state";

export interface RunDeps {
  storage: Pick<typeof messenger.storage.local, "get" | "set" | "remove">;
  calendar: CalendarApi & FolderApis["calendar"];
  addressBooks: FolderApis["addressBooks"];
  contacts: ContactsApi;
  credentials: Pick<typeof messenger.davsyncCredentials, "getPassword">;
  echo: EchoFilter;
  fetch?: DavContext["fetch"];
  now?: () => number;
  /** The DOM that sanitizes HTML descriptions; the background page's own window by default. */
  window?: HtmlWindow | undefined;
}

/** The password manager's key for a profile: the server's origin and the user name. */
export function loginKey(profile: Profile): { origin: string; username: string } {
  return { origin: new URL(profile.server.url).origin, username: profile.server.username };
}

function localStore(params: { profile: Profile; folder: ResolvedFolder; state: ProfileSyncState; deps: RunDeps }) {
  const { profile, folder, state, deps } = params;
  // Our own read-only mirror is written by the sync; a calendar the user locked is left alone.
  const readOnly = folder.readOnly && !folder.createdByUs;
  if (profile.kind === "contacts") {
    return new AddressBookStore({ api: deps.contacts, bookId: folder.id, readOnly, cache: state.localCache, uidMap: state.uidMap, echo: deps.echo });
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
  });
}

export async function runProfile(params: { profile: Profile; trigger: SyncTrigger; deps: RunDeps }): Promise<LastResult> {
  const { profile, trigger, deps } = params;
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const { storage } = deps;
  try {
    const state = await loadSyncState({ storage, profileId: profile.id });
    const persist = () => saveSyncState({ storage, profileId: profile.id, state });

    const password = await deps.credentials.getPassword(loginKey(profile));
    if (!password) throw new MissingPassword(`no password stored for profile ${profile.id}`);
    const ctx: DavContext = {
      credentials: { username: profile.server.username, password },
      timeoutMs: profile.network.timeoutSeconds * 1000,
      closeConnection: profile.network.closeConnectionAfterEachRequest,
      preset: profile.server.preset,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    };
    const remote = new DavStore({
      ctx,
      url: profile.server.url,
      inspect: inspectItem,
      cache: state.davCache,
      // A big first download is kept chunk by chunk: a run killed midway does not fetch it again.
      onFetched: async () => {
        state.davCache = remote.exportCache();
        await persist();
      },
    });
    const collection = await remote.capabilities();

    const folder = await resolveLocalFolder({ apis: deps, profile, known: state.folder, collection });
    if (!state.folder) {
      state.folder = { id: folder.id, createdByUs: folder.createdByUs };
      await persist();
    }

    const prefer = profile.sync.conflict === "local-wins" ? "local" : "remote";
    // No status (first run, "clear cache"): bases left from before belong to no pair.
    if (state.status.entries.length === 0) await removeAllBases({ storage, profileId: profile.id });
    const bases = await loadBases({ storage, profileId: profile.id, status: state.status, sides: basesNeeded({ mode: profile.sync.mode }) });
    const { plan, report } = await synchronize({
      local: localStore({ profile, folder, state, deps }),
      remote,
      status: state.status,
      profile: profile.sync,
      saveStatus: async (status) => {
        state.status = status;
        state.davCache = remote.exportCache();
        // Two writes, no transaction: core trusts a base only at the version the status recorded,
        // so a run killed between them costs those pairs one full copy, never a wrong patch.
        await saveBases({ storage, profileId: profile.id, bases });
        await persist();
      },
      trash: storageTrash({ storage, profileId: profile.id }),
      merger: createFieldMerger({ prefer }),
      // Thunderbird keeps only what it models; its read-back copy is the local base, and what it
      // drops is never carried to the server as a deletion.
      patcher: createPatcher({ lossy: ["local"] }),
      bases,
      chunkSize: profile.network.chunking.kind === "chunks" ? profile.network.chunking.size : Number.MAX_SAFE_INTEGER,
    });
    // The local cache changes during list() even when nothing was written.
    await persist();
    return resultOfRun({ trigger, startedAt, endedAt: now(), plan, report });
  } catch (error) {
    return resultOfError({ trigger, startedAt, endedAt: now(), error });
  }
}
