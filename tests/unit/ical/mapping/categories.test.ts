// Categories for the category filter: reading (escaped commas, several lines, overrides), the
// filter's verdict on item text, and marking items with the profile's category in both directions.
import { describe, expect, it } from "vitest";
import { addCategory, categoryScope, contentHash, itemCategories, ItemParseError, removeCategory } from "../../../../src/ical";
import type { CategoryFilter } from "../../../../src/core/profile/schema";
import { fixture, unfoldLines } from "../helpers";

const czech = fixture("mapping/czech-categories.ics");
const bare = fixture("mapping/uncategorized.ics");
const overrideOnly = fixture("mapping/override-only-category.ics");
const filter = (name: string, over: { invert?: boolean; includeUncategorized?: boolean } = {}): CategoryFilter => ({
  kind: "category", name, includeUncategorized: false, invert: false, sticky: false, ...over,
});
const categoryLines = (text: string): string[] => unfoldLines(text).filter((l) => l.startsWith("CATEGORIES"));

describe("itemCategories", () => {
  it("splits on unescaped commas only and joins several CATEGORIES lines", () => {
    expect(itemCategories({ text: czech })).toEqual(["Schůzky", "Porada, týmová", "Účetnictví"]);
  });

  it("reads the overrides too, and nothing for an uncategorized item", () => {
    expect(itemCategories({ text: overrideOnly })).toEqual(["Projekt Alfa"]);
    expect(itemCategories({ text: bare })).toEqual([]);
  });

  it("reads a vCard's categories", () => {
    const card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:c1\r\nFN:Jana\r\nCATEGORIES:Dodavatelé,VIP\r\nEND:VCARD\r\n";
    expect(itemCategories({ text: card })).toEqual(["Dodavatelé", "VIP"]);
  });

  it("reports broken text as ItemParseError", () => {
    expect(() => itemCategories({ text: fixture("broken-unclosed.ics") })).toThrow(ItemParseError);
  });
});

describe("categoryScope", () => {
  it.each([
    ["a category with an escaped comma matches as one name", czech, filter("porada, týmová"), true],
    ["a Czech name matches whatever its case", czech, filter("ÚČETNICTVÍ"), true],
    ["a category the item lacks", czech, filter("Projekt Alfa"), false],
    ["a category only an override carries includes the series", overrideOnly, filter("Projekt Alfa"), true],
    ["an uncategorized item when those are included", bare, filter("Schůzky", { includeUncategorized: true }), true],
    ["an uncategorized item under an inverted filter", bare, filter("Schůzky", { invert: true }), true],
    ["the excluded category under an inverted filter", czech, filter("Schůzky", { invert: true }), false],
  ] as const)("%s", (_name, text, f, included) => {
    expect(categoryScope({ text, filter: f })).toEqual({ included });
  });
});

describe("addCategory / removeCategory", () => {
  it("appends the category to the first CATEGORIES line, escaping kept", () => {
    const out = addCategory({ text: czech, category: "Easy Project" });
    expect(categoryLines(out)).toEqual(["CATEGORIES:Schůzky,Porada\\, týmová,Easy Project", "CATEGORIES:Účetnictví"]);
  });

  it("creates a CATEGORIES line in every component that has none (overrides do not inherit)", () => {
    const out = addCategory({ text: overrideOnly, category: "Schůzky" });
    expect(categoryLines(out)).toEqual(["CATEGORIES:Schůzky", "CATEGORIES:Projekt Alfa,Schůzky"]);
  });

  it("returns the text unchanged when every component already has it", () => {
    expect(addCategory({ text: czech, category: "schůzky" })).toBe(czech);
  });

  it("removes only that name, whatever its case, and keeps the others' escaping", () => {
    const out = removeCategory({ text: czech, category: "SCHŮZKY" });
    expect(categoryLines(out)).toEqual(["CATEGORIES:Porada\\, týmová", "CATEGORIES:Účetnictví"]);
  });

  it("drops a CATEGORIES line left empty", () => {
    const out = removeCategory({ text: czech, category: "Účetnictví" });
    expect(categoryLines(out)).toEqual(["CATEGORIES:Schůzky,Porada\\, týmová"]);
  });

  it("removing what adding put there gives back the same content", () => {
    for (const text of [czech, bare, overrideOnly]) {
      const back = removeCategory({ text: addCategory({ text, category: "Easy Project" }), category: "Easy Project" });
      expect(contentHash({ text: back })).toBe(contentHash({ text }));
    }
  });

  it("does not mistake an escaped comma for a separator when removing", () => {
    expect(removeCategory({ text: czech, category: "Porada" })).toBe(czech);
  });
});
