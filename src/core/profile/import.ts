// importProfiles: merges a file written by exportProfiles into the current list, the way the
// Outlook plug-in merges .cdsp files: same id → updated in place, new id → appended, ids never
// regenerated. Contract: never throws; a file that cannot be read at all gives ok: false with a
// message, and each profile that cannot be taken is listed in report.rejected with its reason.
import { findDuplicateProfiles } from "./duplicates";
import { EXPORT_FORMAT, EXPORT_VERSION } from "./export";
import type { Message } from "./messages";
import { isRecord } from "./paths";
import type { Profile } from "./schema";
import { validateProfile, type ProfileIssue } from "./validate";

export interface RejectedProfile extends Message {
  /** Position in the file, from 0. */
  index: number;
  id?: string;
  name?: string;
  issues?: ProfileIssue[];
}

export interface ImportReport {
  added: string[];
  updated: string[];
  rejected: RejectedProfile[];
}

export type ImportResult = { ok: true; profiles: Profile[]; report: ImportReport } | { ok: false; error: Message };

function fail(messageKey: Message["messageKey"], substitutions: string[] = []): ImportResult {
  return { ok: false, error: { messageKey, substitutions } };
}

export function importProfiles({ existing, text }: { existing: readonly Profile[]; text: string }): ImportResult {
  const body = text.replace(/^\uFEFF/, "").trim();
  if (body.startsWith("<")) return fail("profileImportLooksLikeCdsp");
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return fail("profileImportNotJson", [error instanceof Error ? error.message : String(error)]);
  }
  if (!isRecord(data) || data["format"] !== EXPORT_FORMAT || !Array.isArray(data["profiles"])) return fail("profileImportNotOurFormat");
  const version = data["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) return fail("profileImportNotOurFormat");
  if (version > EXPORT_VERSION) return fail("profileImportNewerVersion", [String(version), String(EXPORT_VERSION)]);

  return { ok: true, ...mergeProfiles({ existing, incoming: data["profiles"] as unknown[] }) };
}

/**
 * The merge rule shared by our files and .cdsp imports: each incoming profile is validated, then
 * replaces the profile with its id in place or is appended. Rejected: invalid, an id seen earlier
 * in the same batch, an existing managed profile, or a duplicate of another profile.
 */
export function mergeProfiles({ existing, incoming }: { existing: readonly Profile[]; incoming: readonly unknown[] }): { profiles: Profile[]; report: ImportReport } {
  const merged = [...existing];
  const report: ImportReport = { added: [], updated: [], rejected: [] };
  const seen = new Set<string>();
  incoming.forEach((entry, index) => {
    const outcome = takeProfile({ entry, index, merged, seen });
    if (outcome.kind === "rejected") {
      report.rejected.push(outcome.rejected);
      return;
    }
    const { profile } = outcome;
    seen.add(profile.id);
    const at = merged.findIndex((p) => p.id === profile.id);
    if (at >= 0) {
      merged[at] = profile;
      report.updated.push(profile.id);
    } else {
      merged.push(profile);
      report.added.push(profile.id);
    }
  });
  return { profiles: merged, report };
}

type Taken = { kind: "taken"; profile: Profile } | { kind: "rejected"; rejected: RejectedProfile };

function takeProfile({ entry, index, merged, seen }: { entry: unknown; index: number; merged: readonly Profile[]; seen: ReadonlySet<string> }): Taken {
  const id = isRecord(entry) && typeof entry["id"] === "string" ? entry["id"] : undefined;
  const name = isRecord(entry) && typeof entry["name"] === "string" ? entry["name"] : undefined;
  const reject = (messageKey: Message["messageKey"], substitutions: string[], issues?: ProfileIssue[]): Taken => ({
    kind: "rejected",
    rejected: { index, messageKey, substitutions, ...(id === undefined ? {} : { id }), ...(name === undefined ? {} : { name }), ...(issues ? { issues } : {}) },
  });
  // Only an administrator policy can lock a profile; a file cannot grant that.
  const input = isRecord(entry) ? { ...entry, managed: false } : entry;
  const result = validateProfile({ input });
  if (!result.ok) return reject("profileImportInvalid", [String(index + 1), name ?? ""], result.issues);
  const profile = result.profile;
  if (seen.has(profile.id)) return reject("profileImportDuplicateId", [profile.id]);
  const current = merged.find((p) => p.id === profile.id);
  if (current?.managed) return reject("profileImportManagedLocked", [current.name]);
  const others = merged.filter((p) => p.id !== profile.id);
  const clash = findDuplicateProfiles({ profiles: [...others, profile] }).find((g) => g.profileIds.includes(profile.id));
  if (clash) {
    const otherNames = others.filter((p) => clash.profileIds.includes(p.id)).map((p) => p.name);
    return reject("profileImportDuplicate", [profile.name, otherNames.join("”, “")]);
  }
  return { kind: "taken", profile };
}
