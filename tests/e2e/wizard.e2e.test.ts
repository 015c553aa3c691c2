// The add-account wizard in a real Thunderbird, driven as a user drives it: the options page opened
// in its Thunderbird tab (runtime.openOptionsPage), fields typed and buttons clicked through the
// e2eDriver experiment (optionsPage*), against the Easy-Project-like server. Discovery lists every
// collection, "Create profiles" saves them all, they sync, and Meetings' items inside the Easy
// Project window (7 days back, 180 ahead) are in Thunderbird. Ends with a screenshot of the tab.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../scripts/dataset/generate.mjs";
import { splitDataset } from "../../scripts/servers/ep-like-layout.mjs";
import { inWindow } from "../../src/dav";
import { itemSpan } from "../../src/ical/item-span";
import { EP_COLLECTIONS, startEpLike, type DavServer } from "../helpers/servers";
import { REPO_ROOT } from "./build-addon";
import { launchThunderbirdWithAddon, type ThunderbirdSession } from "./harness";
import { overview, waitFor } from "./sync-helpers";

const EVENTS = 30;
const DAY_MS = 86_400_000;
/** The seeded dates spread around this Monday, so the Easy Project window holds some of them. */
const ANCHOR = (() => {
  const d = new Date();
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
})();

describe("options page in Thunderbird: the Easy Project wizard", () => {
  let server: DavServer;
  let tb: ThunderbirdSession;

  const pageText = async () => (await tb.call<{ url: string; text: string }>("driver.optionsPageText")).text;
  const fill = (label: string, value: string) => tb.call("driver.optionsPageFill", label, value);
  const click = (name: string) => tb.call("driver.optionsPageClick", name);
  /** Waits until the page shows `pattern`; on timeout says what the page showed (or why it could not be read). */
  const showsText = async (what: string, pattern: RegExp | string, timeoutMs = 15_000) => {
    let last = "";
    try {
      return await waitFor(what, async () => {
        const text = await pageText().catch((error: Error) => `(unreadable: ${error.message})`);
        last = text;
        return (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)) && text;
      }, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}; the page showed: ${last.slice(0, 1500)}\nlog: ${tb.logTail(15)}`);
    }
  };

  beforeAll(async () => {
    server = await startEpLike({ events: EVENTS, anchor: ANCHOR });
    tb = await launchThunderbirdWithAddon({ mode: "xvfb" });
  });

  afterAll(async () => {
    await tb?.quit();
    await server?.stop();
  });

  it("adds an Easy Project account from the options tab and syncs its collections", async () => {
    const t0 = Date.now();
    await tb.call("runtime.openOptionsPage");
    await showsText("the options page's profile list", "Add Easy Project account");

    await click("Add Easy Project account");
    await showsText("the wizard's first step", "Company name or Easy Project address");
    await fill("Company name or Easy Project address", server.rootUrl);
    await fill("User name", server.username);
    await fill("Password", server.password);
    // The address typed is the one used, http:// kept (loopback: no unencrypted warning).
    const typed = await showsText("the start address", `Connects to ${server.rootUrl}`);
    expect(typed).not.toContain("travel unencrypted");
    await click("Find calendars and address books");

    const listed = await showsText("the collections step", /Create profiles \(\d+\)/, 20_000);
    for (const collection of EP_COLLECTIONS) expect(listed, collection.displayName).toContain(collection.displayName);
    await click("Create profiles");

    // Back on the list: every profile the wizard chose, then each synced OK.
    const created = await waitFor("the created profiles", async () => {
      const profiles = (await overview(tb)).profiles ?? [];
      return profiles.length > 0 && profiles;
    });
    const listText = await showsText("the profile list with the new profiles", "Sync all now");
    for (const profile of created) expect(listText, profile.name).toContain(profile.name);
    expect(listText).toContain(`Profiles created: ${created.length}.`);
    expect(created.map((p) => p.name)).toEqual(expect.arrayContaining(["Meetings", "To-dos", "Contacts", "Milestones", "Attendance", "Users"]));

    // "They sync for the first time now": no button to press.
    const synced = await waitFor(
      "every profile's first sync",
      async () => {
        const profiles = (await overview(tb)).profiles ?? [];
        return profiles.every((p) => p.lastResult !== undefined) && profiles;
      },
      60_000,
    );
    for (const p of synced) expect(p.lastResult, `${p.name}: ${JSON.stringify(p.lastResult)}`).toMatchObject({ outcome: "ok" });

    // Meetings: what the server holds inside the window is in Thunderbird.
    const meetings = synced.find((p) => p.name === "Meetings")!;
    const seeded = splitDataset(generateDataset({ events: EVENTS, anchor: ANCHOR }));
    const now = Date.now();
    const window = { start: now - 7 * DAY_MS, end: now + 180 * DAY_MS };
    const inside = (seeded.meetings ?? []).filter((i) => inWindow({ span: itemSpan({ text: i.text }), window })).length;
    expect(inside).toBeGreaterThan(0);
    const local = await tb.call<unknown[]>("davsyncCalendar.listItems", meetings.localFolderId);
    expect(local).toHaveLength(inside);
    console.log(`[e2e] wizard: ${created.length} profiles, Meetings ${local.length}/${server.seeded.meetings} in Thunderbird, ${Date.now() - t0} ms`);

    // The page follows the runs: every row ends at "OK", none still "Syncing…".
    await waitFor("every row to show its OK", async () => {
      const text = await pageText();
      return !text.includes("Syncing…") && (text.match(/\bOK\b/g) ?? []).length >= synced.length;
    }, 15_000);
    const tab = await tb.call<{ url: string; selected: boolean }>("e2eDriver.showOptionsTab");
    expect(tab.selected, tab.url).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const shot = await tb.screenshot(join(tb.runDir, "options-tab.png"));
    mkdirSync(join(REPO_ROOT, "docs/screenshots"), { recursive: true });
    copyFileSync(shot, join(REPO_ROOT, "docs/screenshots/thunderbird-options-tab.png"));
  });
});
