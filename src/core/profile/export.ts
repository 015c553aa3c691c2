// exportProfiles: our own profile file, versioned JSON. Contract: the text holds an envelope
// { format, version, profiles } with each profile as the schema outputs it (so no unknown field,
// and never a password: the model has none, only a credential reference). Administrator-managed
// profiles are left out: the policy recreates them on every machine, and an exported copy would
// come back as an unlocked duplicate of the policy's profile.
import * as v from "valibot";
import { ProfileSchema, type Profile } from "./schema";

export const EXPORT_FORMAT = "caldav-synchronizer-thunderbird/profiles";
/** Raise when the shape changes; importProfiles refuses files newer than it knows. */
export const EXPORT_VERSION = 1;

export interface ExportEnvelope {
  format: typeof EXPORT_FORMAT;
  version: number;
  profiles: Profile[];
}

export interface SkippedProfile {
  id: string;
  reason: "managed" | "invalid";
}

export function exportProfiles({ profiles }: { profiles: readonly Profile[] }): { text: string; skipped: SkippedProfile[] } {
  const exported: Profile[] = [];
  const skipped: SkippedProfile[] = [];
  for (const profile of profiles) {
    if (profile.managed) {
      skipped.push({ id: profile.id, reason: "managed" });
      continue;
    }
    // Parsing again drops anything a caller attached at runtime that the model does not know.
    const parsed = v.safeParse(ProfileSchema, profile);
    if (parsed.success) exported.push(parsed.output);
    else skipped.push({ id: profile.id, reason: "invalid" });
  }
  const envelope: ExportEnvelope = { format: EXPORT_FORMAT, version: EXPORT_VERSION, profiles: exported };
  return { text: `${JSON.stringify(envelope, null, 2)}\n`, skipped };
}
