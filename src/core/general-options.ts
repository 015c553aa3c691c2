// General options: settings that belong to the add-on, not to one profile — whether to check the
// connection before a sync, the start-up switch, the log's detail, lenient XML, connection reuse,
// the default network timeout and how long run reports are kept. The schema is the source of truth
// (types derive from it); every field has a fallback, so a missing or damaged stored value reads
// as its default instead of failing.
import * as v from "valibot";
import { LIMITS } from "./profile/limits";

export const LOG_LEVELS = ["info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const GeneralOptionsSchema = v.object({
  /** Skip a run (without an error) when the server's host cannot be reached at all. */
  checkConnectivity: v.fallback(v.boolean(), false),
  /** Global switch over every profile's "on startup". */
  syncOnStartup: v.fallback(v.boolean(), true),
  logLevel: v.fallback(v.picklist(LOG_LEVELS), "info"),
  /** Strip characters XML forbids (0x0C…) from server answers instead of failing (src/dav). */
  acceptInvalidChars: v.fallback(v.boolean(), true),
  closeConnectionAfterEachRequest: v.fallback(v.boolean(), false),
  /** What new profiles start with; the same range a profile's own timeout allows. */
  defaultTimeoutSeconds: v.fallback(v.pipe(v.number(), v.integer(), v.minValue(LIMITS.timeoutSeconds.min), v.maxValue(LIMITS.timeoutSeconds.max)), 90),
  reportRetentionDays: v.fallback(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)), 30),
});

export type GeneralOptions = v.InferOutput<typeof GeneralOptionsSchema>;

/** Always answers valid options: unknown keys dropped, bad or missing values at their defaults. */
export function parseGeneralOptions(input: unknown): GeneralOptions {
  return v.parse(GeneralOptionsSchema, input && typeof input === "object" ? input : {});
}

export const DEFAULT_GENERAL_OPTIONS: GeneralOptions = parseGeneralOptions({});
