// The calendar list component alone, in jsdom: names, color swatches, the read-only tag, the empty text.
import { render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, test } from "vitest";
import CalendarList from "../../../src/options/calendar-list.svelte";

const MESSAGES: Record<string, string> = { calendarsEmpty: "No calendars found in Thunderbird.", calendarReadOnly: "read-only" };

beforeEach(() => {
  (globalThis as unknown as { messenger: unknown }).messenger = {
    i18n: { getMessage: (key: string) => MESSAGES[key] ?? "" },
  };
});

describe("calendar list", () => {
  test("lists each calendar with its color and marks read-only ones", () => {
    render(CalendarList, {
      calendars: [
        { id: "a", name: "Porady týmu", color: "#3a87ad", readOnly: false, itemTypes: ["event"] },
        { id: "b", name: "Milníky", color: null, readOnly: true, itemTypes: ["event"] },
      ],
    });
    const items = screen.getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".name")?.textContent)).toEqual(["Porady týmu", "Milníky"]);
    expect((items[0]?.querySelector(".swatch") as HTMLElement).style.backgroundColor).toBe("rgb(58, 135, 173)");
    expect(items[0]?.textContent).not.toContain("read-only");
    expect(items[1]?.textContent).toContain("read-only");
  });

  test("says when Thunderbird has no calendars", () => {
    render(CalendarList, { calendars: [] });
    expect(screen.getByText("No calendars found in Thunderbird.")).toBeTruthy();
  });
});
