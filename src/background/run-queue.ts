// RunQueue: one sync at a time per profile. Two syncs of one profile would both read the same
// status and write the same items twice (duplicates on the server), so a request that arrives
// while that profile is running is queued: exactly one more run follows, however many requests
// came in meanwhile (they all want "the state after my edit", which one later run gives).
// Contract: request() never throws; the task's own errors are the task's business. Pure.

export type RequestOutcome = "started" | "queued" | "already-queued";

interface Slot {
  running: Promise<void>;
  again: boolean;
}

export class RunQueue {
  private readonly slots = new Map<string, Slot>();

  /** `onIdle(key)` is called once a key has nothing running or queued (e.g. to clear a badge). */
  constructor(private readonly options: { onIdle?: (key: string) => void } = {}) {}

  /** Runs `task` for `key` now, or once after the current run when one is in progress. */
  request(params: { key: string; task: () => Promise<void> }): RequestOutcome {
    const { key, task } = params;
    const slot = this.slots.get(key);
    if (slot) {
      if (slot.again) return "already-queued";
      slot.again = true;
      return "queued";
    }
    const fresh: Slot = { running: Promise.resolve(), again: false };
    this.slots.set(key, fresh);
    fresh.running = this.loop({ key, slot: fresh, task });
    return "started";
  }

  isRunning(key: string): boolean {
    return this.slots.has(key);
  }

  runningKeys(): string[] {
    return [...this.slots.keys()];
  }

  /** Resolves when `key` has no run in progress or queued (tests, shutdown). */
  async whenIdle(key: string): Promise<void> {
    for (let slot = this.slots.get(key); slot; slot = this.slots.get(key)) await slot.running;
  }

  private async loop(params: { key: string; slot: Slot; task: () => Promise<void> }): Promise<void> {
    const { key, slot, task } = params;
    try {
      do {
        slot.again = false;
        try {
          await task();
        } catch {
          // The task reports its own failures; a throw must not leave the profile locked.
        }
      } while (slot.again);
    } finally {
      this.slots.delete(key);
      this.options.onIdle?.(key);
    }
  }
}
