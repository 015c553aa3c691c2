// @ts-check
// One Easy-Project-like VTODO resource per call: generateTodo({ seed, index, anchor }) → item.
// STATUS cycles by index (NEEDS-ACTION, IN-PROCESS, COMPLETED, NEEDS-ACTION, CANCELLED) so every
// state appears in any list of ≥ 5; COMPLETED ones carry COMPLETED and PERCENT-COMPLETE:100.
// DUE is a DATE, a UTC DATE-TIME or a Europe/Prague DATE-TIME (then with its VTIMEZONE).
import { rngFor } from "./prng.mjs";
import { escapeText, toText, formatDate, formatLocal, formatUtc, addDays, addMinutes, safeName } from "./content-lines.mjs";
import { PRAGUE_VTIMEZONE, PRAGUE_TZID } from "./timezone.mjs";
import { PRODID, stampFor } from "./events.mjs";
import { TODO_SUMMARIES, CATEGORIES } from "./vocabulary.mjs";

/** @typedef {{ name: string, uid: string, kind: "todo", text: string }} TodoItem */

const STATUSES = ["NEEDS-ACTION", "IN-PROCESS", "COMPLETED", "NEEDS-ACTION", "CANCELLED"];

/**
 * @param {{ seed: number, index: number, anchor: Date }} params
 * @returns {TodoItem}
 */
export function generateTodo({ seed, index, anchor }) {
  const rng = rngFor({ seed, stream: "todo", index });
  const uid = `${rng.uuid()}-todo${index}@easy.example`;
  const stamp = stampFor(seed, index);
  const due = addMinutes(addDays(anchor, rng.int(-60, 180)), rng.int(8, 17) * 60);
  const status = STATUSES[index % STATUSES.length];
  const dueForm = index % 3; // 0: DATE, 1: UTC, 2: Europe/Prague
  const summary = rng.pick(TODO_SUMMARIES);

  const todo = ["BEGIN:VTODO", `UID:${uid}`, `DTSTAMP:${stamp}`, `CREATED:${stamp}`, `LAST-MODIFIED:${stamp}`,
    `SUMMARY:${escapeText(summary.endsWith("#") ? `${summary}${4000 + index}` : summary)}`];
  if (dueForm === 0) todo.push(`DUE;VALUE=DATE:${formatDate(due)}`);
  else if (dueForm === 1) todo.push(`DUE:${formatUtc(due)}`);
  else todo.push(`DTSTART;TZID=${PRAGUE_TZID}:${formatLocal(addDays(due, -3))}`, `DUE;TZID=${PRAGUE_TZID}:${formatLocal(due)}`);
  todo.push(`PRIORITY:${rng.pick([1, 3, 5, 7, 9, 0])}`, `STATUS:${status}`);
  if (status === "IN-PROCESS") todo.push(`PERCENT-COMPLETE:${rng.int(10, 90)}`);
  if (status === "COMPLETED") todo.push("PERCENT-COMPLETE:100", `COMPLETED:${formatUtc(addDays(due, -1))}`);
  if (rng.chance(0.5)) todo.push(`CATEGORIES:${escapeText(rng.pick(CATEGORIES))}`);
  if (rng.chance(0.4)) todo.push(`DESCRIPTION:${escapeText(`Podrobnosti úkolu #${index}:\n– ověřit stav v Easy Projectu\n– dát vědět vedoucímu`)}`);
  if (index % 4 === 1) todo.push(`CLASS:${rng.pick(["PUBLIC", "PRIVATE", "CONFIDENTIAL"])}`);
  if (index % 2 === 0) todo.push(`X-EASY-ENTITY;X-EASY-TYPE=issue:issues/${20000 + index}`);
  if (rng.chance(0.3)) todo.push("BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${escapeText("Úkol se blíží termínu")}`, "TRIGGER;RELATED=END:-PT1H", "END:VALARM");
  todo.push("END:VTODO");

  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", PRODID];
  if (dueForm === 2) lines.push(...PRAGUE_VTIMEZONE);
  lines.push(...todo, "END:VCALENDAR");
  return { name: `${safeName(uid)}.ics`, uid, kind: "todo", text: toText(lines) };
}
