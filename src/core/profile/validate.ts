// validateProfile: checks anything (a form's state, a stored or imported object) against the
// schema and explains each problem for the UI: dotted path, _locales key, substitutions and a
// suggested valid value. Contract: ok ⇔ v.safeParse(ProfileSchema) succeeds; the profile returned
// is the schema's output (unknown keys dropped); issues are unique per path and key.
import * as v from "valibot";
import { easyProjectProfile, newProfile } from "./defaults";
import { describeIssue } from "./issue-fixes";
import { isIssueKey, type ProfileIssueKey } from "./messages";
import { getAt, isRecord, pathText, type PathKey } from "./paths";
import { cleanText, nameFromUrl, repairId, repairPreset, repairUrl } from "./repairs";
import { PROFILE_KINDS, ProfileSchema, type Profile, type ProfileKind } from "./schema";
import { MAX_TEXT } from "./limits";

export interface ProfileIssue {
  path: string;
  messageKey: ProfileIssueKey;
  substitutions: string[];
  /** The suggested valid value at `path`; absent when only the user can supply it. */
  fix?: unknown;
}

export type ValidationResult = { ok: true; profile: Profile } | { ok: false; issues: ProfileIssue[] };

export interface ValidateParams {
  input: unknown;
  /** Supplies an id when the input has no usable one; default: derived from the input's content. */
  makeId?: () => string;
}

export function validateProfile({ input, makeId }: ValidateParams): ValidationResult {
  const result = v.safeParse(ProfileSchema, input);
  if (result.success) return { ok: true, profile: result.output };
  const defaults = defaultsFor({ input, makeId });
  const seen = new Set<string>();
  const issues: ProfileIssue[] = [];
  for (const raw of result.issues) {
    const path: PathKey[] = (raw.path ?? []).map((step) => step.key as PathKey);
    const key = issueKey({ raw, path });
    const detail = describeIssue({ key, path, root: input, defaults });
    const id = `${pathText(detail.path)}|${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const issue: ProfileIssue = { path: pathText(detail.path), messageKey: key, substitutions: detail.substitutions };
    if (detail.fix !== undefined) issue.fix = detail.fix;
    issues.push(issue);
  }
  return { ok: false, issues };
}

function issueKey({ raw, path }: { raw: v.BaseIssue<unknown>; path: readonly PathKey[] }): ProfileIssueKey {
  if (path.length === 0) return "profileErrorNotObject";
  // valibot reports a missing key on the key's path with the parent object's message.
  if (raw.kind === "schema" && raw.type === "object" && raw.received === "undefined" && raw.expected?.startsWith('"')) {
    return "profileErrorMissing";
  }
  return isIssueKey(raw.message) ? raw.message : "profileErrorInvalidValue";
}

/** Defaults shaped like the input: same kind, id, name and URL where those are usable. */
export function defaultsFor({ input, makeId }: ValidateParams): Profile {
  const raw = isRecord(input) ? input : {};
  const rawUrl = getAt({ root: raw, path: ["server", "url"] });
  // "" when unusable: describeIssue never suggests it, the user has to type a URL.
  const url = repairUrl({ value: rawUrl }) ?? "";
  const kind = guessKind({ kind: raw["kind"], url });
  const id = repairId({ value: raw["id"] }) ?? makeId?.() ?? contentId({ input });
  const name =
    cleanText({ value: raw["name"], max: MAX_TEXT.name }) ||
    cleanText({ value: getAt({ root: raw, path: ["local", "name"] }), max: MAX_TEXT.name }) ||
    nameFromUrl({ url }) ||
    (kind === "contacts" ? "CardDAV" : "CalDAV");
  const preset = repairPreset({ value: getAt({ root: raw, path: ["server", "preset"] }) });
  const params = { id, kind, name, url };
  return preset === "easyproject" ? easyProjectProfile(params) : newProfile({ ...params, preset });
}

function guessKind({ kind, url }: { kind: unknown; url: string }): ProfileKind {
  const known = PROFILE_KINDS.find((k) => k === kind);
  if (known !== undefined) return known;
  return /carddav|addressbook|contacts/i.test(url) ? "contacts" : "events";
}

/** Same input → same id, so fixing twice never creates two different profiles (FNV-1a). */
function contentId({ input }: { input: unknown }): string {
  let text: string;
  try {
    text = JSON.stringify(input) ?? "";
  } catch {
    text = "";
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `profile-${hash.toString(16).padStart(8, "0")}`;
}
