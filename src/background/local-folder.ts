// Finds or creates the Thunderbird calendar / address book a profile syncs. A folder the add-on
// creates takes the server collection's display name and color, and mirrors a read-only server
// collection as a read-only calendar (the sync still writes it, as its owner). A folder that
// vanished is an error, never silently re-created: its old status would read as "the user deleted
// everything" and the next run would delete it all on the server.
import type { CollectionInfo } from "../dav";
import type { Profile } from "../core/profile/schema";
import { MissingLocalFolder } from "./result";
import type { LocalFolderRef } from "./sync-state";

export interface FolderApis {
  calendar: Pick<typeof messenger.davsyncCalendar, "getCalendar" | "createCalendar">;
  addressBooks: Pick<typeof messenger.addressBooks, "get" | "create">;
}

export interface ResolvedFolder extends LocalFolderRef {
  /** Thunderbird refuses the user's writes to it. */
  readOnly: boolean;
}

async function exists(params: { apis: FolderApis; kind: Profile["kind"]; id: string }): Promise<{ readOnly: boolean } | undefined> {
  const { apis, kind, id } = params;
  if (kind !== "contacts") {
    const calendar = await apis.calendar.getCalendar(id);
    return calendar ? { readOnly: calendar.readOnly } : undefined;
  }
  try {
    const book = await apis.addressBooks.get(id, false);
    return { readOnly: Boolean(book.readOnly) };
  } catch {
    return undefined;
  }
}

export async function resolveLocalFolder(params: {
  apis: FolderApis;
  profile: Profile;
  known: LocalFolderRef | undefined;
  collection: CollectionInfo;
}): Promise<ResolvedFolder> {
  const { apis, profile, known, collection } = params;
  const ref: LocalFolderRef | undefined = known ?? (profile.local.kind === "existing" ? { id: profile.local.id, createdByUs: false } : undefined);
  if (ref) {
    const found = await exists({ apis, kind: profile.kind, id: ref.id });
    if (!found) throw new MissingLocalFolder(ref.id);
    return { ...ref, readOnly: found.readOnly };
  }
  const fallback = profile.local.kind === "create" ? profile.local : { name: profile.name, color: undefined };
  const name = collection.displayName.trim() || fallback.name;
  if (profile.kind === "contacts") {
    const id = await apis.addressBooks.create({ name });
    return { id, createdByUs: true, readOnly: false };
  }
  const color = collection.color ?? fallback.color;
  const created = await apis.calendar.createCalendar({ name, ...(color ? { color } : {}), readOnly: collection.readOnly });
  return { id: created.id, createdByUs: true, readOnly: created.readOnly };
}
