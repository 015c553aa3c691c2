// NotificationGate: at most one notification per profile and message within `quietMs`. A server
// that is down fails every scheduled run; the user needs to hear it once, not every 5 minutes.
// A different message (a new kind of problem) passes at once. Pure (clock injected).

const DEFAULT_QUIET_MS = 60 * 60 * 1000;

export class NotificationGate {
  private readonly last = new Map<string, { key: string; at: number }>();
  private readonly quietMs: number;
  private readonly now: () => number;

  constructor(params: { quietMs?: number; now?: () => number } = {}) {
    this.quietMs = params.quietMs ?? DEFAULT_QUIET_MS;
    this.now = params.now ?? Date.now;
  }

  /** True when this notification should be shown (and records it as shown). */
  allow(params: { profileId: string; messageKey: string }): boolean {
    const { profileId, messageKey } = params;
    const prev = this.last.get(profileId);
    const now = this.now();
    if (prev && prev.key === messageKey && now - prev.at < this.quietMs) return false;
    this.last.set(profileId, { key: messageKey, at: now });
    return true;
  }

  /** A successful run: the next failure is news again. */
  reset(profileId: string): void {
    this.last.delete(profileId);
  }
}
