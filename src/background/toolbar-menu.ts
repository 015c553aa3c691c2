// The "Sync now" button's menu (right click): one entry per profile with its last result
// ("Meetings — OK · 3 min ago", "⚠ …", "✕ Meetings — sign in again · …") that syncs that profile
// when clicked, then "Open settings". The button's own click still syncs every enabled profile.
// menuModel() decides the entries (pure); ToolbarMenu writes them into messenger.menus, one
// rebuild at a time, and re-dates them whenever the menu opens ("3 min ago" ages).
import type { LastResult } from "./messages";

/** What the menu knows about one profile; SyncService hands the list over after every change. */
export interface ToolbarProfile {
  id: string;
  name: string;
  enabled: boolean;
  running: boolean;
  result: LastResult | undefined;
}

export type MenuEntry =
  | { kind: "profile"; id: string; profileId: string; title: string; enabled: boolean; parentId?: string }
  | { kind: "submenu"; id: string; title: string }
  | { kind: "separator"; id: string }
  | { kind: "settings"; id: string; title: string };

export const SETTINGS_ID = "davsync-open-settings";
const PROFILE_PREFIX = "davsync-profile:";
const SUBMENU_ID = "davsync-profiles";
/** Thunderbird shows at most 6 top-level items of one add-on in the button's menu (Firefox's ACTION_MENU_TOP_LEVEL_LIMIT); more go into a submenu. */
const TOP_LEVEL_LIMIT = 6;

const OUTCOME_MARK: Record<LastResult["outcome"], string> = { ok: "", warning: "⚠ ", error: "✕ " };

export function menuModel(params: {
  profiles: readonly ToolbarProfile[];
  now: number;
  t: (key: string, substitutions?: string[]) => string;
  describeResult: (params: { result: LastResult | undefined; now: number }) => string;
}): MenuEntry[] {
  const { profiles, now, t, describeResult } = params;
  const nested = profiles.length + 2 > TOP_LEVEL_LIMIT;
  const entries: MenuEntry[] = nested ? [{ kind: "submenu", id: SUBMENU_ID, title: t("toolbarMenuProfiles") }] : [];
  for (const p of profiles) {
    const state = !p.enabled ? t("toolbarMenuDisabled") : p.running ? t("toolbarMenuRunning") : describeResult({ result: p.result, now });
    const mark = p.enabled && p.result ? OUTCOME_MARK[p.result.outcome] : "";
    entries.push({
      kind: "profile",
      id: PROFILE_PREFIX + p.id,
      profileId: p.id,
      title: mark + t("toolbarMenuProfile", [p.name, state]),
      enabled: p.enabled,
      ...(nested ? { parentId: SUBMENU_ID } : {}),
    });
  }
  if (profiles.length > 0) entries.push({ kind: "separator", id: "davsync-separator" });
  entries.push({ kind: "settings", id: SETTINGS_ID, title: t("toolbarMenuOpenSettings") });
  return entries;
}

/** The profile a clicked menu item stands for, or undefined for other items. */
export function profileOfMenuItem(menuItemId: string | number): string | undefined {
  const id = String(menuItemId);
  return id.startsWith(PROFILE_PREFIX) ? id.slice(PROFILE_PREFIX.length) : undefined;
}

type MenusApi = Pick<typeof messenger.menus, "create" | "removeAll" | "refresh">;

function createItem(menus: MenusApi, entry: MenuEntry): Promise<void> {
  const base = { id: entry.id, contexts: ["browser_action"] as messenger.menus.ContextType[] };
  const props =
    entry.kind === "separator"
      ? { ...base, type: "separator" as const }
      : entry.kind === "profile"
        ? { ...base, title: entry.title, enabled: entry.enabled, ...(entry.parentId ? { parentId: entry.parentId } : {}) }
        : { ...base, title: entry.title };
  return new Promise((resolve, reject) => {
    menus.create(props, () => {
      // Read through globalThis: unit tests drive this class without a `messenger`.
      const error = (globalThis as { messenger?: typeof messenger }).messenger?.runtime.lastError;
      if (error) reject(new Error(`menus.create ${entry.id}: ${error.message}`));
      else resolve();
    });
  });
}

export class ToolbarMenu {
  private profiles: readonly ToolbarProfile[] = [];
  private applied: MenuEntry[] = [];
  private appliedKey = "";
  /** Rebuilds run one after another: two at once would create the same ids twice. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      menus: MenusApi;
      t: (key: string, substitutions?: string[]) => string;
      describeResult: (params: { result: LastResult | undefined; now: number }) => string;
      now?: () => number;
    },
  ) {}

  /** The entries the menu shows now (the e2e reads them). */
  entries(): readonly MenuEntry[] {
    return this.applied;
  }

  /** New profile states (after a run, a reload): rebuilds the menu when an entry changed. */
  show(params: { profiles: readonly ToolbarProfile[] }): Promise<void> {
    this.profiles = params.profiles;
    return this.rebuild();
  }

  /** The menu is opening: bring "N min ago" up to date and redraw it while open. */
  async onShown(): Promise<void> {
    const before = this.appliedKey;
    await this.rebuild();
    if (this.appliedKey !== before) await this.deps.menus.refresh().catch(() => undefined);
  }

  private rebuild(): Promise<void> {
    const next = this.chain.then(async () => {
      const { t, describeResult } = this.deps;
      const model = menuModel({ profiles: this.profiles, now: (this.deps.now ?? Date.now)(), t, describeResult });
      const key = JSON.stringify(model);
      if (key === this.appliedKey) return;
      // Rebuilt whole: ids, order and nesting may all change, and a menu holds a handful of items.
      await this.deps.menus.removeAll();
      this.appliedKey = "";
      for (const entry of model) await createItem(this.deps.menus, entry);
      this.applied = model;
      this.appliedKey = key;
    });
    this.chain = next.catch((error: unknown) => console.error("[davsync] updating the toolbar menu failed", error));
    return this.chain;
  }
}
