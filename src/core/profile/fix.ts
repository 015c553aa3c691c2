// fixProfile — "Fix invalid settings": applies every suggested fix from validateProfile, outermost
// first, and re-validates until the profile is valid. Contract: returns the nearest valid profile
// and each change made (path, old, new, why); when a value only the user can give is missing (the
// server URL), returns ok: false with those issues and the draft fixed as far as possible.
import { getAt, isUnder, pathKeys, setAt, type PathKey } from "./paths";
import type { ProfileIssueKey } from "./messages";
import type { Profile } from "./schema";
import { validateProfile, type ProfileIssue } from "./validate";

export interface ProfileChange {
  path: string;
  messageKey: ProfileIssueKey;
  from: unknown;
  to: unknown;
}

export type FixResult =
  | { ok: true; profile: Profile; changes: ProfileChange[] }
  | { ok: false; draft: unknown; changes: ProfileChange[]; remaining: ProfileIssue[] };

/** Fixes reveal issues one level deeper at most (a restored variant, then its fields): 6 is ample. */
const MAX_ROUNDS = 6;

export function fixProfile({ input, makeId }: { input: unknown; makeId?: () => string }): FixResult {
  let draft = input;
  const changes: ProfileChange[] = [];
  let remaining: ProfileIssue[] = [];
  // One id for all rounds, so an id fixed in round 1 is the one the profile keeps.
  let madeId: string | undefined;
  const stableMakeId = makeId === undefined ? undefined : () => (madeId ??= makeId());
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = validateProfile({ input: draft, makeId: stableMakeId });
    if (result.ok) return { ok: true, profile: result.profile, changes };
    remaining = result.issues;
    const fixable = result.issues.filter((issue) => "fix" in issue);
    if (fixable.length === 0) break;
    // Outermost first: a replaced parent makes the fixes below it moot.
    fixable.sort((a, b) => pathKeys(a.path).length - pathKeys(b.path).length);
    const done: PathKey[][] = [];
    for (const issue of fixable) {
      const path = pathKeys(issue.path);
      if (done.some((prefix) => isUnder({ path, prefix }))) continue;
      const from = getAt({ root: draft, path });
      draft = setAt({ root: draft, path, value: issue.fix });
      changes.push({ path: issue.path, messageKey: issue.messageKey, from, to: issue.fix });
      done.push(path);
    }
  }
  const unfixable = remaining.filter((issue) => !("fix" in issue));
  return { ok: false, draft, changes, remaining: unfixable.length > 0 ? unfixable : remaining };
}
