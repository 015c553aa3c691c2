// SyncService: the add-on's running state — the profiles, one RunQueue slot per profile, every
// profile's last result — and what happens around a run: badge and tooltip, a rate-limited
// notification when a run fails, persisting the result. Triggers (toolbar, alarms, startup, local
// edits, the options page) all come through request(); whether a trigger may run a profile is
// schedule.ts's decision, how a run goes is run-profile.ts's.
import type { Confirmations } from "../core";
import type { Profile } from "../core/profile/schema";
import { loadGeneralOptions } from "./general-options";
import type { Log } from "./log";
import type { BackgroundResponses, LastResult, SyncRequestOutcome, SyncTrigger } from "./messages";
import { NotificationGate } from "./notification-gate";
import type { ToolbarProfile } from "./toolbar-menu";
import { ProgressBoard, type Progress } from "./progress";
import { addReport, buildReport, newRunRecord } from "./reports";
import { resultOfError } from "./result";
import { loadProfiles } from "./profiles";
import { RunQueue } from "./run-queue";
import { openStores, runProfile, type RunDeps } from "./run-profile";
import { entryIdOf, loadTrash, restoreEntry } from "./trash-restore";
import { mayRun } from "./schedule";
import { loadResult, loadSyncState, saveResult } from "./sync-state";

export interface ServiceDeps extends RunDeps {
  toolbar: {
    /** `profiles`: every profile's state for the button's menu (toolbar-menu.ts). */
    show(params: { running: boolean; failed: boolean; lines: string[]; profiles?: ToolbarProfile[] }): Promise<void>;
    notify(message: string): Promise<void>;
  };
  t: (key: string, substitutions?: string[]) => string;
  describeResult: (params: { result: LastResult | undefined; now: number }) => string;
  /** The add-on's log (log.ts); runs are logged there when given. */
  log?: Log;
  /** Asks for one automatic run of the profile at `at` (the server's Retry-After); alarms.ts. */
  scheduleRetry?: (params: { profileId: string; at: number }) => void;
}

export class SyncService {
  // Once a profile has nothing left to run, the badge must be recomputed without it (see refreshToolbar).
  private readonly queue = new RunQueue({ onIdle: () => void this.refreshToolbar() });
  private readonly results = new Map<string, LastResult>();
  /** Profile id → the Thunderbird calendar / book it syncs (known after its first run). */
  private readonly folders = new Map<string, string>();
  private readonly gate = new NotificationGate();
  private readonly progress = new ProgressBoard();
  /** Deletions the user confirmed in the options page, for the profile's next run only. */
  private readonly confirmations = new Map<string, Confirmations>();
  private profiles: Profile[] = [];

  constructor(private readonly deps: ServiceDeps) {}

  /** Re-reads profiles, results and folders from storage.local (start-up, after a profile edit). */
  async reload(): Promise<void> {
    const { storage } = this.deps;
    this.profiles = await loadProfiles({ storage });
    for (const p of this.profiles) {
      const result = await loadResult({ storage, profileId: p.id });
      if (result) this.results.set(p.id, result);
      else this.results.delete(p.id);
      const folder = (await loadSyncState({ storage, profileId: p.id })).folder;
      if (folder) this.folders.set(p.id, folder.id);
    }
    await this.refreshToolbar();
  }

  listProfiles(): readonly Profile[] {
    return this.profiles;
  }

  resultOf(profileId: string): LastResult | undefined {
    return this.results.get(profileId);
  }

  folderOf(profileId: string): string | undefined {
    return this.folders.get(profileId);
  }

  /** Profiles syncing the Thunderbird calendar / book `folderId`. */
  profilesOfFolder(folderId: string): Profile[] {
    return this.profiles.filter((p) => this.folders.get(p.id) === folderId);
  }

  progressOf(profileId: string): Progress | undefined {
    return this.progress.get(profileId);
  }

  /** Runs the profile with these deletions confirmed (they must cover the whole held preview). */
  requestConfirmed(params: { profileId: string; confirmations: Confirmations }): SyncRequestOutcome {
    this.confirmations.set(params.profileId, params.confirmations);
    const outcome = this.request({ profileId: params.profileId, trigger: "manual" });
    if (outcome === "skipped") this.confirmations.delete(params.profileId);
    return outcome;
  }

  /** Writes one trash entry back to its side now; refused while the profile syncs. */
  async restoreTrash(params: { profileId: string; entryId: string }): Promise<BackgroundResponses["restoreTrash"]> {
    const { profileId, entryId } = params;
    const profile = this.profiles.find((p) => p.id === profileId);
    if (!profile) return { ok: false, reason: "not-found" };
    if (this.isRunning(profileId)) return { ok: false, reason: "running" };
    const entry = (await loadTrash({ storage: this.deps.storage, profileId })).find((e) => entryIdOf(e) === entryId);
    if (!entry) return { ok: false, reason: "not-found" };
    try {
      const stores = await openStores({ profile, deps: this.deps });
      const answer = await restoreEntry({ entry, store: stores[entry.side] });
      this.deps.log?.info(`restore of ${entry.uid} to the ${entry.side} side: ${answer.ok ? answer.how : answer.reason}`, profileId);
      return answer;
    } catch (error) {
      const failed = resultOfError({ trigger: "manual", startedAt: 0, endedAt: 0, error });
      return { ok: false, reason: "failed", ...(failed.message ? { message: failed.message } : {}) };
    }
  }

  isRunning(profileId?: string): boolean {
    return profileId === undefined ? this.queue.runningKeys().length > 0 : this.queue.isRunning(profileId);
  }

  /** Forgets what a deleted or re-created profile left in memory. */
  forget(profileId: string): void {
    this.results.delete(profileId);
    this.folders.delete(profileId);
    this.gate.reset(profileId);
  }

  request(params: { profileId: string; trigger: SyncTrigger }): SyncRequestOutcome {
    const { profileId, trigger } = params;
    const profile = this.profiles.find((p) => p.id === profileId);
    const now = (this.deps.now ?? Date.now)();
    if (!profile || !mayRun({ profile, trigger, lastResult: this.results.get(profileId), now })) return "skipped";
    const outcome = this.queue.request({ key: profileId, task: () => this.run({ profileId, trigger }) });
    void this.refreshToolbar();
    return outcome;
  }

  requestAll(params: { trigger: SyncTrigger }): Record<string, SyncRequestOutcome> {
    return Object.fromEntries(this.profiles.map((p) => [p.id, this.request({ profileId: p.id, trigger: params.trigger })]));
  }

  async whenIdle(profileIds: readonly string[]): Promise<void> {
    await Promise.all(profileIds.map((id) => this.queue.whenIdle(id)));
  }

  private async run(params: { profileId: string; trigger: SyncTrigger }): Promise<void> {
    const { profileId, trigger } = params;
    // Read at run time: a queued run uses the profile as it is now, or not at all if deleted.
    const profile = this.profiles.find((p) => p.id === profileId);
    if (!profile) return;
    // Also for a queued second run, which starts after the first one's "finished" refresh.
    await this.refreshToolbar();
    const confirmations = this.confirmations.get(profileId);
    this.confirmations.delete(profileId);
    const record = newRunRecord();
    const general = await loadGeneralOptions({ storage: this.deps.storage });
    // "Check the connection before each sync": offline, an automatic run would only fail and notify.
    if (general.checkConnectivity && trigger !== "manual" && (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false) {
      this.deps.log?.info(`sync skipped (${trigger}): no network connection`, profileId);
      await this.refreshToolbar({ finishing: profileId });
      return;
    }
    this.deps.log?.info(`sync started (${trigger})`, profileId);
    let result: LastResult;
    try {
      result = await runProfile({ profile, trigger, deps: this.deps, confirmations, record, general, onProgress: (p) => this.progress.set(profileId, p) });
    } finally {
      this.progress.end(profileId);
    }
    this.results.set(profileId, result);
    await this.keepReport({ profileId, result, record });
    const folder = (await loadSyncState({ storage: this.deps.storage, profileId })).folder;
    if (folder) this.folders.set(profileId, folder.id);
    await saveResult({ storage: this.deps.storage, profileId, result });
    if (result.retryAt !== undefined) this.deps.scheduleRetry?.({ profileId, at: result.retryAt });
    await this.report({ profile, result });
  }

  /** Stores the run's report and logs its outcome; a storage failure must not fail the run. */
  private async keepReport(params: { profileId: string; result: LastResult; record: ReturnType<typeof newRunRecord> }): Promise<void> {
    const { profileId, result, record } = params;
    const { storage, log } = this.deps;
    const message = result.message ? ` — ${this.deps.t(result.message.key, result.message.substitutions)}` : "";
    const line = `sync ${result.outcome} in ${result.durationMs} ms: ${result.written.local} local / ${result.written.remote} server change(s)${message}`;
    if (result.outcome === "error") log?.error(line, profileId);
    else log?.info(line, profileId);
    for (const entry of record.report?.entries ?? []) {
      if (entry.result === "failed") log?.error(`${entry.action} ${entry.side ?? ""} ${entry.uid}: ${entry.error ?? ""}`, profileId);
      else log?.debug(`${entry.action} ${entry.side ?? ""} ${entry.uid}: ${entry.result}`, profileId);
    }
    try {
      const options = await loadGeneralOptions({ storage });
      const now = (this.deps.now ?? Date.now)();
      await addReport({ storage, report: buildReport({ profileId, result, record }), now, retentionDays: options.reportRetentionDays });
    } catch (error) {
      log?.error(`the run's report could not be stored: ${error instanceof Error ? error.message : String(error)}`, profileId);
    }
  }

  private async report(params: { profile: Profile; result: LastResult }): Promise<void> {
    const { profile, result } = params;
    const { t } = this.deps;
    if (result.outcome !== "error") {
      this.gate.reset(profile.id);
    } else {
      const messageKey = result.needsSignIn ? "notifySignIn" : (result.message?.key ?? "syncErrorUnexpected");
      if (this.gate.allow({ profileId: profile.id, messageKey })) {
        const detail = result.message ? t(result.message.key, result.message.substitutions) : "";
        const text = result.needsSignIn ? t("notifySignIn", [profile.name, detail]) : t("notifyFailed", [profile.name, detail]);
        await this.deps.toolbar.notify(text).catch(() => undefined);
      }
    }
    // The run's own slot is still held here; the badge counts it as finished.
    await this.refreshToolbar({ finishing: profile.id });
  }

  /**
   * Refreshes run one after another, each computing the state when it is applied: the menu update
   * inside toolbar.show takes a while, and an older refresh ("running") finishing after a newer one
   * ("idle") would leave the badge at "…" forever.
   */
  private toolbarQueue: Promise<void> = Promise.resolve();

  private refreshToolbar(params: { finishing?: string } = {}): Promise<void> {
    this.toolbarQueue = this.toolbarQueue.then(() => this.applyToolbar(params));
    return this.toolbarQueue;
  }

  private async applyToolbar(params: { finishing?: string }): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const running = this.queue.runningKeys().some((id) => id !== params.finishing);
    const failed = this.profiles.some((p) => p.enabled && this.results.get(p.id)?.outcome === "error");
    const lines = this.profiles.map((p) => `${p.name}: ${this.deps.describeResult({ result: this.results.get(p.id), now })}`);
    const profiles = this.profiles.map((p) => ({
      id: p.id,
      name: p.name,
      enabled: p.enabled,
      running: p.id !== params.finishing && this.queue.isRunning(p.id),
      result: this.results.get(p.id),
    }));
    await this.deps.toolbar.show({ running, failed, lines, profiles }).catch(() => undefined);
  }
}
