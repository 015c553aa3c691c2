// The add-on's time window: days around the run's start, and the Thunderbird side's inTimeRange
// judged from the spans its item cache keeps (no span = no dates = inside).
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../src/core";
import { newProfile } from "../../../src/core/profile/defaults";
import { profileWindow, withTimeWindow } from "../../../src/background/time-window";
import type { ItemCache } from "../../../src/thunderbird/item-cache";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26);
const base = newProfile({ id: "p", kind: "events", name: "p", url: "https://acme.easyproject.cz/caldav/alice/meetings/" });

describe("profileWindow", () => {
  it("is days past / future around now, or none when the range is off", () => {
    const profile = { ...base, sync: { ...base.sync, timeRange: { kind: "window" as const, daysPast: 7, daysFuture: 180 } } };
    expect(profileWindow({ profile, now: NOW })).toEqual({ start: NOW - 7 * DAY, end: NOW + 180 * DAY });
    expect(profileWindow({ profile: { ...base, sync: { ...base.sync, timeRange: { kind: "off" } } }, now: NOW })).toBeUndefined();
  });
});

describe("withTimeWindow", () => {
  it("marks each listed and read item by its cached span; the store itself is untouched without a window", async () => {
    const store = new MemoryStore({ prefix: "L" });
    const ids = [];
    for (const uid of ["old", "soon", "undated"]) ids.push((await store.create({ uid, content: `BEGIN:VCALENDAR\r\nUID:${uid}\r\nEND:VCALENDAR` })).id);
    const cache: ItemCache = {
      [ids[0]!]: { version: "1", uid: "old", hash: "h", span: { start: NOW - 400 * DAY, end: NOW - 399 * DAY } },
      [ids[1]!]: { version: "1", uid: "soon", hash: "h", span: { start: NOW + DAY, end: NOW + 2 * DAY } },
      [ids[2]!]: { version: "1", uid: "undated", hash: "h" },
    };
    const window = { start: NOW - 7 * DAY, end: NOW + 180 * DAY };
    const judged = withTimeWindow({ store, window, cache });
    const inRange = Object.fromEntries((await judged.list()).map((s) => [s.uid, s.inTimeRange]));
    expect(inRange).toEqual({ old: false, soon: true, undated: true });
    expect((await judged.get({ id: ids[0]! }))?.state.inTimeRange).toBe(false);
    expect(withTimeWindow({ store, window: undefined, cache })).toBe(store);
  });
});
