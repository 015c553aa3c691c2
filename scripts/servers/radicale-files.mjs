// @ts-check
// Radicale 3.1.8's files, written before it starts: config (127.0.0.1 only, plain htpasswd, no web
// UI), the users file, an optional from_file rights file, and collections placed directly in the
// multifilesystem storage (a folder + .Radicale.props), which is instant and deterministic.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @typedef {object} CollectionSpec
 * @property {string} name                    path segment under the user's principal
 * @property {"calendar" | "addressbook"} type
 * @property {string} displayName
 * @property {string} color                   #RRGGBBAA, stored as ICAL:calendar-color
 * @property {string} [components]            calendars: "VEVENT", "VTODO" or "VEVENT,VTODO"
 * @property {string} [description]
 * @property {boolean} [readOnly]             only meaningful with a rights file (see ep-like-layout.mjs)
 */

/**
 * @param {{ dataDir: string, port: number, username: string, password: string, rights?: string }} params
 *   rights: the body of a from_file rights file; without it Radicale's owner_only applies
 * @returns {{ configFile: string, storageDir: string }}
 */
export function writeRadicaleConfig({ dataDir, port, username, password, rights }) {
  const storageDir = join(dataDir, "collections");
  mkdirSync(storageDir, { recursive: true });
  const usersFile = join(dataDir, "users");
  writeFileSync(usersFile, `${username}:${password}\n`);
  const rightsFile = join(dataDir, "rights");
  if (rights !== undefined) writeFileSync(rightsFile, rights);
  const configFile = join(dataDir, "config");
  writeFileSync(configFile, [
    "[server]",
    `hosts = 127.0.0.1:${port}`,
    "max_connections = 20",
    "max_content_length = 100000000",
    "timeout = 120",
    "[auth]",
    "type = htpasswd",
    `htpasswd_filename = ${usersFile}`,
    "htpasswd_encryption = plain",
    // Radicale delays every failed login by 1 s by default; tests try wrong passwords on purpose.
    "delay = 0",
    "[rights]",
    ...(rights !== undefined ? ["type = from_file", `file = ${rightsFile}`] : ["type = owner_only"]),
    "[storage]",
    "type = multifilesystem",
    `filesystem_folder = ${storageDir}`,
    "[web]",
    "type = none",
    "[logging]",
    `level = ${process.env.RADICALE_LOGLEVEL ?? "warning"}`,
    "mask_passwords = True",
    "",
  ].join("\n"));
  return { configFile, storageDir };
}

/**
 * Create a collection (and its items) in the storage before Radicale starts.
 * @param {{ storageDir: string, username: string, spec: CollectionSpec, items?: { name: string, text: string }[] }} params
 * @returns {string} the collection's folder
 */
export function placeCollection({ storageDir, username, spec, items = [] }) {
  const folder = join(storageDir, "collection-root", username, spec.name);
  mkdirSync(folder, { recursive: true });
  /** @type {Record<string, string>} */
  const props = spec.type === "calendar"
    ? { tag: "VCALENDAR", "C:supported-calendar-component-set": spec.components ?? "VEVENT,VTODO" }
    : { tag: "VADDRESSBOOK" };
  props["D:displayname"] = spec.displayName;
  props["ICAL:calendar-color"] = spec.color;
  if (spec.description) props[spec.type === "calendar" ? "C:calendar-description" : "CR:addressbook-description"] = spec.description;
  writeFileSync(join(folder, ".Radicale.props"), JSON.stringify(props));
  for (const item of items) writeFileSync(join(folder, item.name), item.text);
  return folder;
}
