// The one contract between the options page and the background: every request the page can make
// and the answer it gets. Both sides import this file; nothing else crosses.

export type BackgroundRequest =
  | { type: "getOverview" }
  | { type: "syncNow" };

export interface CalendarSummary {
  id: string;
  name: string;
  color: string | null;
  readOnly: boolean;
  itemTypes: ("event" | "task")[];
}

export interface Overview {
  calendars: CalendarSummary[];
  addressBooks: { id: string; name: string; readOnly: boolean }[];
  syncState: "idle" | "running";
}

export interface BackgroundResponses {
  getOverview: Overview;
  syncNow: { started: boolean; reason?: "no-profiles" | "already-running" };
}

export type ResponseTo<R extends BackgroundRequest> = BackgroundResponses[R["type"]];

/** Raised on the page side when the background gave no answer (not loaded, or crashed). */
export class BackgroundUnavailable extends Error {
  constructor(readonly request: BackgroundRequest["type"]) {
    super(`The background did not answer "${request}"`);
  }
}

/** Sends a typed request to the background page (options page side). */
export async function askBackground<R extends BackgroundRequest>(request: R): Promise<ResponseTo<R>> {
  const response: unknown = await messenger.runtime.sendMessage(request);
  if (response === undefined) throw new BackgroundUnavailable(request.type);
  return response as ResponseTo<R>;
}
