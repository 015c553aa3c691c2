// findDuplicateProfiles: two profiles syncing the same server collection with the same local
// folder are refused. The Outlook plug-in allows it and its docs name the result: every run copies
// the items again and they multiply. Contract: returns one group per clash (ids in input order),
// with a message for the UI; enabled or not does not matter (enabling is one click away).
import { assertNever } from "../vocabulary";
import type { Message } from "./messages";
import type { Profile } from "./schema";

export interface DuplicateGroup extends Message<"profileDuplicate"> {
  profileIds: string[];
}

/**
 * The collection as the server sees it: scheme, user info, default port, "%7E"-style escapes and
 * the trailing slash do not make two URLs different collections.
 */
export function collectionKey({ url }: { url: string }): string {
  try {
    const parsed = new URL(url);
    let path = parsed.pathname;
    try {
      path = decodeURI(path);
    } catch {
      // A malformed escape stays as written; it still compares equal to itself.
    }
    if (!path.endsWith("/")) path += "/";
    return `${parsed.host}${path}${parsed.search}`;
  } catch {
    return url.trim();
  }
}

/**
 * The local folder, or undefined for "create new" (each creates its own folder). Events and tasks
 * may share one Thunderbird calendar and one server collection: each profile syncs only its own
 * component type, so that pair cannot multiply items and is allowed.
 */
function localKey(profile: Profile): string | undefined {
  const local = profile.local;
  switch (local.kind) {
    case "existing":
      return `${profile.kind}:${local.id}`;
    case "create":
      return undefined;
    default:
      return assertNever(local);
  }
}

export function findDuplicateProfiles({ profiles }: { profiles: readonly Profile[] }): DuplicateGroup[] {
  const groups = new Map<string, Profile[]>();
  for (const profile of profiles) {
    const local = localKey(profile);
    if (local === undefined) continue;
    const key = `${collectionKey({ url: profile.server.url })}\n${local}`;
    groups.set(key, [...(groups.get(key) ?? []), profile]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      profileIds: group.map((p) => p.id),
      messageKey: "profileDuplicate",
      substitutions: [group[0]?.name ?? "", group.slice(1).map((p) => p.name).join("”, “")],
    }));
}
