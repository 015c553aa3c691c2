// The profile's time window in the add-on: days past / future turned into an absolute window at the
// start of a run (the planner never reads a clock), and the Thunderbird side's inTimeRange from the
// spans its item cache keeps (item-cache.ts). The server side gets the same window through DavStore.
// An item outside the window is neither copied nor deleted: the planner's rule (planPair), not ours.
import type { Store } from "../core";
import type { Profile } from "../core/profile/schema";
import { inWindow, type TimeWindow } from "../dav";
import type { ItemCache } from "../thunderbird/item-cache";

const DAY_MS = 86_400_000;

/** The window of a run starting at `now`; undefined when the profile syncs everything. */
export function profileWindow(params: { profile: Profile; now: number }): TimeWindow | undefined {
  const { profile, now } = params;
  const range = profile.sync.timeRange;
  switch (range.kind) {
    case "off":
      return undefined;
    case "window":
      return { start: now - range.daysPast * DAY_MS, end: now + range.daysFuture * DAY_MS };
    default:
      return range satisfies never;
  }
}

/**
 * `store` with inTimeRange on every listed / read item, judged by the span `cache` holds for it
 * (the store fills the cache as it lists and reads). No span = no dates = inside.
 */
export function withTimeWindow(params: { store: Store; window: TimeWindow | undefined; cache: ItemCache }): Store {
  const { store, window, cache } = params;
  if (!window) return store;
  const judge = <T extends { id: string; inTimeRange?: boolean }>(state: T): T => ({ ...state, inTimeRange: inWindow({ span: cache[state.id]?.span, window }) });
  return {
    get readOnly() {
      return store.readOnly;
    },
    list: async () => (await store.list()).map(judge),
    get: async (p) => {
      const got = await store.get(p);
      return got ? { ...got, state: judge(got.state) } : undefined;
    },
    create: (p) => store.create(p),
    ...(store.createMany ? { createMany: (p: Parameters<NonNullable<Store["createMany"]>>[0]) => store.createMany!(p) } : {}),
    update: (p) => store.update(p),
    delete: (p) => store.delete(p),
  };
}
