// The one contract between the options page and the background: every request the page can make
// and the answer it gets. Both sides import this file; nothing else crosses. User-facing texts
// travel as _locales keys + substitutions, never as finished sentences.
import type { GeneralOptions } from "../core/general-options";
import type { Profile } from "../core/profile/schema";
import type { ProfileIssue } from "../core/profile/validate";
import type { LogLine } from "./log";
import type { SyncReport } from "./reports";

export type BackgroundRequest =
  | { type: "getOverview" }
  /** All enabled profiles, or one. `wait`: answer when the runs have finished (tests, the UI's spinner). */
  | { type: "syncNow"; profileId?: string; wait?: boolean }
  /** Validates and stores a profile; `password` goes to Thunderbird's password manager only. */
  | { type: "saveProfile"; profile: unknown; password?: string }
  | { type: "deleteProfile"; id: string }
  // Options page requests (handled in options-api.ts):
  /** Every stored profile in full, in the user's order (the page edits, copies and exports them). */
  | { type: "getProfiles" }
  /** The add-account wizard's discovery; the password serves this request only and is not stored. */
  | { type: "discoverCollections"; url: string; username: string; password: string; preset: string }
  /** Saves several profiles at once, all or none; refused when one is invalid or duplicates another. */
  | { type: "saveProfiles"; profiles: unknown[]; password?: string }
  | { type: "setProfileEnabled"; id: string; enabled: boolean }
  /** The user's order of the profile list; ids not named keep their place after the named ones. */
  | { type: "reorderProfiles"; ids: string[] }
  /** Forgets the profile's sync status and caches (not its folder): the next run matches items anew. */
  | { type: "clearProfileCache"; id: string }
  /** Stores the profile's password (also for a locked, managed profile), clears "sign in again" and syncs it. */
  | { type: "signIn"; profileId: string; password: string }
  /** The profile's run reports, newest first (reports.ts). */
  | { type: "getReports"; profileId: string }
  | { type: "clearReports"; profileId: string }
  /** Runs the profile again with the held deletions of its last report allowed (ids per side). */
  | { type: "confirmDeletions"; profileId: string; deletions: { local?: string[]; remote?: string[] } }
  /** What syncs of this profile deleted or overwrote, newest first (summaries, never whole items). */
  | { type: "getTrash"; profileId: string }
  /** Writes a trash entry back to the side it was removed from, now (trash-restore.ts). */
  | { type: "restoreTrash"; profileId: string; entryId: string }
  | { type: "getGeneralOptions" }
  | { type: "saveGeneralOptions"; options: GeneralOptions }
  | { type: "getLog" }
  | { type: "clearLog" }
  /** A new Thunderbird calendar for the wizard's "merge all calendars into one" (events and tasks). */
  | { type: "createCalendar"; name: string; color?: string }
  /**
   * A new calendar (events / tasks) or address book on the DAV server, in the home set found from
   * `url` (root, principal, home or a collection). Without `password`, the one stored for the login.
   */
  | { type: "createServerCollection"; url: string; username: string; password?: string; kind: "events" | "tasks" | "contacts"; displayName: string; color?: string };

/** What started a run: the toolbar / options page, the profile's interval, Thunderbird's start, a local edit. */
export type SyncTrigger = "manual" | "schedule" | "startup" | "change";

/** A _locales message key and its $1, $2… substitutions. */
export interface LocalizedMessage {
  key: string;
  substitutions: string[];
}

export interface LastResult {
  /** When the run ended, ms since the epoch. */
  at: number;
  durationMs: number;
  trigger: SyncTrigger;
  outcome: "ok" | "warning" | "error";
  /** Items created, changed or deleted per side. */
  written: { local: number; remote: number };
  failed: number;
  conflicts: number;
  /** Why a run is a warning or an error. */
  message?: LocalizedMessage;
  /** The server refused the credentials: automatic runs wait until the user signs in again. */
  needsSignIn: boolean;
  /** The server asked to wait (429 / 503 Retry-After): no automatic run before this time (ms). */
  retryAt?: number;
}

export interface ProfileOverview {
  id: string;
  name: string;
  kind: Profile["kind"];
  enabled: boolean;
  running: boolean;
  /** The Thunderbird calendar / address book the profile syncs, once known. */
  localFolderId?: string;
  lastResult?: LastResult;
  /** While running: actions done of the plan's total (absent while listing and planning). */
  progress?: { done: number; total: number };
}

/** One trash entry as the page shows it; `entryId` names it for restoreTrash. */
export interface TrashView {
  entryId: string;
  uid: string;
  side: "local" | "remote";
  cause: "deleted" | "overwritten";
  at: number;
  summary?: string;
}

export interface CalendarSummary {
  id: string;
  name: string;
  color: string | null;
  readOnly: boolean;
  itemTypes: ("event" | "task")[];
}

export interface Overview {
  calendars: CalendarSummary[];
  addressBooks: { id: string; name: string; readOnly: boolean }[];
  syncState: "idle" | "running";
  /** Optional only so page fixtures written before profiles existed still type-check. */
  profiles?: ProfileOverview[];
}

/** A calendar or address book found by discoverCollections, as the wizard lists it. */
export interface DiscoveredCollection {
  url: string;
  kind: "calendar" | "addressbook";
  name: string;
  /** "#rrggbb" or undefined when the server has none. */
  color: string | undefined;
  /** Calendars: VEVENT / VTODO / VJOURNAL it accepts; address books: []. */
  components: string[];
  readOnly: boolean;
}

export type SyncRequestOutcome = "started" | "queued" | "already-queued" | "skipped";

export interface BackgroundResponses {
  getOverview: Overview;
  syncNow: {
    started: boolean;
    reason?: "no-profiles" | "already-running";
    /** Per profile asked for: started now, queued behind its running sync, or skipped (disabled). */
    requests?: Record<string, SyncRequestOutcome>;
    /** With `wait`: each profile's result after the runs. */
    results?: Record<string, LastResult>;
  };
  saveProfile: { ok: true; profile: Profile } | { ok: false; issues: ProfileIssue[] };
  deleteProfile: { deleted: boolean };
  getProfiles: { profiles: Profile[] };
  discoverCollections: { ok: true; collections: DiscoveredCollection[] } | { ok: false; error: LocalizedMessage };
  saveProfiles:
    | { ok: true; profiles: Profile[] }
    | { ok: false; invalid: { index: number; issues: ProfileIssue[] }[]; duplicates: { profileIds: string[]; message: LocalizedMessage }[] };
  setProfileEnabled: { ok: boolean };
  reorderProfiles: { ok: boolean };
  clearProfileCache: { ok: true } | { ok: false; reason: "running" | "not-found" };
  signIn: { ok: true } | { ok: false; reason: "not-found" | "empty" };
  getReports: { reports: SyncReport[] };
  clearReports: { ok: true };
  confirmDeletions: { ok: true; outcome: SyncRequestOutcome } | { ok: false; reason: "not-found" | "nothing-held" | "stale" };
  getTrash: { entries: TrashView[] };
  restoreTrash: { ok: true; how: "created" | "updated" | "unchanged" } | { ok: false; reason: "not-found" | "running" | "read-only" | "failed"; message?: LocalizedMessage };
  getGeneralOptions: { options: GeneralOptions };
  saveGeneralOptions: { options: GeneralOptions };
  getLog: { lines: LogLine[] };
  clearLog: { ok: true };
  createCalendar: { ok: true; id: string } | { ok: false; error: LocalizedMessage };
  createServerCollection: { ok: true; url: string } | { ok: false; message: LocalizedMessage };
}

export type ResponseTo<R extends BackgroundRequest> = BackgroundResponses[R["type"]];

/** Raised on the page side when the background gave no answer (not loaded, or crashed). */
export class BackgroundUnavailable extends Error {
  constructor(readonly request: BackgroundRequest["type"]) {
    super(`The background did not answer "${request}"`);
  }
}

/** Sends a typed request to the background page (options page side). */
export async function askBackground<R extends BackgroundRequest>(request: R): Promise<ResponseTo<R>> {
  const response: unknown = await messenger.runtime.sendMessage(request);
  if (response === undefined) throw new BackgroundUnavailable(request.type);
  return response as ResponseTo<R>;
}
