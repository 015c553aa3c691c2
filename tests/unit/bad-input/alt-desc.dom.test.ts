// The corpus item whose X-ALT-DESC carries a script, event handlers and a javascript: link: the CLI
// copies it verbatim (it stores text), and what Thunderbird would render comes out of the sanitizer
// harmless (jsdom window, as in the add-on's background page).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { createHtmlSanitizer } from "../../../src/ical";

it("X-ALT-DESC with a script, event handlers and a javascript: link is rendered harmless", () => {
  const text = readFileSync(resolve(import.meta.dirname, "../../fixtures/bad-input/ics-alt-desc-script.ics"), "utf8");
  const raw = /X-ALT-DESC;FMTTYPE=text\/html:(.*)/.exec(text)?.[1] ?? "";
  expect(raw).toContain("<script>");
  const safe = createHtmlSanitizer({ window })(raw);
  expect(safe).toContain("Agenda");
  expect(safe).not.toMatch(/<script|onclick|onerror|javascript:|document\.cookie/i);
});
