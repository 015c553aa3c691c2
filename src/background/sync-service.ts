// SyncService: the add-on's running state — the profiles, one RunQueue slot per profile, every
// profile's last result — and what happens around a run: badge and tooltip, a rate-limited
// notification when a run fails, persisting the result. Triggers (toolbar, alarms, startup, local
// edits, the options page) all come through request(); whether a trigger may run a profile is
// schedule.ts's decision, how a run goes is run-profile.ts's.
import type { Profile } from "../core/profile/schema";
import type { LastResult, SyncRequestOutcome, SyncTrigger } from "./messages";
import { NotificationGate } from "./notification-gate";
import { loadProfiles } from "./profiles";
import { RunQueue } from "./run-queue";
import { runProfile, type RunDeps } from "./run-profile";
import { mayRun } from "./schedule";
import { loadResult, loadSyncState, saveResult } from "./sync-state";

export interface ServiceDeps extends RunDeps {
  toolbar: {
    show(params: { running: boolean; failed: boolean; lines: string[] }): Promise<void>;
    notify(message: string): Promise<void>;
  };
  t: (key: string, substitutions?: string[]) => string;
  describeResult: (params: { result: LastResult | undefined; now: number }) => string;
}

export class SyncService {
  private readonly queue = new RunQueue();
  private readonly results = new Map<string, LastResult>();
  /** Profile id → the Thunderbird calendar / book it syncs (known after its first run). */
  private readonly folders = new Map<string, string>();
  private readonly gate = new NotificationGate();
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
    if (!profile || !mayRun({ profile, trigger, lastResult: this.results.get(profileId) })) return "skipped";
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
    const result = await runProfile({ profile, trigger, deps: this.deps });
    this.results.set(profileId, result);
    const folder = (await loadSyncState({ storage: this.deps.storage, profileId })).folder;
    if (folder) this.folders.set(profileId, folder.id);
    await saveResult({ storage: this.deps.storage, profileId, result });
    await this.report({ profile, result });
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

  private async refreshToolbar(params: { finishing?: string } = {}): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const running = this.queue.runningKeys().some((id) => id !== params.finishing);
    const failed = this.profiles.some((p) => p.enabled && this.results.get(p.id)?.outcome === "error");
    const lines = this.profiles.map((p) => `${p.name}: ${this.deps.describeResult({ result: this.results.get(p.id), now })}`);
    await this.deps.toolbar.show({ running, failed, lines }).catch(() => undefined);
  }
}
