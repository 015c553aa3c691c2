// "Merge all calendars into one Thunderbird calendar" in the wizard: the switch creates one new
// calendar (or uses an existing one) and every calendar profile writes into it with a category
// filter named after its server calendar; address books are untouched. Plus the pure mapping.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { BackgroundRequest } from "../../../src/background/messages";
import { DEFAULT_GENERAL_OPTIONS } from "../../../src/core/general-options";
import type { Profile } from "../../../src/core/profile/schema";
import AddAccount from "../../../src/options/add-account.svelte";
import { categoryNameOf, mergeIntoOneCalendar } from "../../../src/options/wizard-plan";
import { EASY_PROJECT_COLLECTIONS, OVERVIEW, PROFILES } from "../../fixtures/options/profiles";
import { fakeBackground, installMessenger } from "./harness";
import WithOptions from "./with-options.svelte";

beforeEach(installMessenger);

function setup() {
  const background = fakeBackground((r: BackgroundRequest) => {
    switch (r.type) {
      case "discoverCollections": return { ok: true, collections: EASY_PROJECT_COLLECTIONS };
      case "createCalendar": return { ok: true, id: "merged-1" };
      case "getGeneralOptions": return { options: { ...DEFAULT_GENERAL_OPTIONS, defaultTimeoutSeconds: 120 } };
      case "saveProfiles": return { ok: true, profiles: r.profiles };
      case "getOverview": return OVERVIEW;
      case "getProfiles": return { profiles: PROFILES };
      default: return undefined;
    }
  });
  background.state.overview = OVERVIEW;
  background.state.profiles = [];
  render(WithOptions, { props: { state: background.state, component: AddAccount, props: { preset: "easyproject" } } });
  return background;
}

async function discover() {
  await fireEvent.input(screen.getByLabelText("Company name or Easy Project address"), { target: { value: "acme" } });
  await fireEvent.input(screen.getByLabelText("User name"), { target: { value: "jan.novak" } });
  await fireEvent.input(screen.getByLabelText("Password"), { target: { value: "secret" } });
  await fireEvent.click(screen.getByRole("button", { name: "Find calendars and address books" }));
  return screen.findByRole("switch", { name: "Merge all calendars into one Thunderbird calendar" });
}

describe("merge all calendars into one", () => {
  test("creates one new calendar and gives every calendar profile a category of its server calendar's name", async () => {
    const { requests } = setup();
    await fireEvent.click(await discover());
    const name = screen.getByLabelText("Name of the new calendar") as HTMLInputElement;
    expect(name.value).toBe("Easy Project");
    await fireEvent.input(name, { target: { value: "ACME" } });
    await fireEvent.click(screen.getByRole("button", { name: /Create profiles/ }));
    await vi.waitFor(() => expect(requests.some((r) => r.type === "saveProfiles")).toBe(true));
    const created = requests.filter((r) => r.type === "createCalendar");
    expect(created).toEqual([{ type: "createCalendar", name: "ACME" }]);
    const saved = requests.find((r) => r.type === "saveProfiles") as Extract<BackgroundRequest, { type: "saveProfiles" }>;
    const profiles = saved.profiles as Profile[];
    const calendars = profiles.filter((p) => p.kind !== "contacts");
    expect(calendars.length).toBeGreaterThan(1);
    // New profiles take the general options' default timeout.
    expect(profiles.every((p) => p.network.timeoutSeconds === 120)).toBe(true);
    for (const p of calendars) {
      expect(p.local).toEqual({ kind: "existing", id: "merged-1" });
      expect(p.categoryFilter).toMatchObject({ kind: "category", name: p.name, includeUncategorized: false, invert: false });
      expect(p.sync.mode).not.toMatch(/replicate/);
    }
    expect(profiles.filter((p) => p.kind === "contacts").every((p) => p.local.kind === "create")).toBe(true);
  });

  test("can merge into an existing Thunderbird calendar without creating one", async () => {
    const { requests } = setup();
    await fireEvent.click(await discover());
    await fireEvent.change(screen.getByLabelText("Thunderbird calendar"), { target: { value: "c4" } });
    await fireEvent.click(screen.getByRole("button", { name: /Create profiles/ }));
    await vi.waitFor(() => expect(requests.some((r) => r.type === "saveProfiles")).toBe(true));
    expect(requests.some((r) => r.type === "createCalendar")).toBe(false);
    const saved = requests.find((r) => r.type === "saveProfiles") as Extract<BackgroundRequest, { type: "saveProfiles" }>;
    expect((saved.profiles as Profile[]).filter((p) => p.kind !== "contacts").every((p) => p.local.kind === "existing" && p.local.id === "c4")).toBe(true);
  });
});

describe("the mapping", () => {
  test("category names lose separators and clashing names get a number", () => {
    expect(categoryNameOf("Sales; CRM, leads")).toBe("Sales CRM leads");
    const base = PROFILES[0]!;
    const merged = mergeIntoOneCalendar({ profiles: [{ ...base, name: "Tasks" }, { ...base, id: "x", name: "tasks" }], calendarId: "c" });
    expect(merged.map((p) => (p.categoryFilter.kind === "category" ? p.categoryFilter.name : ""))).toEqual(["Tasks", "tasks (2)"]);
  });
});
