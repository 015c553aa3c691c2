// CATEGORIES for the category filter: read an item's category names (escaped commas respected,
// several CATEGORIES lines joined, master and overrides together), decide the filter on them, and
// add / remove the profile's category — added on the way into Thunderbird so every item of this
// server calendar carries it there, removed on the way back, as the Outlook plug-in does.
import { categoryFilterResult, sameCategory, type CategoryFilterResult } from "../../core/filters/category-filter";
import type { CategoryFilter } from "../../core/profile/schema";
import { escapeText, splitUnescaped, unescapeText } from "../canonical";
import { parseItem } from "../parse-item";
import type { Comp, Prop } from "../content-line";
import { itemComponents, transformText, type MappingDirection, type TreeStep } from "./components";

function names(prop: Prop): string[] {
  return splitUnescaped({ value: prop.value, sep: "," }).map((raw) => unescapeText(raw).trim());
}

function categoryProps(comp: Comp): Prop[] {
  return comp.props.filter((p) => p.name === "CATEGORIES");
}

/** Every category name of the item, unescaped and trimmed, each once (first spelling wins). */
export function itemCategories(params: { text: string }): string[] {
  const out: string[] = [];
  for (const comp of itemComponents({ root: parseItem(params).root })) {
    for (const name of categoryProps(comp).flatMap(names)) {
      if (name !== "" && !out.some((seen) => sameCategory({ a: seen, b: name }))) out.push(name);
    }
  }
  return out;
}

/**
 * The filter's verdict on one item's text. The union over master and overrides: an override that
 * alone carries the category still makes the series part of the profile (wrongly included is
 * merely synced; wrongly excluded would hide the item).
 */
export function categoryScope(params: { text: string; filter: CategoryFilter }): CategoryFilterResult {
  if (params.filter.kind === "off") return { included: true }; // no need to parse
  return categoryFilterResult({ filter: params.filter, categories: itemCategories({ text: params.text }) });
}

/** Adds `category` to every item component that lacks it (an override does not inherit it). */
export function addCategoryStep(params: { category: string }): TreeStep {
  const { category } = params;
  return ({ root }) => {
    let changed = false;
    for (const comp of itemComponents({ root })) {
      const props = categoryProps(comp);
      if (props.some((p) => names(p).some((n) => sameCategory({ a: n, b: category })))) continue;
      const [first] = props;
      if (first && first.value.trim() !== "") first.value = `${first.value},${escapeText(category)}`;
      else if (first) first.value = escapeText(category);
      else comp.props.push({ group: undefined, name: "CATEGORIES", params: [], value: escapeText(category), line: 0 });
      changed = true;
    }
    return changed;
  };
}

/** Removes `category` from every CATEGORIES line; a line left empty is dropped. Others keep their escaping. */
export function removeCategoryStep(params: { category: string }): TreeStep {
  const { category } = params;
  return ({ root }) => {
    let changed = false;
    for (const comp of itemComponents({ root })) {
      comp.props = comp.props.filter((prop) => {
        if (prop.name !== "CATEGORIES") return true;
        const raw = splitUnescaped({ value: prop.value, sep: "," });
        const kept = raw.filter((r) => !sameCategory({ a: unescapeText(r), b: category }));
        if (kept.length === raw.length) return true;
        changed = true;
        prop.value = kept.join(",");
        return kept.some((r) => r.trim() !== "");
      });
    }
    return changed;
  };
}

export function addCategory(params: { text: string; category: string }): string {
  return transformText({ text: params.text, steps: [addCategoryStep(params)], vcards: true });
}

export function removeCategory(params: { text: string; category: string }): string {
  return transformText({ text: params.text, steps: [removeCategoryStep(params)], vcards: true });
}

/**
 * The category step of applyMapping. Only a plain (not inverted) filter marks items: an inverted
 * one means "everything except X", so there is no category that all of the server's items share.
 */
export function filterCategorySteps(params: { filter: CategoryFilter; direction: MappingDirection }): TreeStep[] {
  const { filter, direction } = params;
  if (filter.kind === "off" || filter.invert) return [];
  const category = filter.name.trim();
  return [direction === "to-local" ? addCategoryStep({ category }) : removeCategoryStep({ category })];
}
