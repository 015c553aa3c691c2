// The category filter's scope flag in the planner (src/core/filters/scope.ts outOfScope, called by
// planPair): an out-of-scope item is never copied nor deleted, a pair with one side out of scope
// is frozen with its status kept, and a sticky filter keeps known items in scope.
import { describe, expect, it } from "vitest";
import { emptyStatus, plan, type ItemState, type SyncMode } from "../../../../src/core";
import { scopeFlag } from "../../../../src/core/filters";
import type { CategoryFilter } from "../../../../src/core/profile/schema";
import { settings } from "../harness";

const entry = { uid: "u1", local: { id: "L1", version: "v1", hash: "h1" }, remote: { href: "/cal/u1.ics", etag: "e1", hash: "h1" } };
const known = { schemaVersion: 2, entries: [entry] };
const local = (extra: Partial<ItemState> = {}): ItemState => ({ id: "L1", uid: "u1", version: "v1", hash: "h1", ...extra });
const remote = (extra: Partial<ItemState> = {}): ItemState => ({ id: "/cal/u1.ics", uid: "u1", version: "e1", hash: "h1", ...extra });
const side = (items: ItemState[]) => ({ items, readOnly: false });
const kinds = (p: ReturnType<typeof plan>) => p.actions.map((a) => `${a.kind}${"side" in a ? ` ${a.side}` : ""}`);
const MODES: SyncMode[] = ["two-way", "local-to-remote-replicate", "local-to-remote-merge", "remote-to-local-replicate", "remote-to-local-merge"];

describe("planner: category filter scope", () => {
  it.each(MODES)("a new out-of-scope item is never copied (%s)", (mode) => {
    for (const [l, r] of [[[local({ inScope: false })], []], [[], [remote({ inScope: false })]]] as const) {
      const p = plan({ status: emptyStatus(), local: side([...l]), remote: side([...r]), profile: settings({ mode }) });
      expect(kinds(p)).toEqual([]);
    }
  });

  it.each(MODES)("a known item that left the scope is not taken as deleted on the other side (%s)", (mode) => {
    for (const [l, r] of [[[local({ inScope: false })], []], [[], [remote({ inScope: false })]]] as const) {
      const p = plan({ status: known, local: side([...l]), remote: side([...r]), profile: settings({ mode }) });
      expect(kinds(p)).toEqual([]);
    }
  });

  it("a pair with one side out of scope gets no writes and keeps its status, even when edited", () => {
    const p = plan({
      status: known,
      local: side([local({ version: "v2", hash: "h2", inScope: false })]),
      remote: side([remote({ version: "e2", hash: "h3" })]),
      profile: settings(),
    });
    expect(kinds(p)).toEqual([]);
    expect(p.conflicts).toEqual([]);
  });

  it("in-scope items (and items without a flag) sync as before", () => {
    const p = plan({
      status: emptyStatus(),
      local: side([local({ inScope: true }), { id: "L2", uid: "u2", version: "v", hash: "x" }]),
      remote: side([]),
      profile: settings(),
    });
    expect(kinds(p)).toEqual(["create remote", "create remote"]);
  });

  it("the flag counts whatever the time range kind is", () => {
    const p = plan({
      status: emptyStatus(),
      local: side([local({ inScope: false, inTimeRange: true })]),
      remote: side([]),
      profile: { ...settings(), timeRange: { kind: "window", daysPast: 30, daysFuture: 30 } },
    });
    expect(kinds(p)).toEqual([]);
  });

  it("a sticky filter keeps a known item in scope after its category was removed: its edit syncs", () => {
    const filter: CategoryFilter = { kind: "category", name: "Meetings", includeUncategorized: false, invert: false, sticky: true };
    const inScope = scopeFlag({ filter, result: { included: false }, known: true });
    expect(inScope).toBe(true);
    const p = plan({
      status: known,
      local: side([local({ version: "v2", hash: "h2", ...(inScope !== undefined ? { inScope } : {}) })]),
      remote: side([remote()]),
      profile: settings(),
    });
    expect(kinds(p)).toEqual(["update remote"]);
  });

  it("a non-sticky filter drops the same item out of scope: nothing is written, nothing deleted", () => {
    const filter: CategoryFilter = { kind: "category", name: "Meetings", includeUncategorized: false, invert: false, sticky: false };
    const inScope = scopeFlag({ filter, result: { included: false }, known: true });
    expect(inScope).toBe(false);
    const p = plan({ status: known, local: side([local({ version: "v2", hash: "h2", inScope: false })]), remote: side([remote()]), profile: settings() });
    expect(kinds(p)).toEqual([]);
  });
});
