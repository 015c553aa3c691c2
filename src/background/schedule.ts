// Scheduling decisions, pure: which alarms should exist for the profiles (one per profile with an
// interval), what to create or clear to get there, and whether an automatic trigger may run a
// profile at all. A profile whose last run failed to sign in (DAV 401) waits for the user: retrying
// a wrong password on a timer gets the account locked on servers with lock-out (Easy Project LDAP).
import type { Profile } from "../core/profile/schema";
import type { LastResult, SyncTrigger } from "./messages";

const ALARM_PREFIX = "davsync-sync:";
/** One-shot alarms for "the server asked us to come back at …" (Retry-After). */
const RETRY_PREFIX = "davsync-retry:";

export function retryAlarmName(profileId: string): string {
  return RETRY_PREFIX + profileId;
}

export function profileIdOfRetryAlarm(name: string): string | undefined {
  return name.startsWith(RETRY_PREFIX) ? name.slice(RETRY_PREFIX.length) : undefined;
}

export function alarmName(profileId: string): string {
  return ALARM_PREFIX + profileId;
}

export function profileIdOfAlarm(name: string): string | undefined {
  return name.startsWith(ALARM_PREFIX) ? name.slice(ALARM_PREFIX.length) : undefined;
}

export interface AlarmSpec {
  name: string;
  periodInMinutes: number;
}

export function desiredAlarms(profiles: readonly Profile[]): AlarmSpec[] {
  return profiles.flatMap((p) =>
    p.enabled && p.schedule.interval.kind === "minutes" ? [{ name: alarmName(p.id), periodInMinutes: p.schedule.interval.minutes }] : [],
  );
}

/** Alarms to (re)create and to clear; ours only, an alarm whose period changed is re-created. */
export function diffAlarms(params: { desired: readonly AlarmSpec[]; existing: readonly AlarmSpec[] }): { create: AlarmSpec[]; clear: string[] } {
  const ours = params.existing.filter((a) => profileIdOfAlarm(a.name) !== undefined);
  const existing = new Map(ours.map((a) => [a.name, a.periodInMinutes]));
  const wanted = new Set(params.desired.map((a) => a.name));
  return {
    create: params.desired.filter((a) => existing.get(a.name) !== a.periodInMinutes),
    clear: ours.filter((a) => !wanted.has(a.name)).map((a) => a.name),
  };
}

/** Whether `trigger` may start a sync of `profile` now. "manual" (Sync now) always may. */
export function mayRun(params: { profile: Profile; trigger: SyncTrigger; lastResult: LastResult | undefined; now?: number }): boolean {
  const { profile, trigger, lastResult } = params;
  if (!profile.enabled) return false;
  // The server said when to come back (Retry-After): automatic runs before then would only be refused.
  if (trigger !== "manual" && lastResult?.retryAt !== undefined && params.now !== undefined && params.now < lastResult.retryAt) return false;
  switch (trigger) {
    case "manual":
      return true;
    case "schedule":
      return !lastResult?.needsSignIn && profile.schedule.interval.kind === "minutes";
    case "startup":
      return !lastResult?.needsSignIn && profile.schedule.onStartup;
    case "change":
      return !lastResult?.needsSignIn && profile.schedule.onChange.enabled;
  }
}
