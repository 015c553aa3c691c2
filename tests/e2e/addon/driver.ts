// E2E driver, compiled only into the test build (vite --mode e2e): a generic RPC client inside
// Thunderbird. It long-polls the harness (scripts/thunderbird/driver-server.mjs, whose typedefs
// define the wire protocol) for `{ id, api: "ns.fn", args }`, runs messenger.ns.fn(...args) —
// any namespace the add-on may use — and posts `{ id, ok, result | error }` back. It also
// forwards WebExtension events, so tests can wait for them. New tests need no new driver code.
import type {
  DriverCommand,
  DriverEvent,
  DriverReady,
  DriverReply,
} from "../../../scripts/thunderbird/driver-server.mjs";

/** Events forwarded from the start, so nothing that happens before a test subscribes is lost. */
const DEFAULT_EVENTS = [
  "davsyncCalendar.onItemAdded",
  "davsyncCalendar.onItemModified",
  "davsyncCalendar.onItemRemoved",
  "addressBooks.onCreated",
  "addressBooks.onDeleted",
  "contacts.onCreated",
  "contacts.onUpdated",
  "contacts.onDeleted",
];

// Retries stay short: when the harness is gone, Thunderbird is about to be stopped anyway.
const RETRY_MS = 500;
const STARTUP_WAIT_MS = 60_000;

interface WebExtEventLike {
  addListener(listener: (...args: unknown[]) => void): void;
}

let base = "";
const subscribed = new Set<string>();
// Events are posted one after another so the harness sees them in the order they fired.
let eventChain: Promise<void> = Promise.resolve();

function describeError(error: unknown): { message: string; name?: string } {
  if (error instanceof Error) return { message: error.message, name: error.name };
  if (error && typeof error === "object" && "message" in error) return { message: String(error.message) };
  return { message: String(error) };
}

async function post(path: string, body: unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(base + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.ok) return;
      throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (attempt >= 5) {
        console.error(`[e2e-driver] POST ${path} failed: ${describeError(error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

/** Resolves "a.b.c" below `messenger`: returns the value and the object that holds it. */
function resolvePath(path: string): { owner: Record<string, unknown>; value: unknown } {
  const parts = path.split(".");
  let owner = messenger as unknown as Record<string, unknown>;
  for (const [index, part] of parts.entries()) {
    const value = owner[part];
    if (index === parts.length - 1) return { owner, value };
    if (!value || typeof value !== "object") {
      throw new Error(`messenger.${parts.slice(0, index + 1).join(".")} does not exist (missing permission or experiment?)`);
    }
    owner = value as Record<string, unknown>;
  }
  throw new Error(`Empty API path "${path}"`);
}

function subscribe(eventPath: string): void {
  if (subscribed.has(eventPath)) return;
  const { value } = resolvePath(eventPath);
  const event = value as Partial<WebExtEventLike> | undefined;
  if (typeof event?.addListener !== "function") throw new Error(`messenger.${eventPath} is not an event`);
  event.addListener((...args: unknown[]) => {
    const message: Omit<DriverEvent, "seq"> = { name: eventPath, args, at: Date.now() };
    eventChain = eventChain.then(() => post("/event", message));
  });
  subscribed.add(eventPath);
}

/** The driver's own functions, addressed as "driver.<name>". */
const driverApi: Record<string, (...args: unknown[]) => unknown> = {
  ping: () => "pong",
  subscribe: (eventPath: unknown) => subscribe(String(eventPath)),
  subscriptions: () => [...subscribed],
};

async function execute(command: DriverCommand): Promise<unknown> {
  const { api, args } = command;
  if (api.startsWith("driver.")) {
    const fn = driverApi[api.slice("driver.".length)];
    if (!fn) throw new Error(`Unknown driver function ${api}`);
    return fn(...args);
  }
  const { owner, value } = resolvePath(api);
  if (typeof value !== "function") throw new Error(`messenger.${api} is not a function`);
  return (value as (...a: unknown[]) => unknown).apply(owner, args);
}

async function run(command: DriverCommand): Promise<void> {
  let reply: DriverReply;
  try {
    reply = { id: command.id, ok: true, result: await execute(command) };
  } catch (error) {
    reply = { id: command.id, ok: false, error: describeError(error) };
  }
  await post("/reply", reply);
}

async function pollForever(): Promise<never> {
  for (;;) {
    let commands: DriverCommand[] = [];
    try {
      // Never cached: commands may carry passwords (see the harness's Cache-Control: no-store).
      const response = await fetch(`${base}/commands`, { cache: "no-store" });
      commands = (await response.json()) as DriverCommand[];
    } catch {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      continue;
    }
    // Not awaited: a slow call must not hold up the next command (e.g. quit).
    for (const command of commands) void run(command);
  }
}

export async function startE2EDriver(): Promise<void> {
  const config = await messenger.e2eDriver.getConfig();
  if (!config.harnessPort) {
    console.warn("[e2e-driver] pref davsync.e2e.harnessPort is not set: driver idle");
    return;
  }
  base = `http://127.0.0.1:${config.harnessPort}`;
  for (const eventPath of DEFAULT_EVENTS) {
    try {
      subscribe(eventPath);
    } catch (error) {
      await post("/log", { message: `cannot subscribe to ${eventPath}: ${describeError(error).message}` });
    }
  }
  try {
    // Tests should meet the UI a user meets: main window, calendar, toolbar all set up.
    await messenger.e2eDriver.waitForStartup(STARTUP_WAIT_MS);
  } catch (error) {
    await post("/log", { message: describeError(error).message });
  }
  const ready: DriverReady = {
    runId: config.runId,
    appName: config.appName,
    appVersion: config.appVersion,
    addonVersion: messenger.runtime.getManifest().version,
    headless: config.headless,
    profileDir: config.profileDir,
  };
  await post("/ready", ready);
  await pollForever();
}
