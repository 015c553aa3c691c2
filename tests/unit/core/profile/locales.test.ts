// Every message key the profile model can emit exists in both locales, with one placeholder per
// substitution, so the options page never shows a bare key or a stray "$1".
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { PROFILE_EXCHANGE_KEYS, PROFILE_ISSUE_KEYS } from "../../../../src/core/profile/index";

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

function messages(lang: string): Record<string, Entry> {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../../extension/_locales/${lang}/messages.json`, import.meta.url)), "utf8"));
}

const KEYS = [...PROFILE_ISSUE_KEYS, ...PROFILE_EXCHANGE_KEYS];

describe.each(["en", "cs"])("_locales/%s", (lang) => {
  const table = messages(lang);

  test.each(KEYS)("has %s with every placeholder defined", (key) => {
    const entry = table[key];
    expect(entry?.message).toBeTruthy();
    const used = [...(entry?.message.matchAll(/\$([A-Za-z0-9_]+)\$/g) ?? [])].map((m) => m[1]?.toLowerCase());
    expect(Object.keys(entry?.placeholders ?? {}).sort()).toEqual([...new Set(used)].sort());
  });

  test("both languages use the same placeholders for each key", () => {
    const en = messages("en");
    for (const key of KEYS) expect(Object.keys(table[key]?.placeholders ?? {}), key).toEqual(Object.keys(en[key]?.placeholders ?? {}));
  });
});
