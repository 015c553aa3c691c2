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

// --- Profiler for scripts/bench-tb: wraps fetch, storage.local and davsyncCalendar in this page
// (the background's own objects, so the real sync path is measured) and records every call as an
// interval. The bench attributes each moment of a run to the busiest kind of outstanding call.
interface ProfileInterval {
  kind: string;
  start: number;
  end: number;
  /** storage.set: characters of the JSON written; fetch: characters of the request body. */
  size?: number;
  keys?: number;
}
let profileLog: ProfileInterval[] | null = null;
let profileOverheadMs = 0;
const unpatch: (() => void)[] = [];

function replaceMethod(owner: Record<string, unknown>, name: string, make: (original: (...a: unknown[]) => Promise<unknown>) => (...a: unknown[]) => Promise<unknown>): boolean {
  const original = owner[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
  if (typeof original !== "function") return false;
  const bound = original.bind(owner);
  const wrapped = make(bound);
  try {
    Object.defineProperty(owner, name, { value: wrapped, configurable: true, writable: true, enumerable: true });
  } catch {
    return false;
  }
  if (owner[name] !== wrapped) return false;
  unpatch.push(() => Object.defineProperty(owner, name, { value: original, configurable: true, writable: true, enumerable: true }));
  return true;
}

function fetchKind(init: RequestInit | undefined): string {
  const method = (init?.method ?? "GET").toUpperCase();
  const body = typeof init?.body === "string" ? init.body : "";
  if (method !== "REPORT") return `fetch ${method}`;
  const report = /calendar-multiget|addressbook-multiget|sync-collection|calendar-query|addressbook-query/.exec(body)?.[0] ?? "other";
  return `fetch REPORT ${report}`;
}

function profileStart(): string[] {
  profileStop();
  profileLog = [];
  profileOverheadMs = 0;
  const patched: string[] = [];
  const record = async (kind: string, run: () => Promise<unknown>, measure?: () => Partial<ProfileInterval>): Promise<unknown> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      const end = performance.now();
      const log = profileLog;
      if (log) {
        const entry: ProfileInterval = { kind, start, end };
        if (measure) {
          const m0 = performance.now();
          Object.assign(entry, measure());
          profileOverheadMs += performance.now() - m0;
          log.push({ kind: "probe", start: m0, end: performance.now() });
        }
        log.push(entry);
      }
    }
  };
  const g = globalThis as unknown as Record<string, unknown>;
  if (
    replaceMethod(g, "fetch", (original) => (input: unknown, init?: unknown) => {
      const i = init as RequestInit | undefined;
      // The driver's own traffic to the harness is not part of a sync.
      if (typeof input === "string" && base && input.startsWith(base)) return original(input, init);
      return record(fetchKind(i), () => original(input, init), () => ({ size: typeof i?.body === "string" ? i.body.length : 0 }));
    })
  )
    patched.push("fetch");
  const storage = messenger.storage.local as unknown as Record<string, unknown>;
  for (const name of ["get", "set", "remove"]) {
    const ok = replaceMethod(storage, name, (original) => (arg: unknown) =>
      record(`storage.${name}`, () => original(arg), () => {
        if (name === "set" && arg && typeof arg === "object") return { keys: Object.keys(arg).length, size: JSON.stringify(arg).length };
        if (Array.isArray(arg)) return { keys: arg.length };
        return { keys: 1 };
      }),
    );
    if (ok) patched.push(`storage.${name}`);
  }
  const calendar = messenger.davsyncCalendar as unknown as Record<string, unknown>;
  for (const name of ["listItems", "getItems", "getItem", "addItem", "addItems", "modifyItem", "deleteItem", "createCalendar", "getCalendar", "getCalendars"]) {
    const ok = replaceMethod(calendar, name, (original) => (...args: unknown[]) =>
      record(`calendar.${name}`, () => original(...args), () => ({ size: typeof args[1] === "string" ? args[1].length : 0 })),
    );
    if (ok) patched.push(`calendar.${name}`);
  }
  return patched;
}

function profileStop(): { intervals: ProfileInterval[]; overheadMs: number } {
  while (unpatch.length > 0) unpatch.pop()!();
  const intervals = profileLog ?? [];
  profileLog = null;
  return { intervals, overheadMs: profileOverheadMs };
}

// --- The options page as a user drives it. It runs in a tab in this (the extension's) process,
// so its window is one of extension.getViews(); fields are found by their label, buttons by their
// text, and typing is a value set plus the input / change events a keyboard would fire.
function optionsWindow(): Window & typeof globalThis {
  const view = messenger.extension.getViews({ type: "tab" }).find((w) => w.location.pathname.endsWith("/options/index.html"));
  if (!view) throw new Error("The options page is not open in a tab (runtime.openOptionsPage first)");
  return view as Window & typeof globalThis;
}

const squash = (text: string | null | undefined): string => (text ?? "").replace(/\s+/g, " ").trim();

function optionsPageText(): { url: string; text: string } {
  const win = optionsWindow();
  return { url: win.location.href, text: squash(win.document.body.innerText || win.document.body.textContent) };
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function controlByLabel(doc: Document, label: string): Control {
  for (const element of doc.querySelectorAll("label")) {
    const control = (element.control ?? element.querySelector("input, select, textarea")) as Control | null;
    if (!control) continue;
    if (squash(element.querySelector("span")?.textContent) === label || squash(element.textContent) === label) return control;
  }
  const named = [...doc.querySelectorAll<Control>("input, select, textarea")].find((c) => c.getAttribute("aria-label") === label || c.getAttribute("placeholder") === label);
  if (named) return named;
  throw new Error(`No field labelled "${label}" on the options page`);
}

function optionsPageFill(label: unknown, value: unknown): void {
  const win = optionsWindow();
  const control = controlByLabel(win.document, String(label));
  if (control.disabled) throw new Error(`The field "${String(label)}" is disabled`);
  control.focus();
  control.value = String(value);
  control.dispatchEvent(new win.Event("input", { bubbles: true }));
  control.dispatchEvent(new win.Event("change", { bubbles: true }));
}

/** A button by its text or aria-label: an exact match first, else the first that starts with it ("Create profiles (7)"). */
function optionsPageClick(name: unknown): void {
  const wanted = String(name);
  const doc = optionsWindow().document;
  const buttons = [...doc.querySelectorAll<HTMLElement>("button, [role='button'], [role='switch']")];
  const nameOf = (b: HTMLElement) => b.getAttribute("aria-label") || squash(b.textContent);
  const button = buttons.find((b) => nameOf(b) === wanted) ?? buttons.find((b) => nameOf(b).startsWith(wanted));
  if (!button) throw new Error(`No button "${wanted}" on the options page; buttons: ${buttons.map(nameOf).join(" | ")}`);
  if ((button as HTMLButtonElement).disabled || button.getAttribute("aria-disabled") === "true") throw new Error(`The button "${wanted}" is disabled`);
  button.click();
}

/** The driver's own functions, addressed as "driver.<name>". */
const driverApi: Record<string, (...args: unknown[]) => unknown> = {
  ping: () => "pong",
  /** Starts recording the background's fetch / storage.local / davsyncCalendar calls; returns what was wrapped. */
  profileStart,
  /** Stops recording and returns the intervals (performance.now() ms) and the probe's own cost. */
  profileStop,
  /** performance.now() of this page, to line intervals up with a run. */
  now: () => performance.now(),
  subscribe: (eventPath: unknown) => subscribe(String(eventPath)),
  subscriptions: () => [...subscribed],
  /** The options page's URL and the text a user reads on it. */
  optionsPageText,
  /** Types `value` into the options page's field labelled `label`. */
  optionsPageFill,
  /** Clicks the options page's button named `name`. */
  optionsPageClick,
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
  for (const eventPath of config.forwardEvents === false ? [] : DEFAULT_EVENTS) {
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
