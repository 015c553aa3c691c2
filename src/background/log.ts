// The add-on's log: a ring buffer of the last LOG_LIMIT lines (timestamp, level, profile, message)
// that the options page shows, clears and saves as a .txt file. Lives in memory only (a restart
// starts it anew). Every message passes redact() first: passwords, Authorization headers, bearer
// tokens and credentials in URLs never reach it, whatever a caller hands in.
import type { LogLevel } from "../core/general-options";

export const LOG_LIMIT = 1000;

export interface LogLine {
  at: number;
  level: "error" | "warn" | "info" | "debug";
  profileId?: string;
  message: string;
}

const HIDDEN = "[redacted]";

/** Removes anything that looks like a secret from one line of text. */
export function redact(text: string): string {
  return (
    text
      // Authorization: Basic …, Bearer …, Digest … (header lines and JSON-ish "authorization":"…")
      .replace(/(authorization["']?\s*[:=]\s*["']?)(?:basic|bearer|digest|negotiate)?\s*[^"'\s,}]+(?:[^\S\r\n]+[^"'\s,}]+)?/gi, `$1${HIDDEN}`)
      .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}/g, `$1 ${HIDDEN}`)
      // password=…, "password": "…", token: …, secret, api keys
      .replace(/((?:password|passwd|pwd|token|access_token|refresh_token|secret|api[_-]?key)["']?\s*[:=]\s*["']?)[^"'\s,&}]+/gi, `$1${HIDDEN}`)
      // https://user:password@host
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${HIDDEN}@`)
  );
}

export class Log {
  private lines: LogLine[] = [];
  private level: LogLevel = "info";

  constructor(private readonly params: { now?: () => number; limit?: number } = {}) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  add(line: Omit<LogLine, "at">): void {
    if (line.level === "debug" && this.level !== "debug") return;
    const limit = this.params.limit ?? LOG_LIMIT;
    this.lines.push({ ...line, message: redact(line.message), at: (this.params.now ?? Date.now)() });
    if (this.lines.length > limit) this.lines.splice(0, this.lines.length - limit);
  }

  info(message: string, profileId?: string): void {
    this.add({ level: "info", message, ...(profileId ? { profileId } : {}) });
  }

  warn(message: string, profileId?: string): void {
    this.add({ level: "warn", message, ...(profileId ? { profileId } : {}) });
  }

  debug(message: string, profileId?: string): void {
    this.add({ level: "debug", message, ...(profileId ? { profileId } : {}) });
  }

  error(message: string, profileId?: string): void {
    this.add({ level: "error", message, ...(profileId ? { profileId } : {}) });
  }

  list(): LogLine[] {
    return [...this.lines];
  }

  clear(): void {
    this.lines = [];
  }
}

/** One line of the saved .txt: ISO time, level, profile, message. */
export function formatLogLine(line: LogLine, profileName?: string): string {
  const who = profileName ?? line.profileId;
  return `${new Date(line.at).toISOString()} ${line.level.toUpperCase().padEnd(5)}${who ? ` [${who}]` : ""} ${line.message}`;
}
