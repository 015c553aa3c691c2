// DOM tests of the options page's components: `messenger.i18n` answers from the real English
// _locales file (named placeholders resolved like Thunderbird does), and a fake background records
// requests and answers them from a function, so tests assert on the texts a user reads.
import { readFileSync } from "node:fs";
import type { BackgroundRequest } from "../../../src/background/messages";
import { OptionsState, type Ask } from "../../../src/options/options-state.svelte";

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
const MESSAGES = JSON.parse(readFileSync("extension/_locales/en/messages.json", "utf8")) as Record<string, Entry>;

export function getMessage(key: string, subs?: string | string[]): string {
  const entry = MESSAGES[key];
  if (!entry) return "";
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? m);
  return named.replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? "");
}

export function installMessenger(): void {
  (globalThis as unknown as { messenger: unknown }).messenger = { i18n: { getMessage } };
}

/** A background that records every request; `answer` returns the reply (undefined = empty reply). */
export function fakeBackground(answer: (request: BackgroundRequest) => unknown) {
  const requests: BackgroundRequest[] = [];
  const ask = (async (request: BackgroundRequest) => {
    requests.push(request);
    return answer(request);
  }) as Ask;
  return { ask, requests, state: new OptionsState(ask) };
}
