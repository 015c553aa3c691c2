// The add-account wizard's decisions, as pure functions: where discovery starts for what the user
// typed, which profiles a discovered collection can feed, what each one defaults to, and the
// profiles the chosen targets become. No Svelte and no messages here, so it is tested in node.
import type { DiscoveredCollection } from "../background/messages";
import { DEFAULT_LOCAL_COLOR, easyProjectProfile, newProfile } from "../core/profile/defaults";
import { collectionKey } from "../core/profile/duplicates";
import type { Profile, ProfileKind } from "../core/profile/schema";

export type Target = { kind: "new" } | { kind: "existing"; id: string } | { kind: "skip" };

/** One row of the wizard: a collection feeding one kind of profile, and where it goes locally. */
export interface Choice {
  collection: DiscoveredCollection;
  kind: ProfileKind;
  target: Target;
  /** The existing profile that already syncs this collection as this kind: defaults to skip. */
  syncedBy?: string;
}

/**
 * "acme", "acme.easyproject.cz", "https://acme.easyproject.cz/caldav/" and a self-hosted
 * "ep.acme.com" all name one Easy Project: its CalDAV root is always /caldav/ on that host.
 * Undefined while nothing usable is typed.
 */
export function easyProjectUrl(input: string): string | undefined {
  // An address typed with http:// keeps it (a server on the local network; the page warns).
  const scheme = /^\s*http:\/\//i.test(input) ? "http" : "https";
  const host = input.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[/?#]/)[0]?.toLowerCase() ?? "";
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$/.test(host)) return undefined;
  return host.includes(".") ? `${scheme}://${host}/caldav/` : `https://${host}.easyproject.cz/caldav/`;
}

/** Address books feed contacts; calendars feed events and / or tasks, by what they accept. */
export function kindsOf(collection: DiscoveredCollection): ProfileKind[] {
  if (collection.kind === "addressbook") return ["contacts"];
  const kinds: ProfileKind[] = [];
  if (collection.components.includes("VEVENT")) kinds.push("events");
  if (collection.components.includes("VTODO")) kinds.push("tasks");
  return kinds;
}

export function defaultChoices(params: { collections: readonly DiscoveredCollection[]; existing: readonly Profile[] }): Choice[] {
  return params.collections.flatMap((collection) => {
    const kinds = kindsOf(collection);
    return kinds.map((kind): Choice => {
      const key = collectionKey({ url: collection.url });
      const syncedBy = params.existing.find((p) => p.kind === kind && collectionKey({ url: p.server.url }) === key)?.name;
      // A calendar that accepts events and tasks (many servers say so of every calendar) is
      // usually meant for events: its task list is offered but not chosen.
      const secondary = kind === "tasks" && kinds.includes("events");
      const target: Target = syncedBy !== undefined || secondary ? { kind: "skip" } : { kind: "new" };
      return { collection, kind, target, ...(syncedBy !== undefined ? { syncedBy } : {}) };
    });
  });
}

/** A server calendar's name as a category: Thunderbird separates categories with "," (";" for Outlook). */
export function categoryNameOf(name: string): string {
  return name.replace(/[,;\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim().slice(0, 100) || "Calendar";
}

/**
 * "Merge all calendars into one Thunderbird calendar": every calendar profile (events and tasks)
 * writes into `calendarId`, each filtered by a category named after its server calendar, so the
 * items of one server calendar stay apart from the others'. Names that clash get " (2)"… since one
 * category shared by two server calendars would copy items between them. Nothing may replicate into
 * a shared calendar (that would delete the other profiles' items): read-only sources merge.
 */
export function mergeIntoOneCalendar(params: { profiles: readonly Profile[]; calendarId: string }): Profile[] {
  const used = new Set<string>();
  return params.profiles.map((profile) => {
    if (profile.kind === "contacts") return profile;
    const base = categoryNameOf(profile.name);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    const mode = profile.sync.mode === "remote-to-local-replicate" ? "remote-to-local-merge" : profile.sync.mode === "local-to-remote-replicate" ? "local-to-remote-merge" : profile.sync.mode;
    return {
      ...profile,
      local: { kind: "existing", id: params.calendarId },
      categoryFilter: { kind: "category", name, includeUncategorized: false, invert: false, sticky: false },
      sync: { ...profile.sync, mode },
    };
  });
}

/** The profiles the chosen rows become; skipped rows become nothing. */
export function planProfiles(params: { choices: readonly Choice[]; preset: string; username: string; makeId: () => string }): Profile[] {
  return params.choices.flatMap(({ collection, kind, target }) => {
    if (target.kind === "skip") return [];
    const name = collection.name;
    const local: Profile["local"] = target.kind === "new" ? { kind: "create", name, color: collection.color ?? DEFAULT_LOCAL_COLOR } : { kind: "existing", id: target.id };
    const base = {
      id: params.makeId(),
      kind,
      name,
      url: collection.url,
      username: params.username,
      // The password manager keys a login by the server's origin (run-profile.ts loginKey).
      credentialRef: new URL(collection.url).origin,
      local,
    };
    const profile = params.preset === "easyproject" ? easyProjectProfile(base) : newProfile({ ...base, preset: params.preset });
    if (!collection.readOnly) return [profile];
    // Nothing local can go to a read-only collection. A new folder mirrors it exactly; an existing
    // one keeps the user's own items (merge never deletes them).
    const mode = target.kind === "new" ? "remote-to-local-replicate" : "remote-to-local-merge";
    return [{ ...profile, sync: { ...profile.sync, mode } }];
  });
}
