// The run screens: a profile's reports (newest in full, earlier ones to pick, clear), the dialog
// that asks before held deletions go ahead, the trash with Restore, the progress bar, general
// options and the log. Each rendered with a fake background; assertions on roles and texts.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { BackgroundRequest } from "../../../src/background/messages";
import ConfirmDeletions from "../../../src/options/confirm-deletions.svelte";
import GeneralOptions from "../../../src/options/general-options.svelte";
import LogView from "../../../src/options/log-view.svelte";
import ProfileStatus from "../../../src/options/profile-status.svelte";
import ReportsView from "../../../src/options/reports-view.svelte";
import TrashView from "../../../src/options/trash-view.svelte";
import { GENERAL, HELD_REPORT, LOG, OVERVIEW_RISKY, REPORTS, TRASH } from "../../fixtures/options/reports";
import { NOW, PROFILES } from "../../fixtures/options/profiles";
import { fakeBackground, installMessenger } from "./harness";
import WithOptions from "./with-options.svelte";

beforeEach(installMessenger);

function setup(params: { component: Parameters<typeof render>[0]; props?: Record<string, unknown>; answer?: (r: BackgroundRequest) => unknown }) {
  const background = fakeBackground((r) => {
    const own = params.answer?.(r);
    if (own !== undefined) return own;
    switch (r.type) {
      case "getReports": return { reports: REPORTS };
      case "getGeneralOptions": return { options: GENERAL };
      case "getTrash": return { entries: TRASH };
      case "getLog": return { lines: LOG };
      default: return { ok: true };
    }
  });
  background.state.profiles = PROFILES;
  background.state.now = NOW;
  render(WithOptions, { props: { state: background.state, component: params.component as never, props: params.props ?? {} } });
  return background;
}

describe("reports", () => {
  test("shows the newest run with its held deletions, and lists every kept run", async () => {
    const onClose = vi.fn();
    setup({ component: ReportsView, props: { profileId: "p-meetings", onClose } });
    expect(await screen.findByText("Deletions waiting for your confirmation")).toBeTruthy();
    expect(screen.getByText("12 of 20 item(s) in Thunderbird would be deleted: more than the profile’s limit.")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Reports — Meetings" })).toBeTruthy();
    expect(screen.getByText("One report per run, kept for 30 days.")).toBeTruthy();
    const runs = screen.getAllByRole("button").filter((b) => b.classList.contains("run"));
    expect(runs).toHaveLength(3);
    expect(runs[0]!.getAttribute("aria-current")).toBe("true");
  });

  test("an earlier run shows per item what happened on which side, errors in words and conflicts with the outcome", async () => {
    setup({ component: ReportsView, props: { profileId: "p-meetings", onClose: () => {} } });
    await screen.findByRole("heading", { name: "All runs" });
    const runs = screen.getAllByRole("button").filter((b) => b.classList.contains("run"));
    await fireEvent.click(runs[1]!);
    const items = screen.getByRole("heading", { name: "Items (5)" }).nextElementSibling as HTMLElement;
    const rows = within(items).getAllByRole("row").map((r) => r.textContent);
    expect(rows[1]).toContain("Kick-off with ACME");
    expect(rows[1]).toContain("created on the server");
    expect(rows[3]).toContain("deleted on the server");
    expect(rows[4]).toContain("merged on both sides");
    expect(rows[5]).toContain("failed: You do not have permission for this");
    const conflicts = screen.getByRole("heading", { name: "Conflicts (2)" }).nextElementSibling as HTMLElement;
    expect(conflicts.textContent).toContain("changed on both sides");
    expect(conflicts.textContent).toContain("server’s version kept (rule: Automatic)");
  });

  test("clears the profile's reports", async () => {
    const { requests } = setup({ component: ReportsView, props: { profileId: "p-meetings", onClose: () => {} } });
    await fireEvent.click(await screen.findByRole("button", { name: "Clear reports" }));
    expect(requests.some((r) => r.type === "clearReports" && r.profileId === "p-meetings")).toBe(true);
  });
});

describe("confirming held deletions", () => {
  test("lists what would be deleted, focuses Cancel, and confirms or cancels", async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(ConfirmDeletions, { profileName: "Meetings", held: HELD_REPORT.held, onConfirm, onCancel });
    const dialog = screen.getByRole("dialog", { name: "Delete 12 item(s)?" });
    expect(within(dialog).getAllByRole("listitem").map((li) => li.textContent)).toContain("Budget review Q1");
    expect(document.activeElement?.textContent).toBe("Cancel");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(onCancel).toHaveBeenCalledOnce();
    await fireEvent.click(within(dialog).getByRole("button", { name: "Delete and sync" }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  test("confirming sends every held id of the last report and says the sync started", async () => {
    const { state, requests } = setup({ component: ReportsView, props: { profileId: "p-meetings", onClose: () => {} }, answer: (r) => (r.type === "confirmDeletions" ? { ok: true, outcome: "started" } : r.type === "getOverview" ? OVERVIEW_RISKY : r.type === "getProfiles" ? { profiles: PROFILES } : undefined) });
    await state.reviewDeletions("p-meetings");
    expect(state.deletions?.held[0]?.ids).toHaveLength(12);
    await state.confirmDeletions();
    const sent = requests.find((r) => r.type === "confirmDeletions");
    expect(sent).toMatchObject({ profileId: "p-meetings", deletions: { local: HELD_REPORT.held[0]!.ids } });
    expect(state.notice?.text).toBe("Sync started with the deletions confirmed.");
    expect(state.deletions).toBeNull();
  });
});

describe("trash", () => {
  test("lists what was deleted or overwritten where, and restores one entry", async () => {
    const { requests, state } = setup({ component: TrashView, props: { profileId: "p-meetings", onClose: () => {} }, answer: (r) => (r.type === "restoreTrash" ? { ok: true, how: "created" } : undefined) });
    const list = await screen.findByRole("list");
    const items = within(list).getAllByRole("listitem");
    expect(items[0]!.textContent).toContain("Cancelled: offsite");
    expect(items[0]!.textContent).toContain("deleted on the server · 3 h ago");
    expect(items[1]!.textContent).toContain("overwritten in Thunderbird");
    expect(items[2]!.textContent).toContain("(no title)");
    await fireEvent.click(screen.getByRole("button", { name: "Restore “Cancelled: offsite”" }));
    await vi.waitFor(() => expect(state.notice?.text).toBe("“Cancelled: offsite” was restored."));
    expect(requests.find((r) => r.type === "restoreTrash")).toEqual({ type: "restoreTrash", profileId: "p-meetings", entryId: TRASH[0]!.entryId });
  });

  test("says why a restore is refused while the profile syncs", async () => {
    const { state } = setup({ component: TrashView, props: { profileId: "p-meetings", onClose: () => {} }, answer: (r) => (r.type === "restoreTrash" ? { ok: false, reason: "running" } : undefined) });
    await fireEvent.click(await screen.findByRole("button", { name: "Restore “Weekly status”" }));
    await vi.waitFor(() => expect(state.notice?.text).toBe("The profile is syncing; try again when it has finished."));
  });
});

describe("progress and status", () => {
  test("a running profile shows a progress bar with done of total", () => {
    render(ProfileStatus, { status: OVERVIEW_RISKY.profiles![1], now: NOW });
    const bar = screen.getByRole("progressbar", { name: "140 of 400 items" });
    expect(bar.getAttribute("value")).toBe("140");
    expect(bar.getAttribute("max")).toBe("400");
  });

  test("the last outcome opens the report when it can", async () => {
    const onOpen = vi.fn();
    render(ProfileStatus, { status: OVERVIEW_RISKY.profiles![0], now: NOW, onOpen });
    await fireEvent.click(screen.getByRole("button", { name: "done with warnings · 2 min ago" }));
    expect(onOpen).toHaveBeenCalledOnce();
  });
});

describe("general options and log", () => {
  test("edits and saves the general options", async () => {
    const { requests } = setup({ component: GeneralOptions, props: { onClose: () => {} }, answer: (r) => (r.type === "saveGeneralOptions" ? { options: r.options } : undefined) });
    const startup = await screen.findByRole("switch", { name: "Sync when Thunderbird starts (profiles that allow it)" });
    expect(startup.getAttribute("aria-checked")).toBe("true");
    await fireEvent.click(startup);
    await fireEvent.change(screen.getByLabelText("Log detail"), { target: { value: "debug" } });
    await fireEvent.input(screen.getByLabelText("Keep reports (days)"), { target: { value: "7" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(requests.some((r) => r.type === "saveGeneralOptions")).toBe(true));
    const saved = requests.find((r) => r.type === "saveGeneralOptions") as Extract<BackgroundRequest, { type: "saveGeneralOptions" }>;
    expect(saved.options).toMatchObject({ syncOnStartup: false, logLevel: "debug", reportRetentionDays: 7 });
  });

  test("shows the log with profile names and clears it", async () => {
    const { requests } = setup({ component: LogView, props: { onClose: () => {} } });
    const rows = await screen.findAllByRole("row");
    expect(rows).toHaveLength(LOG.length + 1);
    expect(rows[4]!.textContent).toContain("Contacts");
    expect(rows[4]!.textContent).toContain("ERROR");
    await fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(requests.some((r) => r.type === "clearLog")).toBe(true);
  });
});
