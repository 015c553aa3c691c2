// State of one run of the add-account wizard: the account step's answers, discovery, the rows the
// user chooses targets for, and creating the profiles. Shared by its step components through
// setWizardState / useWizardState; what the answers mean lives in wizard-plan.ts.
import { getContext, setContext } from "svelte";
import type { DiscoveredCollection, LocalizedMessage } from "../background/messages";
import type { Profile } from "../core/profile/schema";
import { getPreset, PRESETS, presetUrls, type PresetAnswers, type PresetId } from "../dav/presets";
import { t, tm } from "./i18n";
import type { Ask } from "./options-state.svelte";
import { defaultChoices, easyProjectUrl, mergeIntoOneCalendar, planProfiles, type Choice } from "./wizard-plan";

/** "Merge all calendars into one Thunderbird calendar": off, or into a new calendar / an existing one. */
export interface MergeChoice {
  on: boolean;
  target: { kind: "new"; name: string } | { kind: "existing"; id: string };
}

export type WizardStep = "account" | "collections";

export class WizardState {
  step = $state<WizardStep>("account");
  presetId = $state<PresetId>("easyproject");
  answers = $state<PresetAnswers>({});
  username = $state("");
  password = $state("");
  busy = $state(false);
  /** Why discovery or saving failed, as sentences for the alert. */
  errors = $state<string[]>([]);
  choices = $state<Choice[]>([]);
  merge = $state<MergeChoice>({ on: false, target: { kind: "new", name: t("wizardMergeName") } });
  /** The calendar a merge created, reused if saving fails and the user tries again. */
  private mergedCalendarId: string | undefined;
  /** The general options' timeout for new profiles, read while the user chooses. */
  private defaultTimeout: number | undefined;

  preset = $derived(getPreset(this.presetId));
  /** Where discovery starts; empty while a needed field is missing. */
  startUrls: string[] = $derived.by(() => {
    if (this.presetId === "easyproject") {
      const url = easyProjectUrl(this.answers.company ?? "");
      return url ? [url] : [];
    }
    try {
      const { caldav, carddav } = presetUrls({ preset: this.preset, answers: this.answers });
      return [...new Set([caldav, carddav].filter((u): u is string => u !== undefined))];
    } catch {
      return [];
    }
  });
  canDiscover = $derived(!this.preset.unsupported && this.startUrls.length > 0 && this.username.trim() !== "" && this.password !== "" && !this.busy);
  chosen = $derived(this.choices.filter((c) => c.target.kind !== "skip").length);

  constructor(
    private readonly ask: Ask,
    /** The profiles already there: their collections default to "skip", duplicates are refused. */
    private readonly existing: () => readonly Profile[],
    preset: "easyproject" | "generic",
  ) {
    this.presetId = preset;
  }

  /** Presets the generic path offers; Easy Project has a wizard of its own. */
  static readonly genericPresets = PRESETS.filter((p) => p.id !== "easyproject");

  async discover(): Promise<void> {
    if (!this.canDiscover) return;
    this.busy = true;
    this.errors = [];
    const found: DiscoveredCollection[] = [];
    const failures: LocalizedMessage[] = [];
    // Presets with separate CalDAV and CardDAV hosts (GMX, Yandex, iCloud, Posteo) need both.
    for (const url of this.startUrls) {
      const answer = await this.ask({ type: "discoverCollections", url, username: this.username.trim(), password: this.password, preset: this.presetId });
      if (answer.ok) found.push(...answer.collections.filter((c) => !found.some((f) => f.url === c.url)));
      else failures.push(answer.error);
    }
    this.busy = false;
    if (found.length === 0) {
      this.errors = failures.length > 0 ? failures.map(tm) : [t("wizardNothingFound")];
      return;
    }
    this.errors = failures.map(tm);
    this.choices = defaultChoices({ collections: found, existing: this.existing() });
    this.step = "collections";
    // An older background (or a page test without one) has no general options: profiles keep theirs.
    this.defaultTimeout = await this.ask({ type: "getGeneralOptions" })
      .then((a) => a?.options?.defaultTimeoutSeconds)
      .catch(() => undefined);
  }

  /** Ids of the profiles the last successful create() saved. */
  created: string[] = [];

  /** Creates every chosen profile in one request; true when all were saved. */
  async create(): Promise<boolean> {
    let profiles = planProfiles({ choices: this.choices, preset: this.presetId, username: this.username.trim(), makeId: () => crypto.randomUUID() });
    if (profiles.length === 0) return false;
    this.busy = true;
    this.errors = [];
    const timeoutSeconds = this.defaultTimeout;
    if (timeoutSeconds !== undefined) profiles = profiles.map((p) => ({ ...p, network: { ...p.network, timeoutSeconds } }));
    if (this.merge.on && profiles.some((p) => p.kind !== "contacts")) {
      const calendarId = await this.mergedCalendar();
      if (!calendarId) {
        this.busy = false;
        return false;
      }
      profiles = mergeIntoOneCalendar({ profiles, calendarId });
    }
    const answer = await this.ask({ type: "saveProfiles", profiles, password: this.password });
    this.busy = false;
    if (answer.ok) {
      this.created = answer.profiles.map((p) => p.id);
      return true;
    }
    const nameAt = (index: number) => profiles[index]?.name ?? "";
    this.errors = [
      ...answer.duplicates.map((d) => tm(d.message)),
      ...answer.invalid.flatMap((i) => i.issues.map((issue) => `${nameAt(i.index)}: ${tm(issue)}`)),
    ];
    return false;
  }

  private async mergedCalendar(): Promise<string | undefined> {
    const target = this.merge.target;
    if (target.kind === "existing") return target.id;
    if (this.mergedCalendarId) return this.mergedCalendarId;
    const answer = await this.ask({ type: "createCalendar", name: target.name.trim() || t("wizardMergeName") });
    if (!answer.ok) {
      this.errors = [tm(answer.error)];
      return undefined;
    }
    this.mergedCalendarId = answer.id;
    return answer.id;
  }
}

const KEY = Symbol("wizard-state");

export function setWizardState(state: WizardState): WizardState {
  return setContext(KEY, state);
}

export function useWizardState(): WizardState {
  const state = getContext<WizardState | undefined>(KEY);
  if (!state) throw new Error("useWizardState() outside the add-account wizard");
  return state;
}
