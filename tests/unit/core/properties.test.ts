// Property test in the spirit of vdirsyncer's SyncMachine: random creates / edits / deletes on
// both sides, interleaved with syncs that suffer failed writes and kills (status saves lost after
// k chunks); then sync until quiet. Invariants: sides equal as the mode says, nothing lost (still
// present or in the trash), no duplicates, status covers every item, a read-only side untouched,
// and an unconfirmed run never deletes past the safety limit. Updates are patches over bases (the
// harness linePatcher) and the local side may drop what Thunderbird drops: then a server-only X-
// property survives any sequence of local edits, conflicts and killed runs. Fixed seed for CI.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contentHash,
  MemoryBaseStore,
  synchronize,
  type ConflictRule,
  type Side,
  type SyncMode,
  type SyncStatus,
} from "../../../src/core/index";
import { dropLikeThunderbird, fieldMerger, linePatcher, world, writes, type World } from "./harness";

type Op =
  | { kind: "create"; side: Side }
  | { kind: "edit"; side: Side; pick: number }
  | { kind: "touch"; side: Side; pick: number } // new version, same content (a bogus etag change)
  | { kind: "delete"; side: Side; pick: number }
  | { kind: "sync"; chunkSize: number; serverConcurrency: number; failures: boolean[]; killAfterChunks: number | null; confirm: boolean };

const MODES: SyncMode[] = ["two-way", "local-to-remote-replicate", "remote-to-local-replicate", "local-to-remote-merge", "remote-to-local-merge"];
const RULES: ConflictRule[] = ["local-wins", "remote-wins", "automatic", "field-merge"];

const sideArb = fc.constantFrom<Side>("local", "remote");
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("create" as const), side: sideArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edit" as const), side: sideArb, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("touch" as const), side: sideArb, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), side: sideArb, pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("sync" as const),
      chunkSize: fc.integer({ min: 1, max: 3 }),
      // Server writes side by side (SERVER_WRITES_IN_FLIGHT in the CLI and the add-on) or one by one.
      serverConcurrency: fc.constantFrom(1, 3),
      failures: fc.array(fc.boolean(), { maxLength: 4 }),
      killAfterChunks: fc.option(fc.nat({ max: 3 })),
      confirm: fc.boolean(),
    }),
  },
);

const scenarioArb = fc.record({
  mode: fc.constantFrom(...MODES),
  rule: fc.constantFrom(...RULES),
  readOnly: fc.constantFrom<"none" | Side>("none", "none", "none", "none", "local", "remote"),
  flaky: fc.record({ local: fc.boolean(), remote: fc.boolean() }),
  // The local side keeps only what Thunderbird keeps (no X- lines, the last COMMENT).
  lossy: fc.boolean(),
  // Items present before the first sync; "shared" ones exist on both sides (first-run matching),
  // half of them with different content.
  initial: fc.record({ local: fc.nat({ max: 6 }), remote: fc.nat({ max: 6 }), shared: fc.nat({ max: 4 }) }),
  ops: fc.array(opArb, { minLength: 5, maxLength: 40 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** Which side the mode copies from, or null for two-way. */
const sourceOf = (mode: SyncMode): Side | null =>
  mode === "two-way" ? null : mode.startsWith("local-to-remote") ? "local" : "remote";

/**
 * Contents ("uid body") that exist nowhere else: new or edited since the last saved status. A copy
 * of the pair's last synced content is not, even under a new id (a run killed after re-creating a
 * deleted item, before its status save), nor is the very content the other side holds.
 */
function pending(w: World): string[] {
  const out: string[] = [];
  for (const side of ["local", "remote"] as const) {
    const known = new Set(w.status.entries.map((e) => (side === "local" ? `${e.local.id} ${e.local.hash}` : `${e.remote.href} ${e.remote.hash}`)));
    const synced = new Set(w.status.entries.map((e) => `${e.uid} ${side === "local" ? e.local.hash : e.remote.hash}`));
    const other = new Set(w[side === "local" ? "remote" : "local"].contents());
    for (const item of w[side].entries()) {
      const line = `${item.uid} ${item.content}`;
      const hash = contentHash(item.content);
      if (!known.has(`${item.id} ${hash}`) && !synced.has(`${item.uid} ${hash}`) && !other.has(line)) out.push(line);
    }
  }
  return out;
}

/** "uid content" lines of a side as the lossy local side would hold them. */
const asLocalHolds = (lines: string[], lossy: boolean): string[] =>
  lines.map((line) => {
    const at = line.indexOf(" ");
    return lossy ? `${line.slice(0, at)} ${dropLikeThunderbird(line.slice(at + 1))}` : line;
  }).sort();

function everywhere(w: World): Set<string> {
  return new Set([...w.local.contents(), ...w.remote.contents(), ...w.trash.entries.map((e) => `${e.uid} ${e.content}`)]);
}

async function runScenario(s: Scenario): Promise<void> {
  const w = world({
    mode: s.mode,
    conflict: s.rule,
    local: { flakyEtags: s.flaky.local, readOnly: s.readOnly === "local", ...(s.lossy ? { rewrite: dropLikeThunderbird } : {}) },
    remote: { flakyEtags: s.flaky.remote, readOnly: s.readOnly === "remote" },
  });
  const source = sourceOf(s.mode);
  // A one-way mode into a read-only target can write nothing at all: only safety is checked then.
  const blocked = source !== null && s.readOnly !== "none" && s.readOnly !== source;
  // Small limits, so the deletion guard and its confirmations are exercised with few items.
  w.profile = { ...w.profile, safety: { maxDeletions: 2, maxDeletionPercent: 20 } };
  let counter = 0;
  const touchedOnTarget = new Set<string>(); // merge: uids the user edited or deleted on the target
  const ownOnTarget = new Set<string>(); // merge: uids the user created on the target
  const target = source === null ? null : source === "local" ? "remote" : "local";
  const serverOnly = new Set<string>(); // uids created on the server with an X-SRV line
  const deletedOnServer = new Set<string>(); // ... later deleted there by the user
  const repaired = new Set<string>(); // paired again without status (first-run matching): no base

  const syncOnce = async (params: { chunkSize: number; serverConcurrency?: number; failures: boolean[]; killAfterChunks: number | null; confirm: boolean }) => {
    let i = 0;
    const fail = params.failures.length > 0 ? () => params.failures[i++ % params.failures.length]! : undefined;
    w.local.failWrite = fail;
    w.remote.failWrite = fail;
    const mustSurvive = pending(w);
    const sizes = { local: w.local.size, remote: w.remote.size };
    const deletes = { local: w.local.attempts.delete, remote: w.remote.attempts.delete };
    const known = new Set(w.status.entries.map((e) => e.uid));
    for (const uid of w.local.uids()) if (!known.has(uid) && w.remote.find(uid)) repaired.add(uid);
    const controller = new AbortController();
    let saves = 0;
    let savedBases = w.bases.export();
    const save = (st: SyncStatus) => {
      if (params.killAfterChunks === null || saves < params.killAfterChunks) {
        w.status = st;
        savedBases = w.bases.export(); // persisted together, as the callers do
      } else controller.abort(); // the process died: this save and everything after it is lost
      saves += 1;
    };
    const run = (confirmations?: Record<string, string[]>) =>
      synchronize({
        local: w.local,
        remote: w.remote,
        status: w.status,
        profile: w.profile,
        trash: w.trash,
        merger: fieldMerger,
        patcher: linePatcher,
        bases: w.bases,
        chunkSize: params.chunkSize,
        serverConcurrency: params.serverConcurrency,
        signal: controller.signal,
        saveStatus: save,
        confirmations: confirmations ? { deletions: confirmations } : undefined,
      });
    const { plan } = await run();
    if (plan.needsConfirmation && params.confirm && !controller.signal.aborted) {
      await run(Object.fromEntries(plan.needsConfirmation.map((p) => [p.side, p.ids])));
    }
    if (controller.signal.aborted) w.bases = new MemoryBaseStore({ data: savedBases });
    if (!params.confirm) {
      for (const side of ["local", "remote"] as const) {
        const deleted = w[side].attempts.delete - deletes[side];
        const other = side === "local" ? "remote" : "local";
        if (sizes[other] === 0) expect(deleted).toBe(0);
        expect(deleted).toBeLessThanOrEqual(Math.max(2, Math.floor(sizes[side] * 0.2)));
      }
    }
    const seen = everywhere(w);
    for (const c of mustSurvive) expect(seen.has(c), `lost: ${c}`).toBe(true);
    w.local.failWrite = undefined;
    w.remote.failWrite = undefined;
  };

  // Items are "NAME:value" lines; the server's own ones carry what only the server has.
  const fresh = (side: Side, uid: string): string => (side === "remote" ? `BODY:${uid}:v0\nX-SRV:${uid}\nCOMMENT:a\nCOMMENT:b` : `BODY:${uid}:v0`);
  const create = (side: Side, uid: string): void => {
    w[side].put({ uid, content: fresh(side, uid) });
    if (side === "remote") serverOnly.add(uid);
  };
  for (const side of ["local", "remote"] as const) {
    for (let n = 0; n < s.initial[side]; n++) {
      counter += 1;
      create(side, `u${counter}`);
      if (side === target) ownOnTarget.add(`u${counter}`);
    }
  }
  for (let n = 0; n < s.initial.shared; n++) {
    counter += 1;
    const uid = `u${counter}`;
    w.local.put({ uid, content: `BODY:${uid}:v0` });
    w.remote.put({ uid, content: n % 2 === 0 ? `BODY:${uid}:v0` : `BODY:${uid}:other` });
    if (target) touchedOnTarget.add(uid); // the target's version may win or lose by mode: no claim
  }
  for (const op of s.ops) {
    switch (op.kind) {
      case "create": {
        counter += 1;
        const uid = `u${counter}`;
        create(op.side, uid);
        if (op.side === target) ownOnTarget.add(uid);
        break;
      }
      case "edit":
      case "touch":
      case "delete": {
        const ids = w[op.side].ids();
        if (ids.length === 0) break;
        const id = ids[op.pick % ids.length]!;
        const uid = w[op.side].uids()[op.pick % ids.length]!;
        if (op.side === target) touchedOnTarget.add(uid);
        counter += 1;
        const content = w[op.side].find(uid)!.content;
        if (op.kind === "delete") {
          w[op.side].remove({ id });
          if (op.side === "remote") deletedOnServer.add(uid);
        } else {
          // A client edits the body and leaves every other line as it found it.
          const next = content.split("\n").map((line) => (line.startsWith("BODY:") ? `BODY:${uid}:v${counter}` : line)).join("\n");
          w[op.side].edit({ id, content: op.kind === "edit" ? next : content });
        }
        break;
      }
      case "sync":
        await syncOnce(op);
        break;
    }
  }

  // Sync until quiet: no failures, no kills, deletions confirmed.
  let quiet = false;
  for (let round = 0; round < 6 && !quiet; round++) {
    const before = writes(w.local) + writes(w.remote);
    await syncOnce({ chunkSize: 2, serverConcurrency: 3, failures: [], killAfterChunks: null, confirm: true });
    quiet = writes(w.local) + writes(w.remote) === before;
  }
  expect(quiet).toBe(true);

  // A read-only side is never written (the store counts even refused attempts).
  if (s.readOnly !== "none") expect(writes(w[s.readOnly])).toBe(0);
  // No duplicates.
  for (const side of ["local", "remote"] as const) expect(new Set(w[side].uids()).size).toBe(w[side].size);
  // What only the server has survives every local edit, conflict and killed run: updates are patches.
  for (const uid of serverOnly) {
    const item = w.remote.find(uid);
    if (item && !deletedOnServer.has(uid) && !repaired.has(uid)) expect(item.content, `server data of ${uid}`).toContain(`X-SRV:${uid}\nCOMMENT:a\nCOMMENT:b`);
  }
  if (blocked) return;

  const localIds = new Set(w.status.entries.map((e) => e.local.id));
  const remoteIds = new Set(w.status.entries.map((e) => e.remote.href));
  if (source === null || s.mode.endsWith("replicate")) {
    // Two-way (also against a read-only side) and replicate: both sides equal, all in status.
    expect(w.local.contents()).toEqual(asLocalHolds(w.remote.contents(), s.lossy));
    for (const id of w.local.ids()) expect(localIds.has(id)).toBe(true);
    for (const id of w.remote.ids()) expect(remoteIds.has(id)).toBe(true);
    if (source !== null) expect(writes(w[source])).toBe(0); // one-way never writes its source
  } else {
    // Merge: every source item is on the target unless the user touched it there; the target's
    // own items are still there unless the user deleted them; the source is never written.
    const tgt = w[target!];
    const src = w[source];
    expect(writes(src)).toBe(0);
    for (const line of src.contents()) {
      const uid = line.split(" ")[0]!;
      if (!touchedOnTarget.has(uid)) expect(asLocalHolds(tgt.contents(), s.lossy && target === "local")).toContain(asLocalHolds([line], s.lossy && target === "local")[0]);
    }
    for (const uid of ownOnTarget) if (!touchedOnTarget.has(uid)) expect(tgt.find(uid)).toBeDefined();
    const srcIds = new Set(source === "local" ? localIds : remoteIds);
    for (const id of src.ids()) expect(srcIds.has(id)).toBe(true);
  }
}

describe("sync properties", () => {
  it("any interleaving of edits, failed writes and killed runs converges without loss or duplicates", async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, runScenario), { seed: 20_260_601, numRuns: 200 });
  });
});
