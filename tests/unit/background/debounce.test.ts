// KeyedDebouncer: a burst of edits fires once, after the quiet period, per key.
import { describe, expect, it } from "vitest";
import { KeyedDebouncer, type Timers } from "../../../src/background/debounce";

/** Timers driven by hand: advance(ms) fires what is due. */
function manualTimers() {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      next += 1;
      pending.set(next, { at: now + ms, fn });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now) {
        pending.delete(id);
        t.fn();
      }
    }
  };
  return { timers, advance };
}

describe("KeyedDebouncer", () => {
  it("fires once, delayMs after the last touch of a burst", () => {
    const { timers, advance } = manualTimers();
    const debouncer = new KeyedDebouncer({ timers });
    const fired: string[] = [];
    const touch = () => debouncer.touch({ key: "meetings", delayMs: 10_000, fire: () => fired.push("meetings") });
    touch();
    advance(6_000);
    touch();
    advance(6_000);
    expect(fired).toEqual([]);
    expect(debouncer.isPending("meetings")).toBe(true);
    advance(4_000);
    expect(fired).toEqual(["meetings"]);
    expect(debouncer.isPending("meetings")).toBe(false);
  });

  it("keeps keys apart: an edit in one profile does not delay another", () => {
    const { timers, advance } = manualTimers();
    const debouncer = new KeyedDebouncer({ timers });
    const fired: string[] = [];
    debouncer.touch({ key: "a", delayMs: 10_000, fire: () => fired.push("a") });
    advance(5_000);
    debouncer.touch({ key: "b", delayMs: 10_000, fire: () => fired.push("b") });
    advance(5_000);
    expect(fired).toEqual(["a"]);
    advance(5_000);
    expect(fired).toEqual(["a", "b"]);
  });

  it("cancel() drops a pending fire", () => {
    const { timers, advance } = manualTimers();
    const debouncer = new KeyedDebouncer({ timers });
    let fired = 0;
    debouncer.touch({ key: "a", delayMs: 1_000, fire: () => void fired++ });
    debouncer.cancel("a");
    advance(5_000);
    expect(fired).toBe(0);
  });
});
