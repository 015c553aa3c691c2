// The options page's shared state: what the background reported (overview with each profile's
// last result, the full profiles), which screen is shown, and the actions every screen calls.
// Components reach it with useOptionsState(); rows are derived from the two answers, never copied.
import { getContext, setContext } from "svelte";
import type { BackgroundRequest, Overview, ProfileOverview, ResponseTo } from "../background/messages";
import type { HeldDeletions } from "../background/reports";
import { askBackground, BackgroundUnavailable } from "../background/messages";
import type { Profile } from "../core/profile/schema";
import { t } from "./i18n";

export type Ask = <R extends BackgroundRequest>(request: R) => Promise<ResponseTo<R>>;

export type View =
  | { kind: "list" }
  | { kind: "add"; preset: "easyproject" | "generic" }
  | { kind: "edit"; profileId: string; isNew?: boolean; draft?: Profile }
  | { kind: "transfer" }
  /** A profile's run reports; `reportId` picks one, else the newest. */
  | { kind: "reports"; profileId: string; reportId?: string }
  | { kind: "trash"; profileId: string }
  | { kind: "general" }
  | { kind: "log" };

export interface ProfileRowData {
  profile: Profile;
  status: ProfileOverview | undefined;
  /** The Thunderbird calendar / book by name, or undefined while it is still to be created. */
  folderName: string | undefined;
}

/** A short message for the live region under the header ("Copied", "Cache cleared"…). */
export interface Notice {
  kind: "info" | "error";
  text: string;
}

/** While a profile syncs, the page asks for news this often; otherwise only the clock moves. */
const BUSY_POLL_MS = 2_000;
const CLOCK_TICK_MS = 30_000;

export class OptionsState {
  overview = $state<Overview | null>(null);
  profiles = $state<Profile[]>([]);
  loadError = $state<string | null>(null);
  notice = $state<Notice | null>(null);
  view = $state<View>({ kind: "list" });
  now = $state(Date.now());
  /** The "delete these items?" dialog of a run that held deletions back, while it is open. */
  deletions = $state<{ profileId: string; held: HeldDeletions[] } | null>(null);

  rows: ProfileRowData[] = $derived(
    this.profiles.map((profile) => {
      const status = this.overview?.profiles?.find((p) => p.id === profile.id);
      return { profile, status, folderName: this.folderName(profile, status) };
    }),
  );
  busy = $derived(this.rows.some((r) => r.status?.running));

  readonly ask: Ask;

  constructor(ask: Ask = askBackground) {
    // runtime.sendMessage structured-clones its argument, and a Svelte state proxy cannot be cloned.
    this.ask = (request) => ask($state.snapshot(request) as typeof request);
  }

  /** Starts the clock and the refresh loop; returns the stop function (for onMount). */
  start(): () => void {
    void this.refresh();
    const tick = setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
    const poll = setInterval(() => {
      if (this.busy) void this.refresh();
    }, BUSY_POLL_MS);
    return () => {
      clearInterval(tick);
      clearInterval(poll);
    };
  }

  async refresh(): Promise<void> {
    try {
      const [overview, { profiles }] = await Promise.all([this.ask({ type: "getOverview" }), this.ask({ type: "getProfiles" })]);
      this.overview = overview;
      this.profiles = profiles;
      this.now = Date.now();
      this.loadError = null;
    } catch (e) {
      this.loadError = e instanceof BackgroundUnavailable ? t("backgroundUnavailable") : e instanceof Error ? e.message : String(e);
    }
  }

  show(view: View): void {
    this.view = view;
    this.notice = null;
  }

  say(kind: Notice["kind"], text: string): void {
    this.notice = { kind, text };
  }

  async syncNow(id: string): Promise<void> {
    const answer = await this.ask({ type: "syncNow", profileId: id });
    const outcome = answer.requests?.[id];
    if (outcome === "skipped") this.say("info", t("profileSyncSkipped"));
    await this.refresh();
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.ask({ type: "setProfileEnabled", id, enabled });
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    const name = this.profiles.find((p) => p.id === id)?.name ?? "";
    await this.ask({ type: "deleteProfile", id });
    this.say("info", t("profileDeleted", [name]));
    await this.refresh();
  }

  /** A copy syncs into a new folder of its own: same server and folder would duplicate every item. */
  copy(id: string): void {
    const source = this.profiles.find((p) => p.id === id);
    if (!source) return;
    const name = t("profileCopyName", [source.name]);
    const color = source.local.kind === "create" ? source.local.color : "#3a87ad";
    const draft: Profile = { ...($state.snapshot(source) as Profile), id: crypto.randomUUID(), name, managed: false, local: { kind: "create", name, color } };
    this.show({ kind: "edit", profileId: draft.id, isNew: true, draft });
  }

  async move(id: string, delta: -1 | 1): Promise<void> {
    const ids = this.profiles.map((p) => p.id);
    const from = ids.indexOf(id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= ids.length) return;
    ids.splice(to, 0, ...ids.splice(from, 1));
    // Shown at once; the background's order follows.
    this.profiles = ids.map((i) => this.profiles.find((p) => p.id === i)!);
    await this.ask({ type: "reorderProfiles", ids });
    await this.refresh();
  }

  async clearCache(id: string): Promise<void> {
    const answer = await this.ask({ type: "clearProfileCache", id });
    if (answer.ok) this.say("info", t("profileCacheCleared"));
    else this.say("error", t(answer.reason === "running" ? "profileCacheBusy" : "profileNotFound"));
  }

  /** Saves one edited profile; answers the issues to show when the background refuses it. */
  async saveOne(profile: Profile, password: string | undefined) {
    const answer = await this.ask({ type: "saveProfile", profile: $state.snapshot(profile), ...(password ? { password } : {}) });
    if (answer.ok) {
      this.say("info", t("profileSaved", [answer.profile.name]));
      await this.refresh();
    }
    return answer;
  }

  /** Opens the confirmation dialog with the held deletions of the profile's last report. */
  async reviewDeletions(profileId: string): Promise<void> {
    const { reports } = await this.ask({ type: "getReports", profileId });
    const held = reports[0]?.held ?? [];
    if (held.length === 0) this.say("info", t("confirmStale"));
    else this.deletions = { profileId, held };
  }

  /** The user confirmed every listed deletion: the profile runs again with them allowed. */
  async confirmDeletions(): Promise<void> {
    const open = this.deletions;
    if (!open) return;
    this.deletions = null;
    const deletions: { local?: string[]; remote?: string[] } = {};
    for (const h of open.held) deletions[h.side] = [...h.ids];
    const answer = await this.ask({ type: "confirmDeletions", profileId: open.profileId, deletions });
    this.say(answer.ok ? "info" : "error", t(answer.ok ? "confirmStarted" : "confirmStale"));
    await this.refresh();
  }

  private folderName(profile: Profile, status: ProfileOverview | undefined): string | undefined {
    const id = status?.localFolderId ?? (profile.local.kind === "existing" ? profile.local.id : undefined);
    if (id === undefined) return undefined;
    const folders = profile.kind === "contacts" ? this.overview?.addressBooks : this.overview?.calendars;
    return folders?.find((f) => f.id === id)?.name ?? t("folderMissing", [id]);
  }
}

const KEY = Symbol("options-state");

export function setOptionsState(state: OptionsState): OptionsState {
  return setContext(KEY, state);
}

export function useOptionsState(): OptionsState {
  const state = getContext<OptionsState | undefined>(KEY);
  if (!state) throw new Error("useOptionsState() outside the options page");
  return state;
}

