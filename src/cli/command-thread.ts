// davsync runs its command in a worker thread with a small young generation. V8 sizes the main
// thread's young generation by how fast it allocates, up to 16 MB per semi-space: a sync of 5 000
// items allocates fast enough to reach it, one of 1 000 does not, so the process's peak RSS grew
// with the collection by ~30 MB that held nothing (measured: no-change sync of 1 000 → 5 000 events,
// +34 MB in-process, +11..14 MB in this thread; a worker's limit is the only way to set it without a
// command-line flag). Starting the thread costs ~50 ms per run. The main thread only launches the
// worker, forwards Ctrl-C and returns its exit code; the worker's output reaches the process's
// stdout / stderr through Node's forwarding.
import { Worker, type MessagePort } from "node:worker_threads";
import { heldLockRecords, onHeldLocksChange, releaseLockRecords, type LockRecord } from "./run-lock";

/**
 * The command thread's young generation. Measured on the 5 000-event first sync (Radicale, tmpfs),
 * CPU of the command thread / its GC, and peak RSS growth 1 000 → 5 000 events (initial, no-change):
 * 3 MB: 1.74–1.97 s / 0.42–0.49 s, +25 / +14 MB; 6 MB: 1.47–1.69 s / 0.29–0.35 s, +26 / +11 MB;
 * 16 MB (V8's own size for the main thread): 1.51 s / 0.20–0.22 s, +22..+31 / +23 MB.
 */
export const COMMAND_YOUNG_GENERATION_MB = 6;

/**
 * The command thread's first old-generation limit. V8 lets a heap grow by up to 4× its live size
 * between full collections when its limit is 2 GB or more (the default here), and by 1.3–2× below
 * that: at 1 GB, ~1.6×. A 5 000-event first sync peaks with ~21 MB live after ~26 MB of garbage
 * promoted during the download; under this limit its peak RSS is ~12 MB lower (143 vs 155 MB,
 * three runs each), in the same time. It holds ~2.6 KB per item, so ~350 000 items fit; a command
 * that needs more runs again with V8's own limit (launchCommandThread), from its last saved status.
 */
export const COMMAND_OLD_GENERATION_MB = 1024;

/** workerData of the command thread; bin.ts recognizes the role. */
export interface CommandThreadData {
  role: "davsync-command";
  argv: string[];
}

/** Main thread → command thread. */
export type CommandMessage = { type: "abort" };
/** Command thread → main thread: the run locks it holds (released by the main thread on a forced exit). */
export type CommandReport = { type: "locks"; locks: LockRecord[] };

export function isCommandThreadData(data: unknown): data is CommandThreadData {
  return typeof data === "object" && data !== null && (data as { role?: unknown }).role === "davsync-command";
}

/**
 * Starts the command thread and ties the process to it: the first SIGINT / SIGTERM asks the command
 * to stop after the item in flight (status saved); a second one exits at once, removing the run
 * locks the thread reported. The process exits with the thread's exit code.
 */
export function launchCommandThread(params: { script: URL | string; argv: string[]; oldGenerationMb?: number | undefined }): void {
  const data: CommandThreadData = { role: "davsync-command", argv: params.argv };
  const oldGenerationMb = params.oldGenerationMb ?? COMMAND_OLD_GENERATION_MB;
  const worker = new Worker(params.script, {
    workerData: data,
    resourceLimits: {
      maxYoungGenerationSizeMb: COMMAND_YOUNG_GENERATION_MB,
      ...(oldGenerationMb > 0 ? { maxOldGenerationSizeMb: oldGenerationMb } : {}),
    },
  });
  let locks: LockRecord[] = [];
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!signalled) {
      signalled = true;
      worker.postMessage({ type: "abort" } satisfies CommandMessage);
      return;
    }
    releaseLockRecords(locks);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  worker.on("message", (report: CommandReport) => {
    if (report.type === "locks") locks = report.locks;
  });
  let relaunch = false;
  worker.on("error", (error: Error & { code?: string }) => {
    // Every command can be stopped at any point and run again (a sync continues from its last saved
    // status), so one that outgrew its first heap limit runs again without it.
    if (error.code === "ERR_WORKER_OUT_OF_MEMORY" && oldGenerationMb > 0 && !signalled) {
      process.stderr.write(`davsync: the command needed more than ${oldGenerationMb} MB of memory; running it again without that limit\n`);
      relaunch = true;
      return;
    }
    process.stderr.write(`davsync: unexpected failure: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  });
  worker.on("exit", (code) => {
    releaseLockRecords(locks); // a thread that died holding one (its own exit handler did not run)
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    if (relaunch) launchCommandThread({ ...params, oldGenerationMb: 0 });
    else process.exitCode ??= code;
  });
}

/** The command thread's side: an abort signal driven by the main thread, and lock reports to it. */
export function commandThreadIo(port: MessagePort): { signal: AbortSignal; close: () => void } {
  const controller = new AbortController();
  const onMessage = (message: CommandMessage) => {
    if (message.type === "abort") controller.abort();
  };
  port.on("message", onMessage);
  const stopWatching = onHeldLocksChange(() => port.postMessage({ type: "locks", locks: heldLockRecords() } satisfies CommandReport));
  return {
    signal: controller.signal,
    // The port must not keep the thread alive once the command is done.
    close: () => {
      stopWatching();
      port.off("message", onMessage);
      port.unref();
    },
  };
}
