// Every cell of the sync table, per mode and conflict rule, through planPair (so the decision
// *and* the concrete actions are checked). Rows read: status, local, remote → expected actions.
// "changed" without status means "new on that side". Local is newer than remote in every cell, so
// "automatic" picks local in content conflicts (the tie rule has its own test).
import { describe, expect, it } from "vitest";
import { cellKey, type SideChange } from "../../../src/core/decision-table";
import { planPair } from "../../../src/core/planner";
import type { Pair } from "../../../src/core/matching";
import type { Action, ConflictRule, ItemState, Problem, Side, SyncMode } from "../../../src/core/index";
import { settings } from "./harness";

const CHANGES: SideChange[] = ["absent", "unchanged", "changed", "deleted"];
const RULES: ConflictRule[] = ["local-wins", "remote-wins", "automatic", "field-merge"];

function item(params: { side: Side; change: SideChange }): ItemState | undefined {
  const { side, change } = params;
  const id = side === "local" ? "L1" : "/cal/1";
  const v = side === "local" ? "lv" : "rv";
  const lastModified = side === "local" ? 2000 : 1000;
  switch (change) {
    case "absent":
    case "deleted":
      return undefined;
    case "unchanged":
      return { id, uid: "u", version: `${v}0`, hash: "h0", lastModified };
    case "changed": // different content on each side, so both-changed is a real conflict
      return { id, uid: "u", version: `${v}1`, hash: `h-${side}`, lastModified };
  }
}

function pairFor(params: { inStatus: boolean; local: SideChange; remote: SideChange }): Pair {
  const pair: Pair = { key: "u" };
  if (params.inStatus) {
    pair.entry = { uid: "u", local: { id: "L1", version: "lv0", hash: "h0" }, remote: { href: "/cal/1", etag: "rv0", hash: "h0" } };
  }
  const local = item({ side: "local", change: params.local });
  const remote = item({ side: "remote", change: params.remote });
  if (local) pair.local = local;
  if (remote) pair.remote = remote;
  return pair;
}

function show(actions: Action[]): string {
  if (actions.length === 0) return "—";
  return actions
    .map((a) => {
      switch (a.kind) {
        case "create":
          return `create ${a.side}`;
        case "update":
          return `update ${a.side}${a.trash ? " (trash)" : ""}`;
        case "delete":
          return `delete ${a.side}`;
        case "merge":
          return "merge";
        case "update-status":
          return "status";
        case "forget-status":
          return "forget";
      }
    })
    .join(" + ");
}

type Table = Record<string, string>;

// Two-way cells that are not conflicts (same for every rule).
const TWO_WAY: Table = {
  "none:absent/absent": "—",
  "none:changed/absent": "create remote",
  "none:absent/changed": "create local",
  "known:unchanged/unchanged": "—",
  "known:unchanged/changed": "update local",
  "known:unchanged/deleted": "delete local",
  "known:changed/unchanged": "update remote",
  "known:deleted/unchanged": "delete remote",
  "known:deleted/deleted": "forget",
};

// The four conflict cells per rule.
const CONFLICTS: Record<ConflictRule, Table> = {
  "local-wins": {
    "none:changed/changed": "update remote (trash)",
    "known:changed/changed": "update remote (trash)",
    "known:changed/deleted": "create remote", // local's version kept: recreated on the server
    "known:deleted/changed": "delete remote", // local's deletion applies
  },
  "remote-wins": {
    "none:changed/changed": "update local (trash)",
    "known:changed/changed": "update local (trash)",
    "known:changed/deleted": "delete local",
    "known:deleted/changed": "create local",
  },
  automatic: {
    "none:changed/changed": "update remote (trash)", // local is newer
    "known:changed/changed": "update remote (trash)",
    "known:changed/deleted": "create remote", // a change beats a delete
    "known:deleted/changed": "create local",
  },
  "field-merge": {
    "none:changed/changed": "merge",
    "known:changed/changed": "merge",
    "known:changed/deleted": "create remote", // nothing to merge with: the change wins
    "known:deleted/changed": "create local",
  },
};

// One-way tables, written for local → remote; remote → local is the mirror image.
const REPLICATE: Table = {
  "none:absent/absent": "—",
  "none:changed/absent": "create remote",
  "none:absent/changed": "delete remote", // only the target has it
  "none:changed/changed": "update remote (trash)", // first run, different content: source wins
  "known:unchanged/unchanged": "—",
  "known:unchanged/changed": "update remote (trash)", // target edit reverted
  "known:unchanged/deleted": "create remote", // target deletion undone
  "known:changed/unchanged": "update remote",
  "known:changed/changed": "update remote (trash)",
  "known:changed/deleted": "create remote",
  "known:deleted/unchanged": "delete remote",
  "known:deleted/changed": "delete remote",
  "known:deleted/deleted": "forget",
};

const MERGE: Table = {
  "none:absent/absent": "—",
  "none:changed/absent": "create remote",
  "none:absent/changed": "—", // the target's own item: never touched
  "none:changed/changed": "update remote (trash)",
  "known:unchanged/unchanged": "—",
  "known:unchanged/changed": "status", // the target's edit is adopted, not reverted
  "known:unchanged/deleted": "—", // the target's deletion is respected while the source is unchanged
  "known:changed/unchanged": "update remote",
  "known:changed/changed": "update remote (trash)",
  "known:changed/deleted": "create remote", // a new source change is copied again
  "known:deleted/unchanged": "delete remote",
  "known:deleted/changed": "forget", // the edited copy becomes the target's own item
  "known:deleted/deleted": "forget",
};

const mirror = (t: Table): Table =>
  Object.fromEntries(
    Object.entries(t).map(([key, v]) => {
      const [status, cells] = key.split(":") as [string, string];
      const [a, b] = cells.split("/") as [string, string];
      const swapped = v.replace(/remote|local/g, (s) => (s === "remote" ? "local" : "remote"));
      return [`${status}:${b}/${a}`, swapped];
    }),
  );

const EXPECTED: Record<SyncMode, (rule: ConflictRule) => Table> = {
  "two-way": (rule) => ({ ...TWO_WAY, ...CONFLICTS[rule] }),
  "local-to-remote-replicate": () => REPLICATE,
  "remote-to-local-replicate": () => mirror(REPLICATE),
  "local-to-remote-merge": () => MERGE,
  "remote-to-local-merge": () => mirror(MERGE),
};

const combos = [false, true].flatMap((inStatus) =>
  CHANGES.flatMap((local) => CHANGES.map((remote) => ({ inStatus, local, remote }))),
);

function run(params: { mode: SyncMode; rule: ConflictRule; readOnly?: Record<Side, boolean>; cell: (typeof combos)[number] }) {
  return planPair({
    pair: pairFor(params.cell),
    profile: settings({ mode: params.mode, conflict: params.rule }),
    readOnly: params.readOnly ?? { local: false, remote: false },
  });
}

describe("decision table", () => {
  it("has 13 reachable cells of the 32 combinations; the rest cannot be built from listings", () => {
    const valid = combos.filter((c) => cellKey({ inStatus: c.inStatus, first: c.local, second: c.remote }));
    expect(valid).toHaveLength(13);
    // e.g. "unchanged" needs status to compare with; "absent" with status is called "deleted"
    expect(cellKey({ inStatus: false, first: "unchanged", second: "absent" })).toBeUndefined();
    expect(cellKey({ inStatus: true, first: "absent", second: "changed" })).toBeUndefined();
  });

  for (const mode of Object.keys(EXPECTED) as SyncMode[]) {
    for (const rule of RULES) {
      it(`${mode} / ${rule}`, () => {
        const table = EXPECTED[mode](rule);
        const got: Table = {};
        for (const cell of combos) {
          const key = cellKey({ inStatus: cell.inStatus, first: cell.local, second: cell.remote });
          if (key) got[`${cell.inStatus ? "known" : "none"}:${cell.local}/${cell.remote}`] = show(run({ mode, rule, cell }).actions);
        }
        expect(got).toEqual(table);
      });
    }
  }

  it("automatic: a tie or an unknown time keeps the remote copy", () => {
    for (const [l, r] of [[1000, 1000], [undefined, 5], [5, undefined]] as const) {
      const pair = pairFor({ inStatus: true, local: "changed", remote: "changed" });
      pair.local!.lastModified = l;
      pair.remote!.lastModified = r;
      const p = planPair({ pair, profile: settings({ conflict: "automatic" }), readOnly: { local: false, remote: false } });
      expect(show(p.actions)).toBe("update local (trash)");
      expect(p.conflicts[0]?.outcome).toBe("remote");
    }
  });

  it("records a conflict for each two-way conflict cell, none for one-way modes", () => {
    const cell = { inStatus: true, local: "changed" as const, remote: "changed" as const };
    expect(run({ mode: "two-way", rule: "automatic", cell }).conflicts).toEqual([
      { uid: "u", kind: "both-changed", rule: "automatic", outcome: "local", reason: "local is newer", localId: "L1", remoteId: "/cal/1" },
    ]);
    expect(run({ mode: "local-to-remote-replicate", rule: "automatic", cell }).conflicts).toEqual([]);
  });

  it("both sides holding the same content are in sync in every cell: status only", () => {
    for (const mode of Object.keys(EXPECTED) as SyncMode[]) {
      for (const inStatus of [false, true]) {
        const pair = pairFor({ inStatus, local: "changed", remote: "changed" });
        pair.remote!.hash = pair.local!.hash;
        expect(show(planPair({ pair, profile: settings({ mode }), readOnly: { local: false, remote: false } }).actions)).toBe("status");
      }
    }
  });

  describe("read-only sides", () => {
    it("two-way against a read-only server behaves as server → local replicate", () => {
      for (const rule of RULES) {
        const got: Table = {};
        for (const cell of combos) {
          const key = cellKey({ inStatus: cell.inStatus, first: cell.local, second: cell.remote });
          if (key) got[key] = show(run({ mode: "two-way", rule, cell, readOnly: { local: false, remote: true } }).actions);
        }
        expect(got).toEqual(mirror(REPLICATE));
      }
    });

    it("two-way against a read-only local calendar behaves as local → server replicate", () => {
      const got: Table = {};
      for (const cell of combos) {
        const key = cellKey({ inStatus: cell.inStatus, first: cell.local, second: cell.remote });
        if (key) got[key] = show(run({ mode: "two-way", rule: "automatic", cell, readOnly: { local: true, remote: false } }).actions);
      }
      expect(got).toEqual(REPLICATE);
    });

    it("reports each local change it reverts", () => {
      const p = run({
        mode: "two-way",
        rule: "local-wins",
        readOnly: { local: false, remote: true },
        cell: { inStatus: true, local: "changed", remote: "unchanged" },
      });
      expect(show(p.actions)).toBe("update local (trash)");
      expect(p.problems).toEqual<Problem[]>([{ kind: "reverted-read-only", side: "local", uid: "u", id: "L1" }]);
    });

    it("never writes to a read-only target of a one-way mode; reports instead", () => {
      for (const cell of combos) {
        if (!cellKey({ inStatus: cell.inStatus, first: cell.local, second: cell.remote })) continue;
        const p = run({ mode: "local-to-remote-replicate", rule: "automatic", cell, readOnly: { local: false, remote: true } });
        const writes = p.actions.filter((a) => a.kind !== "update-status" && a.kind !== "forget-status");
        expect(writes).toEqual([]);
        for (const problem of p.problems) expect(problem).toMatchObject({ kind: "read-only", side: "remote" });
      }
    });
  });
});
