// The options page as built for the add-on, rendered in Chromium in English and Czech, screen by
// screen: the profile list, the Easy Project wizard, the generic path with presets, a profile's
// settings with validation, and import. Screenshots land in artifacts/screenshots/ for a person
// to look at; the background is a Node-side responder that records what the page asked for.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Overview } from "../../src/background/messages";
import { exportProfiles } from "../../src/core/profile/export";
import { newProfile } from "../../src/core/profile/defaults";
import { EASY_PROJECT_COLLECTIONS, NOW, OVERVIEW, PROFILES } from "../fixtures/options/profiles";
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

/** Opens the page with the fixture background at a fixed time; `requests` collects what it asked. */
async function setup(params: { locale?: Locale; overview?: Overview; respond?: Responder } = {}) {
  const requests: Request[] = [];
  const page = await host.open({
    path: "options/index.html",
    locale: params.locale ?? "en",
    responses: { getOverview: params.overview ?? OVERVIEW, getProfiles: { profiles: PROFILES } },
    respond: (request) => {
      requests.push(request);
      return params.respond?.(request);
    },
  });
  await page.clock.setFixedTime(NOW);
  await page.reload();
  await page.getByRole("heading", { level: 1 }).waitFor();
  return { page, requests };
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe("options page", () => {
  test("lists every profile with its status, folder and last result in English", async () => {
    const { page } = await setup();
    expect(await page.title()).toBe("CalDAV Synchronizer — settings");
    const rows = page.getByRole("list").first().getByRole("listitem");
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.nth(0).textContent()).toContain("OK · 3 min ago");
    expect(await rows.nth(0).textContent()).toContain("Thunderbird: “Meetings”");
    expect(await rows.nth(1).textContent()).toContain("2 item(s) could not be synchronized");
    expect(await rows.nth(2).textContent()).toContain("sign in again · 1 d ago");
    expect(await rows.nth(2).textContent()).toContain("New address book “Contacts” (created at the first sync)");
    expect(await rows.nth(3).textContent()).toContain("Set by your administrator");
    expect(await page.getByRole("switch", { name: "Sync “Team holidays” automatically" }).isDisabled()).toBe(true);
    await shot(page, "options-profiles-en");
  });

  test("speaks Czech when Thunderbird does", async () => {
    const { page } = await setup({ locale: "cs" });
    await expect.poll(() => page.getByRole("heading", { level: 2 }).first().textContent()).toBe("Synchronizační profily");
    expect(await page.getByRole("button", { name: "Přidat účet Easy Project" }).count()).toBe(1);
    await expect.poll(() => page.getByText("OK · před 3 min").count()).toBe(1);
    await shot(page, "options-profiles-cs");
  });

  test("says so when the background cannot be reached", async () => {
    const page = await host.open({ path: "options/index.html", locale: "en", responses: {} });
    // An undefined answer means the background did not reply: the page must not stay silent.
    await expect.poll(() => page.getByRole("alert").count()).toBe(1);
  });

  test("asks before deleting a profile and deletes only after the confirmation", async () => {
    const { page, requests } = await setup();
    await page.getByRole("button", { name: "More actions for “To-dos”" }).click();
    await page.getByRole("group", { name: "More actions for “To-dos”" }).getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("Delete the profile “To-dos”?");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await shot(page, "options-delete-en");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => requests.some((r) => r.type === "deleteProfile" && r["id"] === "p-todos")).toBe(true);
  });
});

describe("Easy Project wizard", () => {
  for (const locale of ["en", "cs"] as const) {
    test(`finds every collection and creates the chosen profiles at once (${locale})`, async () => {
      const { page, requests } = await setup({
        locale,
        respond: (r) => {
          if (r.type === "discoverCollections") return { ok: true, collections: EASY_PROJECT_COLLECTIONS };
          if (r.type === "saveProfiles") return { ok: true, profiles: r["profiles"] };
          return undefined;
        },
      });
      const text = locale === "en" ? { add: "Add Easy Project account", find: "Find calendars and address books", user: "User name", pass: "Password" } : { add: "Přidat účet Easy Project", find: "Najít kalendáře a adresáře", user: "Uživatelské jméno", pass: "Heslo" };
      await page.getByRole("button", { name: text.add }).click();
      await page.getByRole("textbox").first().fill("acme");
      await page.getByLabel(text.user).fill("jan.novak");
      await page.getByLabel(text.pass).fill("heslo-ěščř");
      await expect.poll(() => page.getByText("https://acme.easyproject.cz/caldav/").count()).toBe(1);
      await shot(page, `options-wizard-account-${locale}`);
      await page.getByRole("button", { name: text.find }).click();

      const choices = page.getByRole("combobox");
      await expect.poll(() => choices.count()).toBe(7);
      const discovery = requests.find((r) => r.type === "discoverCollections");
      expect(discovery).toMatchObject({ url: "https://acme.easyproject.cz/caldav/", username: "jan.novak", password: "heslo-ěščř", preset: "easyproject" });
      await shot(page, `options-wizard-collections-${locale}`);

      // Meetings, To-dos and Contacts are synced by existing profiles: they default to "Don't sync".
      await page.getByRole("button", { name: locale === "en" ? "Create profiles (4)" : "Vytvořit profily (4)" }).click();
      await expect.poll(() => requests.some((r) => r.type === "saveProfiles")).toBe(true);
      const saved = requests.find((r) => r.type === "saveProfiles") as Request & { profiles: { name: string; local: unknown; sync: { mode: string } }[]; password: string };
      expect(saved.profiles.map((p) => p.name)).toEqual(["Tasks", "Milestones", "Attendance", "Users"]);
      expect(saved.profiles[1]).toMatchObject({ local: { kind: "create", name: "Milestones", color: "#d9534f" }, sync: { mode: "remote-to-local-replicate" } });
      expect(saved.password).toBe("heslo-ěščř");
    });
  }

  test("shows the server's refusal in the user's words", async () => {
    const { page } = await setup({
      respond: (r) => (r.type === "discoverCollections" ? { ok: false, error: { key: "davErrorAuthEasyProject", substitutions: ["https://acme.easyproject.cz/caldav/", ""] } } : undefined),
    });
    await page.getByRole("button", { name: "Add Easy Project account" }).click();
    await page.getByRole("textbox").first().fill("https://acme.easyproject.cz/");
    await page.getByLabel("User name").fill("jan.novak");
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Find calendars and address books" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Accounts that sign in through LDAP cannot use CalDAV");
    await shot(page, "options-wizard-error-en");
  });
});

describe("other servers", () => {
  for (const locale of ["en", "cs"] as const) {
    test(`says up front that Google needs OAuth (${locale})`, async () => {
      const { page } = await setup({ locale });
      await page.getByRole("button", { name: locale === "en" ? "Add CalDAV/CardDAV server" : "Přidat server CalDAV/CardDAV" }).click();
      await page.getByRole("combobox").selectOption("google");
      await expect.poll(() => page.getByRole("alert").textContent()).toContain("OAuth");
      expect(await page.getByRole("button", { name: locale === "en" ? "Find calendars and address books" : "Najít kalendáře a adresáře" }).count()).toBe(0);
      await shot(page, `options-generic-google-${locale}`);
    });
  }

  test("fills the preset's address from the server name", async () => {
    const { page } = await setup();
    await page.getByRole("button", { name: "Add CalDAV/CardDAV server" }).click();
    await page.getByRole("combobox").selectOption("nextcloud");
    await page.getByLabel("Server address").fill("cloud.example.com");
    await expect.poll(() => page.getByText("Connects to https://cloud.example.com/remote.php/dav/").count()).toBe(1);
    await shot(page, "options-generic-nextcloud-en");
  });
});

describe("profile settings", () => {
  for (const locale of ["en", "cs"] as const) {
    test(`explains an invalid value next to its field and fixes it (${locale})`, async () => {
      const { page, requests } = await setup({ locale, respond: (r) => (r.type === "saveProfile" ? { ok: true, profile: r["profile"] } : undefined) });
      await page.getByRole("button", { name: locale === "en" ? "Settings" : "Nastavení" }).first().click();
      const minutes = page.getByLabel(locale === "en" ? "Sync interval in minutes" : "Interval synchronizace v minutách");
      await minutes.fill("0");
      await expect.poll(() => minutes.getAttribute("aria-invalid")).toBe("true");
      const save = page.getByRole("button", { name: locale === "en" ? "Save" : "Uložit" });
      expect(await save.isDisabled()).toBe(true);
      await page.getByRole("button", { name: locale === "en" ? "Show advanced settings" : "Zobrazit pokročilá nastavení" }).click();
      await shot(page, `options-settings-invalid-${locale}`);
      await page.getByRole("button", { name: locale === "en" ? "Fix invalid settings" : "Opravit neplatná nastavení" }).click();
      await expect.poll(() => minutes.inputValue()).toBe("1");
      await save.click();
      await expect.poll(() => requests.some((r) => r.type === "saveProfile")).toBe(true);
    });
  }

  test("shows a managed profile locked", async () => {
    const { page } = await setup();
    await page.getByRole("button", { name: "View settings" }).click();
    expect(await page.getByLabel("Profile name").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);
    await shot(page, "options-settings-managed-en");
  });
});

describe("import and export", () => {
  for (const locale of ["en", "cs"] as const) {
    test(`imports a profile file and reports what it did (${locale})`, async () => {
      const { page, requests } = await setup({ locale, respond: (r) => (r.type === "saveProfiles" ? { ok: true, profiles: r["profiles"] } : undefined) });
      const incoming = [
        newProfile({ id: "p-new", kind: "events", name: "Holidays", url: "https://dav.example.com/cal/holidays/" }),
        // Same collection and folder as "Meetings": refused, with the reason.
        { ...PROFILES[0]!, id: "p-clash", name: "Meetings again" },
      ];
      const file = join(tmpdir(), `caldav-sync-import-${locale}.json`);
      writeFileSync(file, exportProfiles({ profiles: incoming }).text);
      await page.getByRole("button", { name: "Import / export…" }).click();
      await page.locator('input[type="file"]').first().setInputFiles(file);
      await expect.poll(() => page.getByRole("status").last().textContent()).toContain(locale === "en" ? "1 added, 0 updated, 1 skipped" : "přidáno 1, aktualizováno 0, přeskočeno 1");
      expect(requests.find((r) => r.type === "saveProfiles")).toMatchObject({ profiles: [{ id: "p-new" }] });
      await shot(page, `options-import-${locale}`);
    });
  }
});
