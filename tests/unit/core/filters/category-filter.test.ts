// The category filter as a decision over names, the scope flag built from it, and the planner's
// scope predicate: table tests for the Outlook plug-in's rules, fast-check for invert = complement.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { categoryFilterResult, outOfScope, sameCategory, scopeFlag } from "../../../../src/core/filters";
import type { CategoryFilter } from "../../../../src/core/profile/schema";

const filter = (over: Partial<Extract<CategoryFilter, { kind: "category" }>> = {}): CategoryFilter => ({
  kind: "category", name: "Schůzky", includeUncategorized: false, invert: false, sticky: false, ...over,
});

describe("categoryFilterResult", () => {
  it.each([
    ["the filter is off", { kind: "off" } as CategoryFilter, [], true],
    ["the item has the category", filter(), ["Práce", "Schůzky"], true],
    ["the item lacks the category", filter(), ["Práce"], false],
    ["the category differs in case, spacing and Unicode form", filter(), [" SCHU\u030AZKY "], true],
    ["the item is uncategorized", filter(), [], false],
    ["the item is uncategorized and those are included", filter({ includeUncategorized: true }), [], true],
    ["blank names count as no category", filter({ includeUncategorized: true }), ["  "], true],
    ["inverted, the item has the category", filter({ invert: true }), ["schůzky"], false],
    ["inverted, the item has another category", filter({ invert: true }), ["Porada, týmová"], true],
    ["inverted, the item is uncategorized", filter({ invert: true }), [], true],
  ] as const)("%s", (_name, f, categories, included) => {
    expect(categoryFilterResult({ filter: f, categories })).toEqual({ included });
  });

  it("compares Czech names without regard to case", () => {
    expect(sameCategory({ a: "ÚČETNICTVÍ", b: "účetnictví" })).toBe(true);
    expect(sameCategory({ a: "Účetnictví", b: "Ucetnictvi" })).toBe(false);
  });

  it("inverting the filter gives the complement for every categorized item", () => {
    const name = fc.constantFrom("Schůzky", "schůzky", "Práce", "Porada, týmová", "Účetnictví", "x");
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), (categories, includeUncategorized) => {
        const plain = categoryFilterResult({ filter: filter({ includeUncategorized }), categories }).included;
        const inverted = categoryFilterResult({ filter: filter({ includeUncategorized, invert: true }), categories }).included;
        expect(inverted).toBe(!plain);
      }),
    );
  });
});

describe("scopeFlag", () => {
  it("is absent when the filter is off, so unfiltered items carry no flag", () => {
    expect(scopeFlag({ filter: { kind: "off" }, result: { included: true }, known: false })).toBeUndefined();
  });

  it("follows the filter for items the status does not know", () => {
    expect(scopeFlag({ filter: filter({ sticky: true }), result: { included: false }, known: false })).toBe(false);
    expect(scopeFlag({ filter: filter(), result: { included: true }, known: false })).toBe(true);
  });

  it("keeps a synced item in scope after its category is removed only when the filter is sticky", () => {
    expect(scopeFlag({ filter: filter({ sticky: true }), result: { included: false }, known: true })).toBe(true);
    expect(scopeFlag({ filter: filter({ sticky: false }), result: { included: false }, known: true })).toBe(false);
  });
});

describe("outOfScope (the planner's rule)", () => {
  it.each([
    ["no flags at all", undefined, {}, false],
    ["a new local item outside the filter: never copied", { inScope: false }, undefined, true],
    ["a remote item outside the filter whose local copy is gone: nothing deleted", undefined, { inScope: false }, true],
    ["both present, local taken out of the profile: neither side written", { inScope: false }, { inScope: true }, true],
    ["both in scope: synced as usual", { inScope: true }, { inScope: true }, false],
  ] as const)("%s", (_name, local, remote, expected) => {
    expect(outOfScope({ local, remote })).toBe(expected);
  });
});
