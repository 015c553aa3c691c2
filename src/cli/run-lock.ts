// One davsync run per folder: a lock file next to the status file, created exclusively (written
// to a temp file, then link(): the name appears with its content, never empty) holding the pid,
// start time and host of the run. A second run is refused with who holds it since when; a lock
// whose process is gone (same host, pid not alive, or alive but started after the lock: a reused
// pid) is stale and taken over, with a note. Takeover itself is exclusive (a second lock file
// guards it), so two runs that find the same stale lock cannot both win.
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { TEMP_PREFIX } from "../vdir";

export interface LockHolder {
  pid: number;
  /** ISO time the holder started. */
  started: string;
  host: string;
}

export class LockBusy extends Error {
  override readonly name = "LockBusy";
  constructor(
    readonly holder: LockHolder | undefined,
    readonly path: string,
  ) {
    super(
      holder
        ? `another davsync run (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`}) is syncing this folder since ${holder.started}; ` +
            `wait for it to finish${holder.host === hostname() ? "" : `, or delete ${path} if that run is surely gone`}`
        : `another davsync run is syncing this folder (lock ${path}); wait for it to finish`,
    );
  }
}

export interface RunLock {
  path: string;
  /** Removes the lock if it is still ours. Safe to call more than once. */
  release(): void;
}

/** The lock file of a status file: FOLDER/.davsync-status.lock for the default one. */
export function lockPathFor(statusFile: string): string {
  return `${statusFile.replace(/\.json$/, "")}.lock`;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (Number.isInteger(data.pid) && typeof data.started === "string" && typeof data.host === "string") {
      return { pid: data.pid!, started: data.started, host: data.host };
    }
  } catch {
    // unreadable: treated as held by an unknown run
  }
  return undefined;
}

/** When a live process started, from /proc (Linux); undefined elsewhere. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime, clock ticks since boot) counts from after the ")" that ends the command name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
    return btime * 1000 + (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Whether the holder's run can still be running. Another host's run cannot be checked: assume it is. */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  // Alive, but started well after the lock was taken: the pid was reused by another process.
  const started = processStartMs(holder.pid);
  const locked = Date.parse(holder.started);
  return started === undefined || !Number.isFinite(locked) || started <= locked + 2000;
}

/** Creates `path` with `text` only if it does not exist; false when it does. */
function createExclusive(path: string, text: string): boolean {
  const tmp = join(dirname(path), `${TEMP_PREFIX}lock-${process.pid}-${Date.now()}`);
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Takes the lock or throws LockBusy. `onNote` hears about a stale lock taken over. The lock is
 * released by release(); bin.ts also releases it on exit and on SIGINT / SIGTERM.
 */
export function acquireLock(params: { statusFile: string; onNote?: (line: string) => void; now?: () => number }): RunLock {
  const path = lockPathFor(params.statusFile);
  const me: LockHolder = { pid: process.pid, started: new Date(params.now?.() ?? Date.now()).toISOString(), host: hostname() };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, text)) return ownLock(path, me);
    const holder = readHolder(path);
    if (!holder || holderAlive(holder)) throw new LockBusy(holder, path);
    // Stale. Only the run that creates the takeover guard may replace it; a guard left by a
    // crashed takeover is old after a few seconds.
    const guard = `${path}.takeover`;
    if (!createExclusive(guard, text)) {
      const age = Date.now() - (statSafe(guard) ?? Date.now());
      if (age > 10_000) unlinkQuietly(guard);
      continue;
    }
    try {
      const again = readHolder(path);
      if (again && again.pid === holder.pid && again.started === holder.started) {
        unlinkQuietly(path);
        params.onNote?.(`took over a stale lock of pid ${holder.pid} (started ${holder.started}, no longer running)`);
      }
    } finally {
      unlinkQuietly(guard);
    }
  }
  throw new LockBusy(readHolder(path), path);
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Locks this thread holds: bin.ts releases them when the process exits or is interrupted. */
const held = new Map<RunLock, LockRecord>();
const heldListeners = new Set<() => void>();

/** A held lock as another thread of this process can release it: its file and what it says. */
export interface LockRecord {
  path: string;
  holder: LockHolder;
}

/** Releases every lock this thread holds (exit handlers; synchronous). */
export function releaseHeldLocks(): void {
  for (const lock of [...held.keys()]) lock.release();
}

export function heldLockRecords(): LockRecord[] {
  return [...held.values()];
}

/** Calls `listener` whenever a lock is taken or released; returns the unsubscribe. */
export function onHeldLocksChange(listener: () => void): () => void {
  heldListeners.add(listener);
  return () => heldListeners.delete(listener);
}

/** Removes these lock files where they still name their holder (the main thread, for the command thread). */
export function releaseLockRecords(records: readonly LockRecord[]): void {
  for (const { path, holder } of records) releaseIfOurs(path, holder);
}

function releaseIfOurs(path: string, me: LockHolder): void {
  const now = readHolder(path);
  // Never remove a lock that is not ours (taken over after we were thought gone).
  if (now && now.pid === me.pid && now.started === me.started) unlinkQuietly(path);
}

function ownLock(path: string, me: LockHolder): RunLock {
  const lock: RunLock = {
    path,
    release: () => {
      if (!held.delete(lock)) return;
      releaseIfOurs(path, me);
      for (const listener of heldListeners) listener();
    },
  };
  held.set(lock, { path, holder: me });
  for (const listener of heldListeners) listener();
  return lock;
}
