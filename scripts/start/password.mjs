// @ts-check
// The DAV password for `npm start`: from the environment (DAV_PASSWORD), else asked on the
// terminal without echo. Never from the command line, where `ps` and shell history would show it.
import { UsageError } from "./args.mjs";

/** @param {{ env: NodeJS.ProcessEnv, prompt: string }} params @returns {Promise<string>} */
export async function readPassword({ env, prompt }) {
  const fromEnv = env.DAV_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError("no password: set DAV_PASSWORD in the environment, or run npm start in a terminal to be asked for it");
  }
  const typed = await askHidden(prompt);
  if (typed === "") throw new UsageError("no password given");
  return typed;
}

/** Reads one line in raw mode, echoing nothing; Ctrl-C aborts. @param {string} prompt */
function askHidden(prompt) {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return /** @type {Promise<string>} */ (new Promise((resolve, reject) => {
    let typed = "";
    const finish = (/** @type {() => void} */ settle) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      settle();
    };
    const onData = (/** @type {string} */ chunk) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish(() => resolve(typed));
        if (ch === "\u0003") return finish(() => reject(new UsageError("cancelled")));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch >= " ") typed += ch;
      }
    };
    stdin.on("data", onData);
  }));
}
