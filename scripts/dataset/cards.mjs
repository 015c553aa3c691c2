// @ts-check
// One vCard per call: generateCard({ seed, index }) → item. Even indexes are vCard 3.0, odd ones
// 4.0 (servers and Thunderbird see both in the wild). Every third card has a PHOTO (a tiny PNG):
// 3.0 as `PHOTO;ENCODING=b;TYPE=PNG:<base64>`, 4.0 as `PHOTO:data:image/png;base64,<base64>`.
import { rngFor } from "./prng.mjs";
import { escapeText, toText, formatIsoDate, safeName } from "./content-lines.mjs";
import { tinyPngBase64 } from "./png.mjs";
import { stampFor } from "./events.mjs";
import {
  FIRST_NAMES, LAST_NAMES, HONORIFICS, ORGANIZATIONS, DEPARTMENTS, TITLES, STREETS, CITIES,
  CONTACT_NOTES, CONTACT_CATEGORIES, asciiName,
} from "./vocabulary.mjs";

/** @typedef {{ name: string, uid: string, kind: "vcard3" | "vcard4", text: string }} CardItem */

/** @param {{ seed: number, index: number }} params @returns {CardItem} */
export function generateCard({ seed, index }) {
  const rng = rngFor({ seed, stream: "card", index });
  const v4 = index % 2 === 1;
  const uuid = rng.uuid();
  const uid = v4 ? `urn:uuid:${uuid}` : `${uuid}-card${index}`;
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const mail = `${asciiName(first)}.${asciiName(last)}${index}@example.cz`;
  const mobile = `+420 ${rng.int(601, 799)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
  const office = `+420 2${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
  /** @param {string} type @param {string} number */
  const tel = (type, number) => (v4 ? `TEL;VALUE=uri;TYPE="${type}":tel:${number.replace(/ /g, "-")}` : `TEL;TYPE=${type.toUpperCase()}:${number}`);
  /** @param {string} type @param {string} address */
  const email = (type, address) => (v4 ? `EMAIL;TYPE=${type}:${address}` : `EMAIL;TYPE=INTERNET,${type.toUpperCase()}:${address}`);
  /** @param {string} type */
  const adr = (type) => {
    const place = rng.pick(CITIES);
    const parts = ["", "", rng.pick(STREETS), place.city, place.region, place.zip, "Česká republika"];
    return `ADR;TYPE=${v4 ? type : type.toUpperCase()}:${parts.map(escapeText).join(";")}`;
  };

  const lines = ["BEGIN:VCARD", `VERSION:${v4 ? "4.0" : "3.0"}`, "PRODID:-//CalDAV Synchronizer for Thunderbird//test dataset 1//CS", `UID:${uid}`];
  if (v4) lines.push("KIND:individual");
  lines.push(`N:${escapeText(last)};${escapeText(first)};;${escapeText(rng.pick(HONORIFICS))};`, `FN:${escapeText(`${first} ${last}`)}`,
    `ORG:${escapeText(rng.pick(ORGANIZATIONS))};${escapeText(rng.pick(DEPARTMENTS))}`, `TITLE:${escapeText(rng.pick(TITLES))}`,
    email("work", mail), tel("cell", mobile), adr("work"));
  // Several EMAIL / TEL / ADR on most cards: the index guarantees some, the PRNG varies the rest.
  if (index % 3 !== 2 || rng.chance(0.5)) lines.push(email("home", `${asciiName(first)}${index}@posta.example.cz`));
  if (index % 4 !== 3 || rng.chance(0.5)) lines.push(tel("work,voice", office));
  if (index % 2 === 0 || rng.chance(0.4)) lines.push(adr("home"));
  if (rng.chance(0.3)) lines.push(`BDAY:${formatIsoDate(new Date(Date.UTC(1955 + rng.int(0, 50), rng.int(0, 11), rng.int(1, 28))))}`);
  if (index % 3 === 1 || rng.chance(0.3)) lines.push(`NOTE:${escapeText(rng.pick(CONTACT_NOTES))}`);
  if (index % 4 === 0 || rng.chance(0.25)) lines.push(`CATEGORIES:${[...new Set([rng.pick(CONTACT_CATEGORIES), rng.pick(CONTACT_CATEGORIES)])].map(escapeText).join(",")}`);
  if (rng.chance(0.3)) lines.push(`URL:https://www.example.cz/lide/${asciiName(last)}`);
  if (index % 3 === 0) {
    const png = tinyPngBase64({ r: rng.int(0, 255), g: rng.int(0, 255), b: rng.int(0, 255) });
    lines.push(v4 ? `PHOTO:data:image/png;base64,${png}` : `PHOTO;ENCODING=b;TYPE=PNG:${png}`);
  }
  if (index % 2 === 0) lines.push(`X-EASY-ENTITY:easy_contacts/${500 + index}`);
  lines.push(`REV:${stampFor(seed, index)}`, "END:VCARD");
  return { name: `${safeName(uuid)}.vcf`, uid, kind: v4 ? "vcard4" : "vcard3", text: toText(lines) };
}
