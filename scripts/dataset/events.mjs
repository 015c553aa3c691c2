// @ts-check
// One Easy-Project-like VEVENT resource per call: generateEvent({ seed, index, anchor }) → item.
// The kind is fixed by the index (per 20: 9 timed, 4 all-day, 5 weekly series, 2 daily series) so
// every feature appears in any dataset of ≥ 20 events; values come from the item's own PRNG.
// Series never exceed 31 occurrences (Easy Project's cap); a weekly series carries its EXDATEs and
// one RECURRENCE-ID override in the same resource, as CalDAV requires.
import { rngFor } from "./prng.mjs";
import { escapeText, toText, formatDate, formatLocal, formatUtc, addDays, addMinutes, safeName } from "./content-lines.mjs";
import { PRAGUE_VTIMEZONE, PRAGUE_TZID } from "./timezone.mjs";
import { MEETING_SUMMARIES, LOCATIONS, CATEGORIES, PARAGRAPHS, FIRST_NAMES, LAST_NAMES, asciiName } from "./vocabulary.mjs";

/** @typedef {"timed" | "allday" | "weekly" | "daily"} EventKind */
/** @typedef {{ name: string, uid: string, kind: EventKind, text: string }} EventItem */
/** @typedef {import("./prng.mjs").Rng} Rng */

export const PRODID = "PRODID:-//CalDAV Synchronizer for Thunderbird//test dataset 1//CS";
/** Easy Project caps a repeating meeting at 31 occurrences. */
export const MAX_OCCURRENCES = 31;
const CLASSES = ["PUBLIC", "PRIVATE", "CONFIDENTIAL"];

/** @returns {EventKind} */
export function eventKind(/** @type {number} */ index) {
  const slot = index % 20;
  return slot < 9 ? "timed" : slot < 13 ? "allday" : slot < 18 ? "weekly" : "daily";
}

/** DTSTAMP-like instants derived from the seed and index (never the clock). */
export function stampFor(/** @type {number} */ seed, /** @type {number} */ index) {
  return formatUtc(new Date(Date.UTC(2025, 10, 1) + (seed % 997) * 60_000 + index * 3_600_000));
}

/** @param {string[]} lines @param {Rng} rng @param {number} index */
function attendees(lines, rng, index) {
  const organizer = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  lines.push(`ORGANIZER;CN="${organizer}":mailto:${asciiName(organizer)}@easy.example`);
  const count = rng.int(1, 4);
  for (let k = 0; k < count; k++) {
    const who = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const role = rng.pick(["REQ-PARTICIPANT", "REQ-PARTICIPANT", "OPT-PARTICIPANT"]);
    // Cycle PARTSTAT by position so every value appears, then let the PRNG vary the rest.
    const partstat = k === 0 ? ["ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION"][index % 4] : rng.pick(["ACCEPTED", "NEEDS-ACTION", "TENTATIVE", "DECLINED"]);
    lines.push(`ATTENDEE;CN="${who}";CUTYPE=INDIVIDUAL;ROLE=${role};PARTSTAT=${partstat};RSVP=TRUE:mailto:${asciiName(who)}${k}@easy.example`);
  }
}

/** Properties shared by every event kind. @param {string[]} lines @param {Rng} rng @param {number} index @param {string} summary */
function describe(lines, rng, index, summary) {
  lines.push(`SUMMARY:${escapeText(summary)}`);
  const location = rng.pick(LOCATIONS);
  if (location) lines.push(`LOCATION:${escapeText(location)}`);
  const roll = rng.next();
  if (roll < 0.12) {
    // A long multi-paragraph description (~2 KB) exercises folding and big multiget bodies.
    const text = Array.from({ length: 14 }, (_, k) => `${k + 1}. ${PARAGRAPHS[(index + k) % PARAGRAPHS.length]}`).join("\n");
    lines.push(`DESCRIPTION:${escapeText(`${text}\n— konec poznámky #${index}`)}`);
  } else if (roll < 0.55) {
    lines.push(`DESCRIPTION:${escapeText(`Poznámka ke schůzce #${index}.\nDruhý řádek; s čárkami, středníky a \\ zpětným lomítkem.`)}`);
  }
  if (rng.chance(0.6)) {
    const categories = [...new Set([rng.pick(CATEGORIES), rng.pick(CATEGORIES)])];
    lines.push(`CATEGORIES:${categories.map(escapeText).join(",")}`);
  }
  if (index % 5 !== 4 && rng.chance(0.5)) attendees(lines, rng, index);
  // Easy Project meeting privacy: Public / Private / Confidential; every third event says it explicitly.
  if (index % 3 === 0) lines.push(`CLASS:${CLASSES[(index / 3) % 3]}`);
  if (rng.chance(0.35)) lines.push(`PRIORITY:${rng.pick([1, 5, 9])}`);
  lines.push(`SEQUENCE:${rng.int(0, 3)}`, `STATUS:${rng.pick(["CONFIRMED", "CONFIRMED", "TENTATIVE"])}`, `TRANSP:${rng.pick(["OPAQUE", "OPAQUE", "TRANSPARENT"])}`);
  // X- properties a server or another client added; sync must carry them through untouched.
  lines.push(`X-MICROSOFT-CDO-BUSYSTATUS:${rng.pick(["BUSY", "TENTATIVE", "OOF", "FREE"])}`);
  if (index % 2 === 0) lines.push(`X-EASY-ENTITY;X-EASY-TYPE=meeting:easy_meetings/${1000 + index}`);
}

/** @param {string[]} lines @param {Rng} rng */
function alarm(lines, rng) {
  if (!rng.chance(0.5)) return;
  lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${escapeText("Připomínka schůzky")}`, `TRIGGER:-PT${rng.pick([5, 10, 15, 30, 60])}M`, "END:VALARM");
}

/**
 * @param {{ seed: number, index: number, anchor: Date }} params  anchor = a Monday 00:00 (UTC fields)
 * @returns {EventItem}
 */
export function generateEvent({ seed, index, anchor }) {
  const rng = rngFor({ seed, stream: "event", index });
  const kind = eventKind(index);
  const uid = `${rng.uuid()}-ev${index}@easy.example`;
  const stamp = stampFor(seed, index);
  const useTz = kind === "allday" ? false : rng.chance(0.75);
  const day = addDays(anchor, rng.int(-120, 240));
  const start = addMinutes(day, rng.int(7, 17) * 60 + rng.pick([0, 15, 30, 45]));
  const duration = rng.pick([15, 30, 45, 60, 90, 120]);
  /** DTSTART-style property in the event's zone. */
  const at = (/** @type {string} */ name, /** @type {Date} */ d) =>
    useTz ? `${name};TZID=${PRAGUE_TZID}:${formatLocal(d)}` : `${name}:${formatUtc(d)}`;
  const summary = rng.pick(MEETING_SUMMARIES);

  const master = ["BEGIN:VEVENT", `UID:${uid}`, `DTSTAMP:${stamp}`, `CREATED:${stamp}`, `LAST-MODIFIED:${stamp}`];
  if (kind === "allday") {
    master.push(`DTSTART;VALUE=DATE:${formatDate(day)}`, `DTEND;VALUE=DATE:${formatDate(addDays(day, rng.int(1, 3)))}`);
  } else {
    master.push(at("DTSTART", start), at("DTEND", addMinutes(start, duration)));
  }
  describe(master, rng, index, summary);

  /** @type {string[]} */
  let override = [];
  if (kind === "weekly") {
    const count = rng.int(6, MAX_OCCURRENCES);
    if (rng.chance(0.5)) master.push(`RRULE:FREQ=WEEKLY;COUNT=${count}`);
    // UNTIL must be UTC when DTSTART has a TZID. Prague is ahead of UTC, so the wall time written
    // with a Z lies 1–2 h after the last occurrence and a week before the next one.
    else master.push(`RRULE:FREQ=WEEKLY;UNTIL=${formatUtc(addMinutes(addDays(start, 7 * (count - 1)), useTz ? 0 : 1))}`);
    const excluded = new Set([rng.int(1, count - 2)]);
    if (rng.chance(0.5)) excluded.add(rng.int(1, count - 2));
    for (const k of [...excluded].sort((a, b) => a - b)) master.push(at("EXDATE", addDays(start, 7 * k)));
    let moved = rng.int(1, count - 1);
    while (excluded.has(moved)) moved = (moved % (count - 1)) + 1;
    const original = addDays(start, 7 * moved);
    const newStart = addMinutes(original, rng.pick([60, 120, -60, 1440]));
    override = ["BEGIN:VEVENT", `UID:${uid}`, `DTSTAMP:${stamp}`, `LAST-MODIFIED:${stamp}`, at("RECURRENCE-ID", original),
      at("DTSTART", newStart), at("DTEND", addMinutes(newStart, duration)),
      `SUMMARY:${escapeText(`${summary} (přesunuto)`)}`, `LOCATION:${escapeText("Zasedačka 2.01 – náhradní místnost")}`,
      "SEQUENCE:1", "END:VEVENT"];
  } else if (kind === "daily") {
    master.push(`RRULE:FREQ=DAILY;COUNT=${rng.int(2, 10)}`);
  }
  alarm(master, rng);
  master.push("END:VEVENT");

  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", PRODID, "CALSCALE:GREGORIAN"];
  if (useTz) lines.push(...PRAGUE_VTIMEZONE);
  lines.push(...master, ...override, "END:VCALENDAR");
  return { name: `${safeName(uid)}.ics`, uid, kind, text: toText(lines) };
}
