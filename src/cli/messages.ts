// English text for the CLI's failures: a DavError's message key rendered from the add-on's own
// extension/_locales/en/messages.json (bundled at build time), so the CLI and Thunderbird say the
// same thing. Placeholders work as in browser.i18n: $URL$ → its "content" ($1) → substitution 1.
import messages from "../../extension/_locales/en/messages.json";
import { isDavError } from "../dav";

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const TABLE = messages as unknown as Record<string, LocaleEntry>;

export function renderMessage(params: { key: string; substitutions: readonly string[] }): string | undefined {
  const entry = TABLE[params.key];
  if (!entry) return undefined;
  const fill = (text: string) => text.replace(/\$(\d)/g, (_m, n: string) => params.substitutions[Number(n) - 1] ?? "");
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_m, name: string) => {
    const ph = entry.placeholders?.[name.toLowerCase()];
    return ph ? fill(ph.content) : "";
  });
}

/** One line for a person; DavErrors in the add-on's words, others by their own message. */
export function describeError(error: unknown): string {
  if (isDavError(error)) {
    return renderMessage({ key: error.messageKey, substitutions: error.substitutions }) ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
