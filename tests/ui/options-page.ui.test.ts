// The options page as built for the add-on, rendered in Chromium in English and Czech.
// Screenshots land in artifacts/screenshots/ for a person to look at.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Overview } from "../../src/background/messages";
import { startExtensionPageHost, type ExtensionPageHost } from "../helpers/extension-page";

const SHOTS = "artifacts/screenshots";
const overview: Overview = {
  calendars: [
    { id: "c1", name: "Meetings", color: "#3a87ad", readOnly: false, itemTypes: ["event"] },
    { id: "c2", name: "Milestones", color: "#d9534f", readOnly: true, itemTypes: ["event"] },
    { id: "c3", name: "To-dos", color: null, readOnly: false, itemTypes: ["task"] },
  ],
  addressBooks: [],
  syncState: "idle",
};

let host: ExtensionPageHost;
beforeAll(async () => {
  execFileSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: "inherit" });
  mkdirSync(SHOTS, { recursive: true });
  host = await startExtensionPageHost("dist");
});
afterAll(async () => host?.close());

describe("options page", () => {
  test("shows the title, the empty profile list and Thunderbird's calendars in English", async () => {
    const page = await host.open({ path: "options/index.html", locale: "en", responses: { getOverview: overview } });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("CalDAV Synchronizer");
    expect(await page.title()).toBe("CalDAV Synchronizer — settings");
    expect(await page.getByText("No profiles yet.", { exact: false }).count()).toBe(1);
    const items = page.getByRole("listitem");
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(1).textContent()).toContain("read-only");
    await page.screenshot({ path: `${SHOTS}/options-en.png`, fullPage: true });
  });

  test("speaks Czech when Thunderbird does", async () => {
    const page = await host.open({ path: "options/index.html", locale: "cs", responses: { getOverview: overview } });
    await expect.poll(() => page.getByRole("heading", { level: 2 }).first().textContent()).toBe("Synchronizační profily");
    expect(await page.getByRole("button", { name: "Přidat účet Easy Project" }).count()).toBe(1);
    await expect.poll(() => page.getByText("jen pro čtení").count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/options-cs.png`, fullPage: true });
  });

  test("says so when the background cannot be reached", async () => {
    const page = await host.open({ path: "options/index.html", locale: "en", responses: {} });
    // An undefined answer means the background did not reply: the page must not stay silent.
    await expect.poll(() => page.getByRole("alert").count()).toBe(1);
  });
});
