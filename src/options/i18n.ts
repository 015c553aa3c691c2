// User-facing text comes from _locales (English and Czech); a missing key shows its name, loudly.
export function t(key: string, substitutions?: string | string[]): string {
  return messenger.i18n.getMessage(key, substitutions) || `[${key}]`;
}
