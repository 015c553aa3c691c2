// @ts-check
// runSoak({ steps, seed, mode }): a real Radicale behind the fault proxy, a vdir folder, and `steps`
// random steps — creates / edits / deletes on both sides (server directly, folder by file writes) and,
// about one step in five, a sync run under drawn faults (faults.mjs). Then the faults stop and it
// syncs until a run writes nothing (at most STABLE_RUNS), and the oracle checks: nothing lost, no
// duplicates, sides equal. Same seed, same steps, same faults; only wall-clock timing varies.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRadicale } from "../servers/index.mjs";
import { startFaultProxy } from "../../tests/helpers/fault-proxy.mjs";
import { rngFor } from "../dataset/prng.mjs";
import { editedText, itemText } from "./items.mjs";
import { folderSide, serverSide } from "./sides.mjs";
import { Oracle, compareSides, duplicates } from "./oracle.mjs";
import { ABORT, RACE, SIGKILL, count, drawFaults, injectedLabels } from "./faults.mjs";
import { runInProcess, runSpawned } from "./engine.mjs";

/** Enough for any backlog the faults leave; more means the sync does not converge (a finding). */
export const STABLE_RUNS = 6;
const SYNC_SHARE = 0.2;
const CHUNK_SIZE = 3;
const SEED_ITEMS = 5;

/**
 * @typedef {object} SoakResult
 * @property {number} seed
 * @property {number} steps
 * @property {import("../../src/core").SyncMode} mode
 * @property {{ faulty: number, stabilizing: number }} runs
 * @property {Record<string, number>} outcomes   run outcome → runs (faulty phase)
 * @property {Record<string, number>} faults     fault label → times injected
 * @property {Record<string, number>} operations local/server create/edit/delete → count
 * @property {number} edits                       edits made (creates included), each must survive
 * @property {string[]} lost
 * @property {{ server: { byUid: string[], byMatchKey: string[] }, local: { byUid: string[], byMatchKey: string[] } }} duplicates
 * @property {ReturnType<typeof compareSides>} sides
 * @property {{ server: number, local: number, trash: number }} items
 * @property {boolean} stable                    a run without writes was reached
 * @property {string[]} errors                    distinct error messages of failed runs
 */

/**
 * @param {{ steps: number, seed: number, mode?: import("../../src/core").SyncMode, cliBin?: string,
 *   log?: (line: string) => void }} p  cliBin: the built CLI; without it no run is SIGKILLed
 * @returns {Promise<SoakResult>}
 */
export async function runSoak(p) {
  const mode = p.mode ?? "two-way";
  const log = p.log ?? (() => {});
  const rng = rngFor({ seed: p.seed, stream: `soak-${mode}`, index: 0 });
  const server = await startRadicale();
  const proxy = await startFaultProxy({ upstream: server.rootUrl });
  const dir = mkdtempSync(join(tmpdir(), "davsync-soak-"));
  try {
    const direct = server.collections["calendar"] ?? "";
    const url = proxy.proxied(direct);
    const remote = serverSide({ ctx: { credentials: { username: server.username, password: server.password }, timeoutMs: 30_000 }, url: direct });
    const folder = folderSide({ dir });
    const oracle = new Oracle();
    /** @type {Record<string, number>} */ const operations = {};
    /** @type {Record<string, number>} */ const faults = {};
    /** @type {Record<string, number>} */ const outcomes = {};
    /** @type {Set<string>} */ const errors = new Set();
    let items = 0;
    let editCount = 0;
    let step = 0;
    const newEdit = (/** @type {string} */ what) => {
      const editId = `e${++editCount}`;
      oracle.edited({ editId, what: `${what} at step ${step}` });
      return editId;
    };
    const newItem = (/** @type {"local" | "server"} */ side) => {
      const n = ++items;
      const uid = `soak-${p.seed}-${n}`;
      return { uid, text: itemText({ uid, n, editId: newEdit(`${side} create`), step, history: [] }) };
    };

    /** @type {Record<string, () => Promise<void>>} */
    const ops = {
      "local create": async () => {
        const { uid, text } = newItem("local");
        folder.write({ name: `${uid}.ics`, text });
      },
      "local edit": async () => {
        const all = folder.list();
        if (all.length === 0) return;
        const it = rng.pick(all);
        folder.write({ name: it.name, text: editedText({ text: it.text, editId: newEdit("local edit"), step }) });
      },
      "local delete": async () => {
        const all = folder.list();
        if (all.length === 0) return;
        const it = rng.pick(all);
        oracle.deleted({ text: it.text });
        folder.remove({ name: it.name });
      },
      "server create": async () => {
        await remote.create(newItem("server"));
      },
      "server edit": async () => {
        const all = await remote.list();
        if (all.length === 0) return;
        const it = rng.pick(all);
        await remote.update({ item: it, text: editedText({ text: it.text, editId: newEdit("server edit"), step }) });
      },
      "server delete": async () => {
        const all = await remote.list();
        if (all.length === 0) return;
        const it = rng.pick(all);
        oracle.deleted({ text: it.text });
        await remote.remove({ item: it });
      },
    };
    const weighted = ["local create", "local edit", "local edit", "local delete", "server create", "server edit", "server edit", "server delete"];

    /** A concurrent edit on the server of the item our run is about to write: its PUT / DELETE gets a real 412. */
    const race = async (/** @type {string} */ href) => {
      const path = new URL(href).pathname;
      const it = (await remote.list()).find((i) => new URL(i.href).pathname === path);
      if (it) await remote.update({ item: it, text: editedText({ text: it.text, editId: newEdit("server edit racing a sync"), step }) });
    };

    const target = { url, dir, username: server.username, password: server.password, mode, chunkSize: CHUNK_SIZE };
    let faultyRuns = 0;
    const syncUnderFaults = async () => {
      const drawn = drawFaults({ rng, path: new URL(url).pathname, canSpawn: p.cliBin !== undefined });
      const before = proxy.hits.length;
      proxy.setRules(drawn.proxy.map((f) => f.rule));
      const out =
        drawn.killAfterApplied !== undefined && p.cliBin
          ? await runSpawned({ ...target, bin: p.cliBin, killAfterApplied: drawn.killAfterApplied })
          : await runInProcess({ ...target, ...(drawn.race ? { race } : {}), abortAfterChunks: drawn.abortAfterChunks });
      proxy.setRules([]);
      for (const label of injectedLabels({ faults: drawn, hits: proxy.hits.slice(before) })) count(faults, label);
      if (out.raced) count(faults, RACE);
      if (out.outcome === "cancelled") count(faults, ABORT);
      if (out.outcome === "killed") count(faults, SIGKILL);
      count(outcomes, out.outcome);
      if (out.error) errors.add(out.error);
      faultyRuns += 1;
      log(`step ${step} run ${faultyRuns}: ${drawn.proxy.map((f) => f.label).join(", ") || "no proxy fault"} → ${out.outcome}, ${out.writes} written, ${out.failed} failed`);
    };

    for (let i = 0; i < SEED_ITEMS; i++) {
      await ops["local create"]?.();
      await ops["server create"]?.();
    }
    for (step = 1; step <= p.steps; step++) {
      if (rng.chance(SYNC_SHARE)) {
        await syncUnderFaults();
        continue;
      }
      const name = rng.pick(weighted);
      await ops[name]?.();
      count(operations, name);
    }

    // Faults stop: sync until a run writes nothing.
    let stabilizing = 0;
    let stable = false;
    while (stabilizing < STABLE_RUNS && !stable) {
      const out = await runInProcess(target);
      stabilizing += 1;
      if (out.error) errors.add(out.error);
      stable = out.outcome === "completed" && out.writes === 0;
      log(`stabilizing run ${stabilizing}: ${out.outcome}, ${out.writes} written, ${out.failed} failed`);
    }

    const serverTexts = (await remote.list()).map((i) => i.text);
    const localTexts = folder.list().map((i) => i.text);
    const trash = folder.trash();
    return {
      seed: p.seed,
      steps: p.steps,
      mode,
      runs: { faulty: faultyRuns, stabilizing },
      outcomes,
      faults,
      operations,
      edits: editCount,
      lost: oracle.lost({ versions: [...serverTexts, ...localTexts, ...trash] }),
      duplicates: { server: duplicates(serverTexts), local: duplicates(localTexts) },
      sides: compareSides({ a: localTexts, b: serverTexts }),
      items: { server: serverTexts.length, local: localTexts.length, trash: trash.length },
      stable,
      errors: [...errors],
    };
  } finally {
    await proxy.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
