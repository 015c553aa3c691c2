// The add-account wizard in jsdom against a fake background: the Easy Project address from the
// company name, discovery errors in the user's words, the collection rows, creating all profiles
// at once, refused duplicates, and Google refused up front.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, test } from "vitest";
import type { BackgroundRequest } from "../../../src/background/messages";
import AddAccount from "../../../src/options/add-account.svelte";
import { EASY_PROJECT_COLLECTIONS, OVERVIEW, PROFILES } from "../../fixtures/options/profiles";
import { fakeBackground, installMessenger } from "./harness";
import WithOptions from "./with-options.svelte";

beforeEach(installMessenger);

function setup(params: { preset?: "easyproject" | "generic"; answer?: (r: BackgroundRequest) => unknown } = {}) {
  const background = fakeBackground((r) => {
    const answer = params.answer?.(r);
    if (answer !== undefined) return answer;
    if (r.type === "getOverview") return OVERVIEW;
    if (r.type === "getProfiles") return { profiles: PROFILES };
    return undefined;
  });
  background.state.overview = OVERVIEW;
  background.state.profiles = PROFILES;
  render(WithOptions, { props: { state: background.state, component: AddAccount, props: { preset: params.preset ?? "easyproject" } } });
  return background;
}

async function signIn(company = "acme") {
  await fireEvent.input(screen.getByLabelText("Company name or Easy Project address"), { target: { value: company } });
  await fireEvent.input(screen.getByLabelText("User name"), { target: { value: "jan.novak" } });
  await fireEvent.input(screen.getByLabelText("Password"), { target: { value: "secret" } });
}

const discovered = (r: BackgroundRequest) => (r.type === "discoverCollections" ? { ok: true, collections: EASY_PROJECT_COLLECTIONS } : undefined);

describe("Easy Project wizard", () => {
  test("starts at its heading and offers discovery only when company, login and password are there", async () => {
    setup();
    expect(document.activeElement).toBe(screen.getByRole("heading", { level: 2 }));
    const find = screen.getByRole("button", { name: "Find calendars and address books" });
    expect(find.hasAttribute("disabled")).toBe(true);
    await signIn("acme.easyproject.cz");
    expect(screen.getByText("Connects to https://acme.easyproject.cz/caldav/")).toBeTruthy();
    expect(find.hasAttribute("disabled")).toBe(false);
  });

  test("keeps an explicit http:// address and warns that it is unencrypted unless it is this computer", async () => {
    setup();
    const warning = () => screen.queryByText(/Passwords and data travel unencrypted/);
    await signIn("http://ep.acme.lan:8080/");
    expect(screen.getByText("Connects to http://ep.acme.lan:8080/caldav/")).toBeTruthy();
    expect(warning()?.className).toContain("warning");
    expect(screen.getByRole("button", { name: "Find calendars and address books" }).hasAttribute("disabled")).toBe(false);
    await fireEvent.input(screen.getByLabelText("Company name or Easy Project address"), { target: { value: "http://127.0.0.1:8080/caldav/" } });
    expect(screen.getByText("Connects to http://127.0.0.1:8080/caldav/")).toBeTruthy();
    expect(warning()).toBeNull();
  });

  test("shows the server's refusal with its localized explanation", async () => {
    setup({ answer: (r) => (r.type === "discoverCollections" ? { ok: false, error: { key: "davErrorAuthEasyProject", substitutions: ["https://acme.easyproject.cz/caldav/", ""] } } : undefined) });
    await signIn();
    await fireEvent.click(screen.getByRole("button", { name: "Find calendars and address books" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Easy Project at https://acme.easyproject.cz/caldav/ did not accept the user name or password");
  });

  test("lists every collection by kind with its target, already synced ones skipped", async () => {
    setup({ answer: discovered });
    await signIn();
    await fireEvent.click(screen.getByRole("button", { name: "Find calendars and address books" }));
    expect(await screen.findByRole("heading", { name: "Calendars" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Task lists" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Address books" })).toBeTruthy();
    const meetings = screen.getByRole("combobox", { name: "Meetings" }) as HTMLSelectElement;
    expect(meetings.value).toBe("skip");
    expect(screen.getByText("Already synced by the profile “Meetings”.")).toBeTruthy();
    const milestones = screen.getByRole("combobox", { name: "Milestones" }) as HTMLSelectElement;
    expect(milestones.value).toBe("new");
    // Read-only Thunderbird calendars cannot take synced items: only writable event calendars are offered.
    expect(within(milestones).getAllByRole("option").map((o) => o.textContent)).toEqual(["New Thunderbird calendar", "Meetings", "Home", "Don’t sync"]);
  });

  test("creates all chosen profiles in one request with the password", async () => {
    const background = setup({ answer: (r) => discovered(r) ?? (r.type === "saveProfiles" ? { ok: true, profiles: r.profiles } : undefined) });
    await signIn();
    await fireEvent.click(screen.getByRole("button", { name: "Find calendars and address books" }));
    await fireEvent.change(await screen.findByRole("combobox", { name: "Attendance" }), { target: { value: "skip" } });
    await fireEvent.change(screen.getByRole("combobox", { name: "Users" }), { target: { value: "existing:b1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create profiles (3)" }));
    const save = background.requests.find((r) => r.type === "saveProfiles");
    expect(save).toMatchObject({ password: "secret" });
    const profiles = (save as { profiles: { name: string; local: unknown }[] }).profiles;
    expect(profiles.map((p) => p.name)).toEqual(["Tasks", "Milestones", "Users"]);
    expect(profiles[2]!.local).toEqual({ kind: "existing", id: "b1" });
    expect(background.state.view).toEqual({ kind: "list" });
    expect(background.state.notice?.text).toContain("Profiles created: 3");
    // "They sync for the first time now": each new profile is asked to sync right away.
    const saved = profiles as unknown as { id: string }[];
    expect(background.requests.filter((r) => r.type === "syncNow")).toEqual(saved.map((p) => ({ type: "syncNow", profileId: p.id })));
  });

  test("keeps the wizard open and explains a refused duplicate", async () => {
    const duplicate = { profileIds: ["p-meetings", "new"], message: { key: "profileDuplicate", substitutions: ["Meetings", "Milestones"] } };
    setup({ answer: (r) => discovered(r) ?? (r.type === "saveProfiles" ? { ok: false, invalid: [], duplicates: [duplicate] } : undefined) });
    await signIn();
    await fireEvent.click(screen.getByRole("button", { name: "Find calendars and address books" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Create profiles (4)" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("“Meetings” and “Milestones” sync the same server collection with the same Thunderbird folder");
    expect(screen.getByRole("heading", { name: "Calendars" })).toBeTruthy();
  });
});

describe("generic server", () => {
  test("refuses Google before anything is typed and explains why", async () => {
    setup({ preset: "generic" });
    await fireEvent.change(screen.getByRole("combobox", { name: "Server" }), { target: { value: "google" } });
    expect(screen.getByRole("alert").textContent).toContain("Google allows only OAuth sign-in");
    expect(screen.queryByLabelText("User name")).toBeNull();
    expect(screen.queryByRole("button", { name: "Find calendars and address books" })).toBeNull();
  });

  test("asks a preset only for what its address lacks", async () => {
    setup({ preset: "generic" });
    await fireEvent.change(screen.getByRole("combobox", { name: "Server" }), { target: { value: "gmx" } });
    expect(screen.queryByLabelText("Server address")).toBeNull();
    expect(screen.getByText("Connects to https://caldav.gmx.net/, https://carddav.gmx.net/")).toBeTruthy();
  });
});
