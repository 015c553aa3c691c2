// The settings form's working copy of one profile. Edits go to `profile`; validation is derived
// from it on every change (validateProfile, the same check the background applies on save), so
// each field shows its own problem inline and Save knows whether it may go. "Fix invalid settings"
// is fixProfile applied to the copy; nothing is stored until Save.
import { getContext, setContext } from "svelte";
import { findDuplicateProfiles } from "../core/profile/duplicates";
import { fixProfile, type ProfileChange } from "../core/profile/fix";
import type { Profile } from "../core/profile/schema";
import { validateProfile, type ProfileIssue } from "../core/profile/validate";

export class ProfileDraft {
  profile: Profile = $state() as Profile;
  /** Typed only to change it; empty keeps the one in Thunderbird's password manager. */
  password = $state("");
  showAdvanced = $state(false);
  /** What the last "Fix invalid settings" changed, for the user to check. */
  changes = $state<ProfileChange[]>([]);

  private validation = $derived(validateProfile({ input: this.profile }));
  issues: ProfileIssue[] = $derived(this.validation.ok ? [] : this.validation.issues);
  fixable = $derived(this.issues.some((i) => "fix" in i));
  /** Saving this next to the other profiles would multiply items (duplicates.ts). */
  duplicate = $derived.by(() => {
    if (!this.validation.ok) return undefined;
    const others = this.others().filter((p) => p.id !== this.profile.id);
    return findDuplicateProfiles({ profiles: [...others, this.validation.profile] }).find((g) => g.profileIds.includes(this.profile.id));
  });
  readonly locked: boolean;

  constructor(
    source: Profile,
    private readonly others: () => readonly Profile[],
    readonly isNew = false,
  ) {
    this.profile = $state.snapshot(source) as Profile;
    this.locked = source.managed;
    // Advanced settings open when one of them is what needs attention.
    this.showAdvanced = !validateProfile({ input: source }).ok;
  }

  /** Issues at `path` or below it ("schedule.interval" covers "schedule.interval.minutes"). */
  issuesAt(path: string): ProfileIssue[] {
    return this.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
  }

  /** The id of the element explaining `path`'s problem, for aria-describedby; undefined when fine. */
  errorId(path: string): string | undefined {
    return this.issuesAt(path).length > 0 ? `error-${path.replaceAll(".", "-")}` : undefined;
  }

  fix(): void {
    const result = fixProfile({ input: $state.snapshot(this.profile) });
    this.changes = result.changes;
    this.profile = (result.ok ? result.profile : result.draft) as Profile;
    this.showAdvanced = true;
  }
}

const KEY = Symbol("profile-draft");

export function setProfileDraft(draft: ProfileDraft): ProfileDraft {
  return setContext(KEY, draft);
}

export function useProfileDraft(): ProfileDraft {
  const draft = getContext<ProfileDraft | undefined>(KEY);
  if (!draft) throw new Error("useProfileDraft() outside the profile settings form");
  return draft;
}
