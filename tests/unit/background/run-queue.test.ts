// RunQueue: one run per profile at a time; requests during a run coalesce into one more run.
import { describe, expect, it } from "vitest";
import { RunQueue } from "../../../src/background/run-queue";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("RunQueue", () => {
  it("starts a run at once when the profile is idle", async () => {
    const queue = new RunQueue();
    let runs = 0;
    expect(queue.request({ key: "a", task: async () => void runs++ })).toBe("started");
    await queue.whenIdle("a");
    expect(runs).toBe(1);
    expect(queue.isRunning("a")).toBe(false);
  });

  it("queues one more run for any number of requests during a run", async () => {
    const queue = new RunQueue();
    const first = gate();
    let runs = 0;
    const task = async () => {
      runs += 1;
      if (runs === 1) await first.opened;
    };
    expect(queue.request({ key: "a", task })).toBe("started");
    expect(queue.request({ key: "a", task })).toBe("queued");
    expect(queue.request({ key: "a", task })).toBe("already-queued");
    first.open();
    await queue.whenIdle("a");
    expect(runs).toBe(2);
  });

  it("runs different profiles side by side", async () => {
    const queue = new RunQueue();
    const hold = gate();
    queue.request({ key: "a", task: () => hold.opened });
    expect(queue.request({ key: "b", task: async () => undefined })).toBe("started");
    await queue.whenIdle("b");
    expect(queue.isRunning("a")).toBe(true);
    hold.open();
    await queue.whenIdle("a");
    expect(queue.runningKeys()).toEqual([]);
  });

  it("releases the profile when its task throws", async () => {
    const queue = new RunQueue();
    queue.request({ key: "a", task: async () => Promise.reject(new Error("boom")) });
    await queue.whenIdle("a");
    expect(queue.request({ key: "a", task: async () => undefined })).toBe("started");
  });
});

describe("RunQueue idle callback", () => {
  it("calls onIdle once the key has nothing running or queued, after it is no longer listed", async () => {
    const seen: string[][] = [];
    const queue: RunQueue = new RunQueue({ onIdle: () => seen.push(queue.runningKeys()) });
    let release!: () => void;
    let runs = 0;
    // A queued request re-runs the slot's task: the first run waits, the second returns at once.
    const task = () => (++runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve());
    queue.request({ key: "a", task });
    queue.request({ key: "a", task });
    expect(seen).toEqual([]);
    release();
    await queue.whenIdle("a");
    expect(runs).toBe(2);
    expect(seen).toEqual([[]]);
  });
});
