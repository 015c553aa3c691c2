// A profile's settings form in jsdom: inline validation tied to the field (aria-invalid and
// aria-describedby), "Fix invalid settings", the conflict rule only for two-way sync, advanced
// settings behind their toggle, a locked managed profile, and saving with the password.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { Profile } from "../../../src/core/profile/schema";
import ProfileSettings from "../../../src/options/profile-settings.svelte";
import { OVERVIEW, PROFILES } from "../../fixtures/options/profiles";
import { fakeBackground, installMessenger } from "./harness";
import WithOptions from "./with-options.svelte";

beforeEach(installMessenger);

function setup(params: { source?: Profile; created?: unknown } = {}) {
  const background = fakeBackground((r) => {
    if (r.type === "saveProfile") return { ok: true, profile: r.profile };
    if (r.type === "getOverview") return OVERVIEW;
    if (r.type === "getProfiles") return { profiles: PROFILES };
    if (r.type === "createServerCollection") return params.created ?? { ok: true, url: "https://acme.easyproject.cz/caldav/calendars/jan/porady/" };
    return undefined;
  });
  background.state.overview = OVERVIEW;
  background.state.profiles = PROFILES;
  const onClose = vi.fn();
  render(WithOptions, { props: { state: background.state, component: ProfileSettings, props: { source: params.source ?? PROFILES[0]!, onClose } } });
  return { ...background, onClose };
}

describe("profile settings", () => {
  test("explains an invalid interval next to the field and keeps Save off until it is fixed", async () => {
    setup();
    const minutes = screen.getByLabelText("Sync interval in minutes");
    await fireEvent.input(minutes, { target: { value: "0" } });
    expect(minutes.getAttribute("aria-invalid")).toBe("true");
    const explanation = document.getElementById(minutes.getAttribute("aria-describedby")!);
    expect(explanation?.textContent).toContain("The sync interval must be a whole number of minutes from 1 to 10080.");
    expect(screen.getByRole("button", { name: "Save" }).hasAttribute("disabled")).toBe(true);

    await fireEvent.click(screen.getByRole("button", { name: "Fix invalid settings" }));
    expect((screen.getByLabelText("Sync interval in minutes") as HTMLInputElement).value).toBe("1");
    expect(screen.getByRole("status").textContent).toContain("1 setting(s) were corrected");
    expect(screen.getByRole("button", { name: "Save" }).hasAttribute("disabled")).toBe(false);
  });

  test("offers the conflict rule, each with its explanation, only for two-way sync", async () => {
    setup();
    expect(screen.getByRole("radio", { name: /Automatic The more recently modified version wins/ })).toBeTruthy();
    await fireEvent.click(screen.getByRole("radio", { name: /Server → Thunderbird \(merge\)/ }));
    expect(screen.queryByRole("group", { name: "When an item changed on both sides" })).toBeNull();
  });

  test("keeps advanced settings behind their toggle", async () => {
    setup();
    const toggle = screen.getByRole("button", { name: "Show advanced settings" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByLabelText("Timeout (seconds)")).toBeNull();
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect((screen.getByLabelText("Timeout (seconds)") as HTMLInputElement).value).toBe("90");
    expect(screen.getByLabelText("Items per chunk")).toBeTruthy();
  });

  test("refuses a setting that would duplicate another profile, with the reason", async () => {
    setup({ source: { ...PROFILES[0]!, id: "copy", name: "Meetings copy" } });
    expect(screen.getByRole("alert").textContent).toContain("“Meetings” and “Meetings copy” sync the same server collection");
    expect(screen.getByRole("button", { name: "Save" }).hasAttribute("disabled")).toBe(true);
  });

  test("saves the edited profile with a newly typed password", async () => {
    const { requests, onClose } = setup();
    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: "Porady" } });
    await fireEvent.input(screen.getByLabelText("Password"), { target: { value: "nové-heslo" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(requests.find((r) => r.type === "saveProfile")).toMatchObject({ profile: { id: "p-meetings", name: "Porady" }, password: "nové-heslo" });
  });

  test("shows an administrator's profile without letting it change", () => {
    setup({ source: PROFILES[3]! });
    expect(screen.getByText(/Your administrator set up this profile/)).toBeTruthy();
    expect((screen.getByLabelText("Profile name") as HTMLInputElement).matches(":disabled")).toBe(true);
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    expect(screen.getByRole("button", { name: "Show advanced settings" }).hasAttribute("disabled")).toBe(false);
  });

  test("with the mail account's login hides the password field, explains why and saves no password", async () => {
    const { requests, onClose } = setup();
    await fireEvent.input(screen.getByLabelText("Password"), { target: { value: "typed-before" } });
    const box = screen.getByRole("checkbox", { name: "Use the mail account's password" }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    expect(box.checked).toBe(true);
    expect(screen.queryByLabelText("Password")).toBeNull();
    const help = document.getElementById(box.getAttribute("aria-describedby")!);
    expect(help?.textContent).toContain("no separate password is stored");
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    const saved = requests.find((r) => r.type === "saveProfile") as { profile: Profile; password?: string };
    expect(saved.profile.server.useMailAccountLogin).toBe(true);
    expect(saved.password).toBeUndefined();
  });

  test("warns, without refusing, about a plain http:// address that is not this computer", async () => {
    setup();
    const url = screen.getByLabelText("Server address (DAV URL)");
    const warning = () => screen.queryByText(/Passwords and data travel unencrypted/);
    expect(warning()).toBeNull();
    await fireEvent.input(url, { target: { value: "http://dav.example.com/cal/meetings/" } });
    expect(warning()?.className).toContain("warning");
    expect(warning()?.getAttribute("role")).toBeNull();
    expect(url.getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByRole("button", { name: "Save" }).hasAttribute("disabled")).toBe(false);
    await fireEvent.input(url, { target: { value: "http://127.0.0.1:5232/cal/meetings/" } });
    expect(warning()).toBeNull();
    await fireEvent.input(url, { target: { value: "http://localhost/cal/meetings/" } });
    expect(warning()).toBeNull();
  });

  test("creates a new calendar on the server and points the server address at it", async () => {
    const { requests } = setup();
    const open = screen.getByRole("button", { name: "Create a new calendar on the server…" });
    expect(open.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(open);
    const name = screen.getByLabelText("Name on the server") as HTMLInputElement;
    expect(name.value).toBe("Meetings");
    await fireEvent.input(name, { target: { value: "Porady" } });
    await fireEvent.input(screen.getByLabelText("Password"), { target: { value: "heslo" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create on server" }));
    const url = "https://acme.easyproject.cz/caldav/calendars/jan/porady/";
    await vi.waitFor(() => expect((screen.getByLabelText("Server address (DAV URL)") as HTMLInputElement).value).toBe(url));
    expect(requests.find((r) => r.type === "createServerCollection")).toMatchObject({
      url: PROFILES[0]!.server.url,
      username: "jan.novak",
      password: "heslo",
      kind: "events",
      displayName: "Porady",
      color: "#3a87ad",
    });
    expect(screen.getByText(/“Porady” was created on the server/).textContent).toContain(url);
    expect(screen.queryByLabelText("Name on the server")).toBeNull();
  });

  test("shows why the server refused to create the address book and keeps the address", async () => {
    const created = { ok: false, message: { key: "davErrorNothingFound", substitutions: ["https://x.example/", ""] } };
    const { requests } = setup({ source: PROFILES[2]!, created });
    await fireEvent.click(screen.getByRole("button", { name: "Create a new address book on the server…" }));
    expect(screen.queryByLabelText("Color")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Create on server" }));
    await vi.waitFor(() => expect(screen.getByRole("alert").textContent).toContain("No calendars or address books were found at https://x.example/"));
    const request = requests.find((r) => r.type === "createServerCollection") as { kind: string; password?: string; color?: string };
    expect(request).toMatchObject({ kind: "contacts", displayName: "Contacts" });
    expect(request.password).toBeUndefined();
    expect(request.color).toBeUndefined();
    expect((screen.getByLabelText("Server address (DAV URL)") as HTMLInputElement).value).toBe(PROFILES[2]!.server.url);
  });

  test("offers no server creation for an administrator's profile", () => {
    setup({ source: PROFILES[3]! });
    expect(screen.queryByRole("button", { name: /on the server…/ })).toBeNull();
  });
});
