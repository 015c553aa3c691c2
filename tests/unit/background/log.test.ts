// The add-on's log: a ring buffer with levels, and redaction — no password, Authorization header,
// token or URL credential ever reaches a line, whatever the caller passes in.
import { describe, expect, test } from "vitest";
import { formatLogLine, Log, redact } from "../../../src/background/log";

describe("redaction", () => {
  const secrets = [
    ["Authorization: Basic amFuOnMzY3JldA==", "amFuOnMzY3JldA=="],
    ['headers {"authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"}', "eyJhbGciOiJIUzI1NiJ9"],
    ["login with password=hunter2&user=jan", "hunter2"],
    ['{"username":"jan","password":"s3cr3t!"}', "s3cr3t!"],
    ["GET https://jan:topsecret@dav.example.com/cal/", "topsecret"],
    ["refresh_token: 1//0gAbCdEf", "1//0gAbCdEf"],
    ["sent Bearer abcdefghijkl0123", "abcdefghijkl0123"],
  ] as const;
  test.each(secrets)("hides the secret in %s", (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
  });

  test("leaves ordinary text alone", () => {
    expect(redact("PUT /cal/meeting.ics → HTTP 412 (etag changed)")).toBe("PUT /cal/meeting.ics → HTTP 412 (etag changed)");
  });

  test("every line added to the log is redacted", () => {
    const log = new Log({ now: () => 0 });
    log.error("401 with Authorization: Basic amFuOnMzY3JldA==", "p");
    expect(JSON.stringify(log.list())).not.toContain("amFuOnMzY3JldA==");
  });
});

describe("the ring buffer", () => {
  test("keeps the last lines only and skips debug lines unless the level is debug", () => {
    const log = new Log({ now: () => 1, limit: 3 });
    for (let i = 0; i < 5; i++) log.info(`line ${i}`);
    log.debug("hidden");
    expect(log.list().map((l) => l.message)).toEqual(["line 2", "line 3", "line 4"]);
    log.setLevel("debug");
    log.debug("shown", "p");
    expect(log.list().at(-1)).toEqual({ at: 1, level: "debug", profileId: "p", message: "shown" });
    log.clear();
    expect(log.list()).toEqual([]);
  });

  test("formats a line for the saved .txt", () => {
    expect(formatLogLine({ at: 0, level: "info", profileId: "p", message: "ok" }, "Meetings")).toBe("1970-01-01T00:00:00.000Z INFO  [Meetings] ok");
  });
});
