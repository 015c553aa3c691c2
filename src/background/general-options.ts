// The general options in storage.local (`generalOptions`), read through the schema so a damaged or
// older value reads as defaults (core/general-options.ts).
import { parseGeneralOptions, type GeneralOptions } from "../core/general-options";

const KEY = "generalOptions";
type StorageArea = Pick<typeof messenger.storage.local, "get" | "set">;

export async function loadGeneralOptions(params: { storage: StorageArea }): Promise<GeneralOptions> {
  return parseGeneralOptions((await params.storage.get(KEY))[KEY]);
}

/** Stores the options as parsed: what is saved is always valid. */
export async function saveGeneralOptions(params: { storage: StorageArea; options: unknown }): Promise<GeneralOptions> {
  const options = parseGeneralOptions(params.options);
  await params.storage.set({ [KEY]: options });
  return options;
}
