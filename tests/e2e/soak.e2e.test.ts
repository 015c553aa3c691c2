// A short fixed-seed fault soak through a real Thunderbird: a Radicale calendar behind the fault
// proxy, one two-way events profile in Thunderbird pointing at the PROXY (so the add-on's requests
// get the faults), ~40 seeded steps creating / editing / deleting items in Thunderbird
// (davsyncCalendar) or on the server (direct HTTP to Radicale, bypassing the proxy), a Sync now
// under a random fault rule every ~5th step (a run may fail), then clean runs until one writes
// nothing. Every item has an owner side (the side that created it) that alone edits and deletes
// it, so no step makes a conflict and the expected end state is exact: each surviving item's
// latest SUMMARY (unique per version) on both sides, nothing deleted coming back, no duplicates.
// The "412-race" fault is the proxy answering a PUT with 412 (a real race would edit the item on
// the server too, which is a conflict whose winner the exact oracle here cannot judge).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newProfile } from "../../src/core/profile/defaults";
import type { Profile } from "../../src/core/profile/schema";
import { basicAuth, startRadicale, type DavServer } from "../helpers/servers";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.mjs";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { ask, eventIcs, overview, serverEtags, serverGet, summaryOf } from "./sync-helpers";

type ItemSummary = messenger.davsyncCalendar.ItemSummary;
type Fault = Parameters<FaultProxy["setRules"]>[0][number]["fault"];

const SEED = 0x5eed42;
const STEPS = 40;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tracked {
  uid: string;
  owner: "tb" | "server";
  summary: string;
  day: string;
  deleted: boolean;
  href?: string;
}

describe("soak: seeded faults through a real Thunderbird", () => {
  let server: DavServer;
  let proxy: FaultProxy;
  let tb: ThunderbirdSession;
  let folderId = "";

  beforeAll(async () => {
    server = await startRadicale();
    proxy = await startFaultProxy({ upstream: server.rootUrl });
    tb = await launchThunderbirdWithAddon({ mode: "xvfb" });
  });

  afterAll(async () => {
    await tb?.quit();
    await proxy?.stop();
    await server?.stop();
  });

  it("ends with equal sides, no duplicates and nothing lost", async () => {
    const t0 = Date.now();
    const rand = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const collection = server.collections.calendar!;
    const authHeader = { Authorization: basicAuth({ username: server.username, password: server.password }) };

    const base = newProfile({ id: "soak", kind: "events", name: "soak", url: proxy.proxied(collection), username: server.username });
    const profile: Profile = {
      ...base,
      sync: { ...base.sync, timeRange: { kind: "off" } },
      schedule: { ...base.schedule, interval: { kind: "manual" }, onChange: { enabled: false, debounceSeconds: 10 }, onStartup: false },
    };
    const saved = await ask(tb, { type: "saveProfile", profile, password: server.password });
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    const first = await ask(tb, { type: "syncNow", profileId: "soak", wait: true });
    expect(first.results?.soak, JSON.stringify(first.results)).toMatchObject({ outcome: "ok" });
    folderId = (await overview(tb)).profiles!.find((p) => p.id === "soak")!.localFolderId!;
    expect(folderId).toBeTruthy();

    const items: Tracked[] = [];
    let version = 0;
    const nextSummary = (uid: string) => `Soak ${uid} v${++version}`;
    const serverPutItem = async (item: Tracked) => {
      const response = await fetch(new URL(item.href!, server.rootUrl), {
        method: "PUT",
        headers: { ...authHeader, "Content-Type": "text/calendar; charset=utf-8" },
        body: eventIcs({ uid: item.uid, summary: item.summary, day: item.day }),
      });
      expect(response.status, `server PUT ${item.href}`).toBeLessThan(300);
    };

    const faultKinds: Record<string, number> = {};
    const runs: { phase: string; outcome: string; written: string; ms: number }[] = [];
    const sync = async (phase: string) => {
      const s = Date.now();
      const answer = await ask(tb, { type: "syncNow", profileId: "soak", wait: true });
      const r = answer.results?.soak;
      runs.push({ phase, outcome: r?.outcome ?? `none:${answer.reason ?? ""}`, written: r ? `${r.written.local}/${r.written.remote}` : "-", ms: Date.now() - s });
      return r;
    };
    const faultMenu: { name: string; method?: string | string[]; fault: Fault }[] = [
      { name: "500", fault: { type: "status", status: 500 } },
      { name: "503-retry-after-1", fault: { type: "status", status: 503, retryAfter: "1" } },
      { name: "reset", fault: { type: "reset" } },
      { name: "truncate-abort", method: ["PROPFIND", "REPORT", "PUT"], fault: { type: "truncate", mode: "abort" } },
      { name: "truncate-clean", method: ["PROPFIND", "REPORT"], fault: { type: "truncate", mode: "clean" } },
      { name: "drop-etag", method: ["PUT", "GET", "REPORT"], fault: { type: "drop-etag" } },
      { name: "412-race", method: "PUT", fault: { type: "status", status: 412 } },
      { name: "invalid-chars", method: ["PROPFIND", "REPORT"], fault: { type: "invalid-chars" } },
    ];
    const methods = [undefined, "PROPFIND", "REPORT", "PUT", "DELETE"];

    const counts = { tbCreate: 0, tbEdit: 0, tbDelete: 0, srvCreate: 0, srvEdit: 0, srvDelete: 0, syncs: 0 };
    for (let step = 1; step <= STEPS; step++) {
      if (step % 5 === 0) {
        const choice = pick(faultMenu);
        const method = choice.method ?? pick(methods);
        const times = 1 + Math.floor(rand() * 3);
        faultKinds[choice.name] = (faultKinds[choice.name] ?? 0) + 1;
        proxy.setRules([{ ...(method ? { method } : {}), times, fault: choice.fault }]);
        await sync(`step ${step} ${choice.name} ${method ?? "any"}×${times}`);
        proxy.setRules([]);
        counts.syncs++;
        continue;
      }
      const alive = items.filter((i) => !i.deleted);
      const side = rand() < 0.5 ? "tb" : "server";
      const mine = alive.filter((i) => i.owner === side);
      const roll = rand();
      const action = mine.length === 0 || roll < 0.4 ? "create" : roll < 0.8 ? "edit" : "delete";
      if (action === "create") {
        const uid = `soak-${SEED.toString(36)}-${items.length}@davsync.test`;
        const item: Tracked = { uid, owner: side, summary: nextSummary(uid), day: `202603${String(10 + (items.length % 18)).padStart(2, "0")}`, deleted: false };
        items.push(item);
        if (side === "tb") {
          await tb.call("davsyncCalendar.addItem", folderId, eventIcs(item));
          counts.tbCreate++;
        } else {
          item.href = new URL(`${collection}soak-${items.length - 1}.ics`).pathname;
          await serverPutItem(item);
          counts.srvCreate++;
        }
      } else {
        const item = pick(mine);
        if (action === "edit") {
          item.summary = nextSummary(item.uid);
          if (side === "tb") {
            await tb.call("davsyncCalendar.modifyItem", folderId, eventIcs(item));
            counts.tbEdit++;
          } else {
            await serverPutItem(item);
            counts.srvEdit++;
          }
        } else {
          item.deleted = true;
          if (side === "tb") {
            await tb.call("davsyncCalendar.deleteItem", folderId, item.uid);
            counts.tbDelete++;
          } else {
            const response = await fetch(new URL(item.href!, server.rootUrl), { method: "DELETE", headers: authHeader });
            expect(response.status, `server DELETE ${item.href}`).toBeLessThan(300);
            counts.srvDelete++;
          }
        }
      }
    }

    // Clean runs until one writes nothing.
    proxy.setRules([]);
    let settled = false;
    for (let i = 0; i < 4 && !settled; i++) {
      const r = await sync(`clean ${i + 1}`);
      settled = r?.outcome === "ok" && r.written.local === 0 && r.written.remote === 0;
    }

    // Both sides, as UID → SUMMARY lists.
    const local = await tb.call<ItemSummary[]>("davsyncCalendar.listItems", folderId);
    const localTexts = await Promise.all(local.map((i) => tb.call<string | null>("davsyncCalendar.getItem", folderId, i.id)));
    const localPairs = local.map((i, n) => ({ uid: i.id, summary: summaryOf(localTexts[n] ?? "") ?? "" }));
    const remotePairs: { uid: string; summary: string }[] = [];
    for (const href of (await serverEtags(server, collection)).keys()) {
      const got = await serverGet(server, href);
      remotePairs.push({ uid: /\r?\nUID:(.*)\r?\n/.exec(got.text)?.[1]?.trim() ?? "", summary: summaryOf(got.text) ?? "" });
    }
    const dupes = (pairs: { uid: string; summary: string }[]) =>
      pairs.length - new Set(pairs.map((p) => p.uid)).size + (pairs.length - new Set(pairs.map((p) => p.summary)).size);
    const asMap = (pairs: { uid: string; summary: string }[]) => Object.fromEntries(pairs.map((p) => [p.uid, p.summary]).sort());
    const expected = Object.fromEntries(items.filter((i) => !i.deleted).map((i) => [i.uid, i.summary] as const).sort());
    const localMap = asMap(localPairs);
    const remoteMap = asMap(remotePairs);
    const lost = Object.entries(expected).filter(([uid, s]) => localMap[uid] !== s && remoteMap[uid] !== s).map(([uid]) => uid);
    const resurrected = items.filter((i) => i.deleted && (i.uid in localMap || i.uid in remoteMap)).map((i) => i.uid);
    const duplicates = { local: dupes(localPairs), remote: dupes(remotePairs) };

    console.log(
      `[soak-e2e] seed ${SEED} steps ${STEPS} ${JSON.stringify(counts)} items ${items.length} (alive ${Object.keys(expected).length})\n` +
        `[soak-e2e] faults by kind ${JSON.stringify(faultKinds)} injected ${proxy.hits.length} ${JSON.stringify(
          proxy.hits.reduce<Record<string, number>>((acc, h) => ((acc[`${h.fault} ${h.method}`] = (acc[`${h.fault} ${h.method}`] ?? 0) + 1), acc), {}),
        )}\n` +
        `[soak-e2e] runs ${runs.length}: ${runs.map((r) => `${r.phase}: ${r.outcome} ${r.written} ${r.ms}ms`).join("; ")}\n` +
        `[soak-e2e] settled ${settled} lost ${lost.length} ${JSON.stringify(lost)} resurrected ${resurrected.length} duplicates ${JSON.stringify(duplicates)} ` +
        `local ${localPairs.length} remote ${remotePairs.length}; ${Date.now() - t0} ms`,
    );

    expect(settled, "a clean run writing nothing within 4 runs").toBe(true);
    expect(duplicates).toEqual({ local: 0, remote: 0 });
    expect(lost).toEqual([]);
    expect(resurrected).toEqual([]);
    expect(localMap).toEqual(remoteMap);
    expect(localMap).toEqual(expected);
  });
});
