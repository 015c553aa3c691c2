#!/usr/bin/env node
// @ts-check
// Deterministic Easy-Project-like dataset: generateDataset({ events, todos, cards, seed, anchor })
// returns in-memory files { events, todos, contacts } (each { name, uid, kind, text }); the CLI
// writes them as a vdir folder: OUT/events/*.ics, OUT/todos/*.ics, OUT/contacts/*.vcf.
// Same parameters ⇒ byte-identical output (no clock). Every item parses with ical.js.
//   node scripts/dataset/generate.mjs --out DIR [--events 100] [--todos N] [--cards N] [--seed 1] [--anchor 2026-01-05]
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generateEvent } from "./events.mjs";
import { generateTodo } from "./todos.mjs";
import { generateCard } from "./cards.mjs";

/** @typedef {import("./events.mjs").EventItem} EventItem */
/** @typedef {import("./todos.mjs").TodoItem} TodoItem */
/** @typedef {import("./cards.mjs").CardItem} CardItem */
/** @typedef {{ events: EventItem[], todos: TodoItem[], contacts: CardItem[] }} Dataset */
/**
 * @typedef {object} DatasetParams
 * @property {number} [events]  default 100
 * @property {number} [todos]   default round(events / 5)
 * @property {number} [cards]   default round(events / 5)
 * @property {number} [seed]    default 1
 * @property {string} [anchor]  a Monday, YYYY-MM-DD, that the dates spread around (−4 … +8 months); default 2026-01-05
 */

export const DEFAULT_ANCHOR = "2026-01-05";

/** @param {DatasetParams} [params] @returns {Dataset} */
export function generateDataset({ events = 100, todos, cards, seed = 1, anchor = DEFAULT_ANCHOR } = {}) {
  const anchorDate = new Date(`${anchor}T00:00:00Z`);
  if (Number.isNaN(anchorDate.getTime())) throw new Error(`generateDataset: anchor must be YYYY-MM-DD, got "${anchor}"`);
  for (const [label, value] of Object.entries({ events, todos, cards, seed })) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new Error(`generateDataset: ${label} must be a non-negative integer, got ${value}`);
  }
  const todoCount = todos ?? Math.round(events / 5);
  const cardCount = cards ?? Math.round(events / 5);
  return {
    events: Array.from({ length: events }, (_, index) => generateEvent({ seed, index, anchor: anchorDate })),
    todos: Array.from({ length: todoCount }, (_, index) => generateTodo({ seed, index, anchor: anchorDate })),
    contacts: Array.from({ length: cardCount }, (_, index) => generateCard({ seed, index })),
  };
}

/** Write a dataset as a vdir folder (one subfolder per collection, one file per item). */
export function writeVdir(/** @type {{ dataset: Dataset, out: string }} */ { dataset, out }) {
  for (const [folder, items] of Object.entries(dataset)) {
    mkdirSync(join(out, folder), { recursive: true });
    for (const item of items) writeFileSync(join(out, folder, item.name), item.text);
  }
}

/** @param {string[]} argv */
function main(argv) {
  /** @param {string} name */
  const option = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  /** @param {string} name */
  const numberOption = (name) => {
    const value = option(name);
    return value === undefined ? undefined : Number(value);
  };
  const out = option("--out");
  if (!out) {
    console.error("usage: node scripts/dataset/generate.mjs --out DIR [--events 100] [--todos N] [--cards N] [--seed 1] [--anchor YYYY-MM-DD]");
    process.exit(2);
  }
  const dataset = generateDataset({
    events: numberOption("--events") ?? 100, todos: numberOption("--todos"), cards: numberOption("--cards"),
    seed: numberOption("--seed") ?? 1, anchor: option("--anchor") ?? DEFAULT_ANCHOR,
  });
  writeVdir({ dataset, out: resolve(out) });
  console.log(`${resolve(out)}: ${dataset.events.length} events, ${dataset.todos.length} todos, ${dataset.contacts.length} contacts`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
