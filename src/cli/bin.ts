// The `davsync` executable (bundled to dist-cli/davsync.mjs by vite.cli.config.ts): runs main()
// with the process's argv, environment and streams; Ctrl-C stops after the item in flight, with
// the status saved, so the next run continues; a second Ctrl-C stops at once. The folder's lock
// is released on every way out (main's finally, the exit handler, the second signal).
import { main } from "./main";
import { releaseHeldLocks } from "./run-lock";

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
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`davsync: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
