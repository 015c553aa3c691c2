// Echo suppression: the add-on's own writes never look like user edits to the change trigger.
import { describe, expect, it } from "vitest";
import { EchoFilter } from "../../../src/thunderbird/echo-filter";

const key = { folderId: "cal-1", itemId: "uid-1" };

describe("EchoFilter", () => {
  it("an event fired while our write is in flight is an echo", () => {
    const echo = new EchoFilter();
    echo.begin(key);
    expect(echo.isEcho({ key, version: "anything" })).toBe(true);
  });

  it("after the write, only the version it produced is an echo; a later user edit is not", () => {
    let now = 0;
    const echo = new EchoFilter({ now: () => now, holdMs: 5_000 });
    echo.begin(key);
    echo.end({ key, version: "v2" });
    expect(echo.isEcho({ key, version: "v2" })).toBe(true);
    expect(echo.isEcho({ key, version: "v3" })).toBe(false);
    expect(echo.isEcho({ key: { ...key, itemId: "uid-2" }, version: "v2" })).toBe(false);
    now = 6_000;
    expect(echo.isEcho({ key, version: "v2" })).toBe(false);
  });

  it("a failed write explains nothing once it is over", () => {
    const echo = new EchoFilter();
    echo.begin(key);
    echo.end({ key, failed: true });
    expect(echo.isEcho({ key, version: "v1" })).toBe(false);
  });

  it("concurrent writes of one item stay in flight until the last ends", () => {
    const echo = new EchoFilter();
    echo.begin(key);
    echo.begin(key);
    echo.end({ key, failed: true });
    expect(echo.isEcho({ key, version: "x" })).toBe(true);
  });
});
