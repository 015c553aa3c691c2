// A worker that inspects downloaded server items off the background page's thread: a first sync
// of thousands of items spends seconds parsing and hashing them before anything can be planned,
// while Thunderbird itself waits idle. Same code as the page (inspectMapped over the profile's
// mapping with the run's clock), so the facts are identical; the page takes them as its own.
import type { Profile } from "../core/profile/schema";
import { inspectMapped, itemMapping } from "../ical";
import { inspectItem } from "./inspect";

export type InspectRequest =
  | { type: "init"; profile: Pick<Profile, "categoryFilter" | "mapping">; now: number }
  | { type: "inspect"; id: number; texts: string[] };

export type InspectAnswer = { id: number; results: { facts: ReturnType<typeof inspectItem>; local: string }[] } | { id: number; error: string };

let mapping: ReturnType<typeof itemMapping> | undefined;

self.onmessage = (event: MessageEvent<InspectRequest>) => {
  const request = event.data;
  if (request.type === "init") {
    const built = itemMapping({ profile: request.profile, now: request.now });
    mapping = built.active ? built : undefined;
    return;
  }
  let answer: InspectAnswer;
  try {
    const results = request.texts.map((text) => (mapping ? inspectMapped({ text, inspect: inspectItem, mapping }) : { facts: inspectItem({ text }), local: text }));
    answer = { id: request.id, results };
  } catch (e) {
    answer = { id: request.id, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(answer);
};
