// A first sync big enough for the background's inspect workers (src/background/inspect-pool.ts):
// the built add-on in a real Thunderbird downloads ~150 events (of 240 seeded) from the Easy-Project-like server,
// inspects them in worker threads (the log says so, and no worker failed), stores them all, and a
// second run finds nothing to do — the workers' facts equal what the page computes for the same
// items, or the second run would see changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEpLike, type DavServer } from "../helpers/servers";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { ask, epProfile, overview } from "./sync-helpers";

const EVENTS = 240;

describe("first sync through the inspect workers", () => {
  let server: DavServer;
  let tb: ThunderbirdSession;

  beforeAll(async () => {
    server = await startEpLike({ events: EVENTS });
    tb = await launchThunderbirdWithAddon({ mode: "xvfb" });
  });

  afterAll(async () => {
    await tb?.quit();
    await server?.stop();
  });

  it("stores every event, logs the worker inspection, and the next run changes nothing", async () => {
    const profile = epProfile({ server, id: "big", kind: "events", collection: "meetings" });
    expect(await ask(tb, { type: "saveProfile", profile, password: server.password })).toMatchObject({ ok: true });
    const first = await ask(tb, { type: "syncNow", profileId: "big", wait: true });
    expect(first.results?.big, JSON.stringify(first.results?.big)).toMatchObject({ outcome: "ok", written: { local: server.seeded.meetings, remote: 0 } });
    const calendarId = (await overview(tb)).profiles!.find((p) => p.id === "big")!.localFolderId!;
    const items = await tb.call<unknown[]>("davsyncCalendar.listItems", calendarId);
    expect(items).toHaveLength(server.seeded.meetings!);
    expect(server.seeded.meetings).toBeGreaterThanOrEqual(100); // one batch big enough for the workers

    const { lines } = await ask(tb, { type: "getLog" });
    const messages = lines.filter((l) => l.profileId === "big").map((l) => l.message);
    expect(messages.find((m) => /^\d+ downloaded items inspected in worker threads$/.test(m)), messages.join("\n")).toBeDefined();
    expect(messages.filter((m) => m.includes("inspect workers failed"))).toEqual([]);

    const second = await ask(tb, { type: "syncNow", profileId: "big", wait: true });
    expect(second.results?.big).toMatchObject({ outcome: "ok", written: { local: 0, remote: 0 }, failed: 0, conflicts: 0 });
  });
});
