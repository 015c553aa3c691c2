// Answers the options page's requests (messages.ts) from the SyncService and storage.local.
// Passwords go straight to Thunderbird's password manager; a saved profile clears its "sign in
// again" state, because saving is how the user signs in again.
import { loginKey } from "./run-profile";
import type { BackgroundRequest, BackgroundResponses, Overview, ProfileOverview } from "./messages";
import { deleteProfile, saveProfile } from "./profiles";
import { signIn } from "./managed-profiles";
import { handleOptionsRequest } from "./options-api";
import { forgetProfile, saveResult } from "./sync-state";
import type { SyncService } from "./sync-service";
import type { Log } from "./log";

export interface RequestDeps {
  service: SyncService;
  storage: Pick<typeof messenger.storage.local, "get" | "set" | "remove">;
  credentials: Pick<typeof messenger.davsyncCredentials, "setPassword"> & Partial<Pick<typeof messenger.davsyncCredentials, "getPassword">>;
  /** Profiles changed: alarms follow. */
  onProfilesChanged: () => Promise<void>;
  /** The add-on's log (log.ts), for the options page's Log view. */
  log?: Log;
}

async function overview(deps: RequestDeps): Promise<Overview> {
  const { service } = deps;
  const calendars = await messenger.davsyncCalendar.getCalendars();
  const books = await messenger.addressBooks.list(false);
  const profiles: ProfileOverview[] = service.listProfiles().map((p) => {
    const lastResult = service.resultOf(p.id);
    const localFolderId = service.folderOf(p.id);
    const progress = service.progressOf(p.id);
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      enabled: p.enabled,
      running: service.isRunning(p.id),
      ...(localFolderId ? { localFolderId } : {}),
      ...(lastResult ? { lastResult } : {}),
      ...(progress ? { progress } : {}),
    };
  });
  return {
    calendars: calendars.map(({ id, name, color, readOnly, itemTypes }) => ({ id, name, color, readOnly, itemTypes })),
    addressBooks: books.map((b) => ({ id: b.id, name: b.name, readOnly: Boolean(b.readOnly) })),
    syncState: service.isRunning() ? "running" : "idle",
    profiles,
  };
}

async function syncNow(deps: RequestDeps, request: Extract<BackgroundRequest, { type: "syncNow" }>): Promise<BackgroundResponses["syncNow"]> {
  const { service } = deps;
  const ids = request.profileId ? [request.profileId] : service.listProfiles().filter((p) => p.enabled).map((p) => p.id);
  if (ids.length === 0) return { started: false, reason: "no-profiles" };
  const requests = Object.fromEntries(ids.map((id) => [id, service.request({ profileId: id, trigger: "manual" })]));
  const started = Object.values(requests).some((r) => r === "started");
  const answer: BackgroundResponses["syncNow"] = started ? { started, requests } : { started, reason: "already-running", requests };
  if (!request.wait) return answer;
  await service.whenIdle(ids);
  const results = Object.fromEntries(ids.flatMap((id) => {
    const r = service.resultOf(id);
    return r ? [[id, r]] : [];
  }));
  return { ...answer, results };
}

export async function handleRequest(deps: RequestDeps, request: BackgroundRequest): Promise<unknown> {
  switch (request.type) {
    case "getOverview":
      return overview(deps);
    case "syncNow":
      return syncNow(deps, request);
    case "saveProfile": {
      const saved = await saveProfile({ storage: deps.storage, input: request.profile });
      if (!saved.ok) return saved;
      if (request.password) await deps.credentials.setPassword({ ...loginKey(saved.profile), password: request.password });
      await saveResult({ storage: deps.storage, profileId: saved.profile.id, result: undefined });
      deps.service.forget(saved.profile.id);
      await deps.service.reload();
      await deps.onProfilesChanged();
      return saved;
    }
    case "deleteProfile": {
      const deleted = await deleteProfile({ storage: deps.storage, id: request.id });
      await forgetProfile({ storage: deps.storage, profileId: request.id });
      deps.service.forget(request.id);
      await deps.service.reload();
      await deps.onProfilesChanged();
      return { deleted } satisfies BackgroundResponses["deleteProfile"];
    }
    case "signIn":
      return signIn(deps, request);
    default:
      return handleOptionsRequest(deps, request);
  }
}
