// KeyedDebouncer: fires once per key after `delayMs` of quiet. The change trigger uses it so a
// burst of edits in one calendar (dragging an event fires several modifications) syncs that one
// profile once, ~10 s after the last edit. Timers are injected: tests drive them by hand. Pure.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class KeyedDebouncer {
  private readonly pending = new Map<string, unknown>();
  private readonly timers: Timers;

  constructor(params: { timers?: Timers } = {}) {
    this.timers = params.timers ?? realTimers;
  }

  /** (Re)starts the quiet period of `key`; `fire` runs when it ends without another touch. */
  touch(params: { key: string; delayMs: number; fire: () => void }): void {
    const { key, delayMs, fire } = params;
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      fire();
    }, delayMs);
    this.pending.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.pending.delete(key);
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }
}
