// The `davsync` executable (bundled to dist-cli/davsync.mjs by vite.cli.config.ts): runs main()
// with the process's argv, environment and streams; Ctrl-C stops after the item in flight, with
// the status saved, so the next run continues; a second Ctrl-C stops at once. The folder's lock
// is released on every way out (main's finally, the exit handler, the second signal).
// The same file is the inspect workers' script (inspect-workers.ts): started as a worker with
// their workerData, it serves inspections instead.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isInspectWorkerData, serveInspections } from "./inspect-worker";
import { main } from "./main";
import { releaseHeldLocks } from "./run-lock";

function runCommand(): void {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    releaseHeldLocks();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", releaseHeldLocks);

  main({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    signal: controller.signal,
    inspectWorkers: { script: new URL(import.meta.url) },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`davsync: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (!isMainThread && parentPort && isInspectWorkerData(workerData)) serveInspections({ port: parentPort, data: workerData });
else runCommand();
