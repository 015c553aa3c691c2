// One row of the profile list: its status in words, where it syncs, the switch, and delete that
// asks first. Rendered alone with callbacks recorded.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, test, vi } from "vitest";
import ProfileRow from "../../../src/options/profile-row.svelte";
import type { ProfileRowData } from "../../../src/options/options-state.svelte";
import { NOW, OVERVIEW, PROFILES } from "../../fixtures/options/profiles";
import { installMessenger } from "./harness";

beforeEach(installMessenger);

function setup(params: { index: number; folderName?: string }) {
  const row: ProfileRowData = { profile: PROFILES[params.index]!, status: OVERVIEW.profiles![params.index], folderName: params.folderName };
  const calls = { sync: vi.fn(), enabled: vi.fn(), edit: vi.fn(), copy: vi.fn(), move: vi.fn(), clear: vi.fn(), remove: vi.fn() };
  render(ProfileRow, {
    row,
    now: NOW,
    first: params.index === 0,
    last: false,
    onSync: calls.sync,
    onEnabledChange: calls.enabled,
    onEdit: calls.edit,
    onCopy: calls.copy,
    onMove: calls.move,
    onClearCache: calls.clear,
    onDelete: calls.remove,
  });
  return { calls, item: screen.getByRole("listitem") };
}

describe("profile row", () => {
  test("says the last run was OK and how long ago, and names the Thunderbird calendar", () => {
    const { item } = setup({ index: 0, folderName: "Meetings" });
    expect(item.textContent).toContain("OK · 3 min ago");
    expect(item.textContent).toContain("Thunderbird: “Meetings”");
  });

  test("shows a warning run's own message", () => {
    const { item } = setup({ index: 1, folderName: "To-dos" });
    expect(item.textContent).toContain("done with warnings · 50 min ago");
    expect(item.textContent).toContain("2 item(s) could not be synchronized");
  });

  test("asks the user to sign in again after a refused password, with the LDAP hint", () => {
    const { item } = setup({ index: 2 });
    expect(item.textContent).toContain("sign in again · 1 d ago");
    expect(item.textContent).toContain("Accounts that sign in through LDAP cannot use CalDAV");
    expect(item.textContent).toContain("New address book “Contacts” (created at the first sync)");
  });

  test("switches the profile off through its switch", async () => {
    const { calls } = setup({ index: 0 });
    const toggle = screen.getByRole("switch", { name: "Sync “Meetings” automatically" });
    expect(toggle.getAttribute("aria-checked")).toBe("true");
    await fireEvent.click(toggle);
    expect(calls.enabled).toHaveBeenCalledWith(false);
  });

  test("deletes only after the confirmation, with the safe choice focused", async () => {
    const { calls } = setup({ index: 0 });
    const more = screen.getByRole("button", { name: "More actions for “Meetings”" });
    expect(more.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(more);
    expect(more.getAttribute("aria-expanded")).toBe("true");
    const group = screen.getByRole("group", { name: "More actions for “Meetings”" });
    expect(within(group).getByRole("button", { name: /Move up/ }).hasAttribute("disabled")).toBe(true);
    await fireEvent.click(within(group).getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog");
    expect(dialog.textContent).toContain("Delete the profile “Meetings”?");
    expect(document.activeElement?.textContent).toBe("Cancel");
    expect(calls.remove).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(calls.remove).toHaveBeenCalledOnce();
  });

  test("shows an administrator's profile locked", async () => {
    setup({ index: 3 });
    expect(screen.getByText(/Set by your administrator/)).toBeTruthy();
    expect(screen.getByRole("switch").hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "View settings" })).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: /More actions/ }));
    expect(screen.getByRole("button", { name: "Delete" }).hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "Copy" }).hasAttribute("disabled")).toBe(true);
  });
});
