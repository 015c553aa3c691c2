// The `davsync` executable (bundled to dist-cli/davsync.mjs by vite.cli.config.ts). The main thread
// launches the command in a worker thread of the same file (command-thread.ts: a small young
// generation keeps peak memory flat as collections grow) and exits with its code. Ctrl-C stops after
// the item in flight, with the status saved, so the next run continues; a second Ctrl-C stops at
// once. The folder's lock is released on every way out (main's finally, the thread's exit handler,
// the main thread on a second signal or a thread that died).
// The same file is the inspect workers' script (inspect-workers.ts): started with their
// workerData, it serves inspections instead.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { commandThreadIo, isCommandThreadData, launchCommandThread } from "./command-thread";
import { isInspectWorkerData, serveInspections } from "./inspect-worker";
import { main } from "./main";
import { releaseHeldLocks } from "./run-lock";

const script = new URL(import.meta.url);

function runCommand(params: { argv: string[]; signal: AbortSignal; done: () => void }): void {
  process.on("exit", releaseHeldLocks);
  main({
    argv: params.argv,
    env: process.env,
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    signal: params.signal,
    inspectWorkers: { script },
  })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`davsync: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      },
    )
    .finally(params.done);
}

/** DAVSYNC_HEAP_MB: the command's first heap limit in MB (command-thread.ts); 0 = V8's own. */
function heapLimitMb(): number | undefined {
  const value = process.env["DAVSYNC_HEAP_MB"];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

if (isMainThread) launchCommandThread({ script, argv: process.argv.slice(2), oldGenerationMb: heapLimitMb() });
else if (parentPort && isInspectWorkerData(workerData)) serveInspections({ port: parentPort, data: workerData });
else if (parentPort && isCommandThreadData(workerData)) {
  const io = commandThreadIo(parentPort);
  runCommand({ argv: workerData.argv, signal: io.signal, done: io.close });
}
