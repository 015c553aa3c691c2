// The options page's run screens in Chromium, in English and Czech: the list with a progress bar
// and a held-deletions prompt, the confirmation dialog, a profile's reports, its trash, the general
// options and the log. Screenshots land in artifacts/screenshots/ for a person to look at.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NOW, PROFILES } from "../fixtures/options/profiles";
import { GENERAL, HELD_REPORT, LOG, OVERVIEW_RISKY, REPORTS, TRASH } from "../fixtures/options/reports";
import { startExtensionPageHost, type ExtensionPageHost, type Responder } from "../helpers/extension-page";

const SHOTS = "artifacts/screenshots";
type Locale = "en" | "cs";
type Request = Parameters<Responder>[0];

let host: ExtensionPageHost;
beforeAll(async () => {
  execFileSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: "inherit" });
  mkdirSync(SHOTS, { recursive: true });
  host = await startExtensionPageHost("dist");
});
afterAll(async () => host?.close());

async function setup(locale: Locale) {
  const requests: Request[] = [];
  const page = await host.open({
    path: "options/index.html",
    locale,
    responses: {
      getOverview: OVERVIEW_RISKY,
      getProfiles: { profiles: PROFILES },
      getReports: { reports: REPORTS },
      getTrash: { entries: TRASH },
      getGeneralOptions: { options: GENERAL },
      getLog: { lines: LOG },
      clearLog: { ok: true },
      clearReports: { ok: true },
    },
    respond: (request) => {
      requests.push(request);
      if (request.type === "confirmDeletions") return { ok: true, outcome: "started" };
      if (request.type === "restoreTrash") return { ok: true, how: "created" };
      if (request.type === "saveGeneralOptions") return { options: request["options"] };
      return undefined;
    },
  });
  await page.clock.setFixedTime(NOW);
  await page.reload();
  await page.getByRole("heading", { level: 1 }).waitFor();
  return { page, requests };
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });

const TEXT = {
  en: { review: "Review deletions…", del: "Delete and sync", more: "More actions for “Meetings”", trash: "Trash", general: "General options", log: "Log", started: "Sync started with the deletions confirmed.", restore: "Restore “Cancelled: offsite”", restored: "“Cancelled: offsite” was restored.", save: "Save", status: "done with warnings · 2 min ago", progress: "140 of 400 items" },
  cs: { review: "Zkontrolovat mazání…", del: "Smazat a synchronizovat", more: "Další akce pro „Meetings“", trash: "Koš", general: "Obecná nastavení", log: "Záznam událostí", started: "Synchronizace spuštěna s potvrzeným mazáním.", restore: "Obnovit „Cancelled: offsite“", restored: "„Cancelled: offsite“ bylo obnoveno.", save: "Uložit", status: "", progress: "140 z 400 položek" },
} as const;

describe.each(["en", "cs"] as const)("run screens (%s)", (locale) => {
  const text = TEXT[locale];

  test("the list shows a progress bar and asks to review held deletions; the dialog confirms them", async () => {
    const { page, requests } = await setup(locale);
    await expect.poll(() => page.getByRole("progressbar", { name: text.progress }).count()).toBe(1);
    await shot(page, `options-progress-${locale}`);
    await page.getByRole("button", { name: text.review }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByRole("listitem").count()).toBe(12);
    expect(await page.evaluate(() => document.activeElement?.textContent)).not.toBe(text.del);
    // The modal's backdrop covers the viewport only: a full-page shot would cut it in half.
    await shot(page, `options-confirm-deletions-${locale}`, false);
    await dialog.getByRole("button", { name: text.del }).click();
    await expect.poll(() => requests.find((r) => r.type === "confirmDeletions")).toMatchObject({ profileId: "p-meetings", deletions: { local: HELD_REPORT.held[0]!.ids } });
    await expect.poll(() => page.getByRole("status").textContent()).toContain(text.started);
  });

  test("a profile's status opens its reports; an earlier run lists items and conflicts", async () => {
    const { page } = await setup(locale);
    const meetings = page.getByRole("listitem", { name: "Meetings" });
    await meetings.locator(".status button").click();
    await expect.poll(() => page.locator("button.run").count()).toBe(3);
    await shot(page, `options-reports-${locale}`);
    await page.locator("button.run").nth(1).click();
    await expect.poll(() => page.locator("table").count()).toBe(2);
    await shot(page, `options-report-detail-${locale}`);
  });

  test("the trash lists what syncs removed and restores one item", async () => {
    const { page, requests } = await setup(locale);
    await page.getByRole("button", { name: text.more }).click();
    await page.getByRole("button", { name: text.trash, exact: true }).click();
    await page.getByRole("button", { name: text.restore }).waitFor();
    await shot(page, `options-trash-${locale}`);
    await page.getByRole("button", { name: text.restore }).click();
    await expect.poll(() => requests.find((r) => r.type === "restoreTrash")).toMatchObject({ profileId: "p-meetings", entryId: TRASH[0]!.entryId });
    await expect.poll(() => page.getByRole("status").textContent()).toContain(text.restored);
  });

  test("general options and the log", async () => {
    const { page, requests } = await setup(locale);
    await page.getByRole("button", { name: text.general }).click();
    await page.getByRole("combobox").waitFor();
    await shot(page, `options-general-${locale}`);
    await page.getByRole("combobox").selectOption("debug");
    await page.getByRole("button", { name: text.save }).click();
    await expect.poll(() => requests.find((r) => r.type === "saveGeneralOptions")).toMatchObject({ options: { logLevel: "debug", reportRetentionDays: 30 } });
    await page.getByRole("button", { name: locale === "en" ? "Back" : "Zpět" }).click();
    await page.getByRole("button", { name: text.log, exact: true }).click();
    await expect.poll(() => page.getByRole("row").count()).toBe(LOG.length + 1);
    await shot(page, `options-log-${locale}`);
  });
});

describe.each(["en", "cs"] as const)("merging calendars in the wizard (%s)", (locale) => {
  test("the collections step merges every calendar into one Thunderbird calendar", async () => {
    const { EASY_PROJECT_COLLECTIONS } = await import("../fixtures/options/profiles");
    const requests: Request[] = [];
    const page = await host.open({
      path: "options/index.html",
      locale,
      responses: { getOverview: OVERVIEW_RISKY, getProfiles: { profiles: [] } },
      respond: (r) => {
        requests.push(r);
        if (r.type === "discoverCollections") return { ok: true, collections: EASY_PROJECT_COLLECTIONS };
        if (r.type === "createCalendar") return { ok: true, id: "merged" };
        if (r.type === "saveProfiles") return { ok: true, profiles: r["profiles"] };
        return undefined;
      },
    });
    await page.clock.setFixedTime(NOW);
    await page.reload();
    const en = locale === "en";
    await page.getByRole("button", { name: en ? "Add Easy Project account" : "Přidat účet Easy Project" }).click();
    await page.getByRole("textbox").first().fill("acme");
    await page.getByLabel(en ? "User name" : "Uživatelské jméno").fill("jan.novak");
    await page.getByLabel(en ? "Password" : "Heslo").fill("secret");
    await page.getByRole("button", { name: en ? "Find calendars and address books" : "Najít kalendáře a adresáře" }).click();
    const merge = page.getByRole("switch", { name: en ? "Merge all calendars into one Thunderbird calendar" : "Sloučit všechny kalendáře do jednoho kalendáře Thunderbirdu" });
    await merge.click();
    await expect.poll(() => merge.getAttribute("aria-checked")).toBe("true");
    await shot(page, `options-wizard-merge-${locale}`);
    await page.getByRole("button", { name: en ? /Create profiles/ : /Vytvořit profily/ }).click();
    await expect.poll(() => requests.some((r) => r.type === "saveProfiles")).toBe(true);
    const saved = requests.find((r) => r.type === "saveProfiles") as Request & { profiles: { kind: string; name: string; local: unknown; categoryFilter: { name?: string } }[] };
    for (const p of saved.profiles.filter((p) => p.kind !== "contacts")) {
      expect(p.local).toEqual({ kind: "existing", id: "merged" });
      expect(p.categoryFilter.name).toBe(p.name);
    }
  });
});
