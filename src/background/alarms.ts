// Keeps one messenger.alarms alarm per profile with an interval, in step with the profiles
// (schedule.ts decides which), and turns each alarm into a "schedule" sync request.
import { desiredAlarms, diffAlarms, profileIdOfAlarm, profileIdOfRetryAlarm, retryAlarmName } from "./schedule";
import type { SyncService } from "./sync-service";

/** The part of the alarms API we use; @types/thunderbird-webext-browser does not declare it. */
interface AlarmsApi {
  getAll(): Promise<{ name: string; periodInMinutes?: number }[]>;
  create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): void;
  clear(name: string): Promise<boolean>;
  onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
}

const alarms = (): AlarmsApi => (messenger as unknown as { alarms: AlarmsApi }).alarms;

export async function updateAlarms(service: SyncService): Promise<void> {
  const existing = (await alarms().getAll()).map((a) => ({ name: a.name, periodInMinutes: a.periodInMinutes ?? 0 }));
  const { create, clear } = diffAlarms({ desired: desiredAlarms(service.listProfiles()), existing });
  for (const name of clear) await alarms().clear(name);
  for (const a of create) alarms().create(a.name, { periodInMinutes: a.periodInMinutes, delayInMinutes: a.periodInMinutes });
}

export function listenToAlarms(service: SyncService): void {
  alarms().onAlarm.addListener((alarm) => {
    const profileId = profileIdOfAlarm(alarm.name) ?? profileIdOfRetryAlarm(alarm.name);
    if (profileId) service.request({ profileId, trigger: "schedule" });
  });
}

/** One run of the profile when the server's Retry-After has passed (replaces an earlier one). */
export function scheduleRetry(params: { profileId: string; at: number }): void {
  alarms().create(retryAlarmName(params.profileId), { when: params.at });
}
