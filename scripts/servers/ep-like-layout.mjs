// @ts-check
// The Easy-Project-like layout (pure data, no I/O): the seven collections of user <u> under one root,
// the Radicale from_file rights that make four of them read-only, and how a generated dataset is
// split over them. Splits go by item index, so the same dataset always lands the same way.

/** @typedef {import("./radicale-files.mjs").CollectionSpec} CollectionSpec */
/** @typedef {import("../dataset/generate.mjs").Dataset} Dataset */
/** @typedef {{ name: string, text: string }} SeedItem */

/** @type {readonly CollectionSpec[]} */
export const EP_COLLECTIONS = Object.freeze([
  { name: "meetings", type: "calendar", displayName: "Meetings", color: "#3A87ADFF", components: "VEVENT", description: "Schůzky (read-write)" },
  // Easy Project's personal to-do list, shown in its calendar; the one task list that syncs both ways.
  { name: "todos", type: "calendar", displayName: "To-dos", color: "#8E44ADFF", components: "VTODO", description: "Osobní to-do list (read-write)" },
  { name: "tasks", type: "calendar", displayName: "Tasks", color: "#F0AD4EFF", components: "VTODO", description: "Úkoly (read-only)", readOnly: true },
  { name: "milestones", type: "calendar", displayName: "Milestones", color: "#D9534FFF", components: "VEVENT", description: "Milníky, celodenní (read-only)", readOnly: true },
  { name: "attendance", type: "calendar", displayName: "Attendance", color: "#5CB85CFF", components: "VEVENT", description: "Docházka (read-only)", readOnly: true },
  { name: "contacts", type: "addressbook", displayName: "Contacts", color: "#337AB7FF", description: "Kontakty (read-write)" },
  { name: "users", type: "addressbook", displayName: "Users", color: "#777777FF", description: "Uživatelé (read-only)", readOnly: true },
]);

/**
 * Radicale 3.1.8 from_file rights; the first matching section wins. R/W = plain collections (root,
 * principal: nobody may create collections there), r/w = calendars / address books and their items.
 */
export function epRightsFile() {
  const writable = EP_COLLECTIONS.filter((c) => !c.readOnly).map((c) => c.name).join("|");
  return [
    "[root]", "user: .+", "collection:", "permissions: R", "",
    "[principal]", "user: .+", "collection: {user}", "permissions: R", "",
    "[writable]", "user: .+", `collection: {user}/(${writable})`, "permissions: rw", "",
    "[readonly]", "user: .+", "collection: {user}/[^/]+", "permissions: r", "",
  ].join("\n");
}

/**
 * Which generated item goes where: all-day single events → milestones; of the other events every
 * 5th → attendance, the rest → meetings; even to-dos → todos, odd → tasks; cards by index % 4
 * (0, 1 → contacts; 2, 3 → users) so both books get vCard 3.0 and 4.0.
 * @param {Dataset} dataset
 * @returns {Record<string, SeedItem[]>}
 */
export function splitDataset(dataset) {
  /** @type {Record<string, SeedItem[]>} */
  const out = Object.fromEntries(EP_COLLECTIONS.map((c) => [c.name, []]));
  const push = (/** @type {string} */ name, /** @type {SeedItem} */ item) => out[name]?.push({ name: item.name, text: item.text });
  let timed = 0;
  for (const event of dataset.events) {
    if (event.kind === "allday") push("milestones", event);
    else push(timed++ % 5 === 4 ? "attendance" : "meetings", event);
  }
  dataset.todos.forEach((todo, i) => push(i % 2 === 0 ? "todos" : "tasks", todo));
  dataset.contacts.forEach((card, i) => push(i % 4 < 2 ? "contacts" : "users", card));
  return out;
}
