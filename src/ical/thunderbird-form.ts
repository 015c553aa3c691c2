// The two spellings of one calendar item: the server's and the one Thunderbird handles well.
// toThunderbird (server → Thunderbird): Windows TZIDs become IANA ones (Thunderbird does not
// know Windows names: without a VTIMEZONE the time turns floating), and an HTML X-ALT-DESC becomes
// the DESCRIPTION;ALTREP="data:text/html,…" that Thunderbird 153 renders — sanitized first.
// fromThunderbird (Thunderbird → server) turns that ALTREP back into X-ALT-DESC and marks the
// attendees Thunderbird mailed itself SCHEDULE-AGENT=CLIENT (markClientScheduled). Texts without
// anything to change come back unchanged, byte for byte. vCards pass through untouched.
import { cloneComp, firstProp, paramValue, type Comp, type Prop } from "./content-line";
import { escapeText, normalizeTzid, unescapeText } from "./canonical";
import type { HtmlSanitizer } from "./html";
import { parseItem } from "./parse-item";
import { serializeComponent } from "./serialize";
import { ianaTzid, windowsZoneId } from "./windows-zones";

const ITEM_COMPONENTS = new Set(["VEVENT", "VTODO", "VJOURNAL"]);
const HTML_DATA_URI = "data:text/html,";

/** Item components (master and overrides) of a VCALENDAR. */
function items(root: Comp): Comp[] {
  return root.comps.filter((c) => ITEM_COMPONENTS.has(c.name));
}

/** Renames Windows TZIDs to IANA in every TZID parameter and VTIMEZONE; true if any changed. */
function mapWindowsZones(root: Comp): boolean {
  let changed = false;
  const rename = (comp: Comp): void => {
    for (const prop of comp.props) {
      for (const param of prop.params) {
        if (param.name !== "TZID") continue;
        param.values = param.values.map((v) => {
          if (!windowsZoneId({ tzid: v })) return v;
          changed = true;
          return ianaTzid({ tzid: v });
        });
      }
    }
    comp.comps.forEach(rename);
  };
  items(root).forEach(rename);
  const seen = new Set<string>();
  root.comps = root.comps.filter((c) => {
    if (c.name !== "VTIMEZONE") return true;
    const tzidProp = firstProp({ comp: c, name: "TZID" });
    if (!tzidProp) return true;
    if (windowsZoneId({ tzid: tzidProp.value })) {
      // Thunderbird knows the IANA zone and uses its own definition; the name is what matters.
      tzidProp.value = ianaTzid({ tzid: tzidProp.value });
      changed = true;
    }
    const key = normalizeTzid(tzidProp.value);
    if (seen.has(key)) return false; // "W. Europe…" renamed onto an Europe/Berlin already present
    seen.add(key);
    return true;
  });
  return changed;
}

function isHtml(prop: Prop): boolean {
  const type = paramValue({ prop, name: "FMTTYPE" });
  return type === undefined || type.toLowerCase() === "text/html";
}

/** X-ALT-DESC → sanitized ALTREP on DESCRIPTION (created from the HTML's text if missing). */
function altDescToAltrep(params: { comp: Comp; sanitize: HtmlSanitizer; toText: (html: string) => string }): boolean {
  const { comp } = params;
  const alt = comp.props.find((p) => p.name === "X-ALT-DESC" && isHtml(p));
  if (!alt) return false;
  const html = params.sanitize(unescapeText(alt.value));
  let desc = firstProp({ comp, name: "DESCRIPTION" });
  if (!desc) {
    desc = { group: undefined, name: "DESCRIPTION", params: [], value: escapeText(params.toText(html)), line: 0 };
    comp.props.splice(comp.props.indexOf(alt), 0, desc);
  }
  desc.params = desc.params.filter((p) => p.name !== "ALTREP");
  if (html.trim()) desc.params.push({ name: "ALTREP", values: [HTML_DATA_URI + encodeURIComponent(html)] });
  // Removed, not kept beside: a stale copy would outlive the user's edit of the description.
  comp.props = comp.props.filter((p) => p !== alt);
  return true;
}

/** DESCRIPTION;ALTREP="data:text/html,…" → plain DESCRIPTION + X-ALT-DESC;FMTTYPE=text/html. */
function altrepToAltDesc(comp: Comp): boolean {
  const desc = firstProp({ comp, name: "DESCRIPTION" });
  const altrep = desc ? paramValue({ prop: desc, name: "ALTREP" }) : undefined;
  if (!desc || !altrep?.startsWith(HTML_DATA_URI)) return false;
  let html: string;
  try {
    html = decodeURIComponent(altrep.slice(HTML_DATA_URI.length));
  } catch {
    return false; // not ours and not decodable: leave Thunderbird's text as it is
  }
  desc.params = desc.params.filter((p) => p.name !== "ALTREP");
  const alt: Prop = { group: undefined, name: "X-ALT-DESC", params: [{ name: "FMTTYPE", values: ["text/html"] }], value: escapeText(html), line: 0 };
  comp.props = comp.props.filter((p) => p.name !== "X-ALT-DESC");
  comp.props.splice(comp.props.indexOf(desc) + 1, 0, alt);
  return true;
}

/**
 * RFC 6638 SCHEDULE-AGENT, mirroring Thunderbird's own CalDAV provider (adaptScheduleAgent in
 * calendar-item-panel / calendar-dialog-utils): whoever sends the scheduling message marks the
 * recipient. An item the user organizes in Thunderbird with "send invitations" on
 * (X-MOZ-SEND-INVITATIONS:TRUE) was mailed to its attendees by Thunderbird itself (iMIP: the
 * synced calendars are local ones with the default mail identity), so on its way to the server
 * every attendee without a SCHEDULE-AGENT (or with SERVER) gets SCHEDULE-AGENT=CLIENT: an
 * auto-scheduling server (Nextcloud / SabreDAV, Cyrus, Apple) then sends no second invitation.
 * NONE and CLIENT stay as they are. Without the flag nothing is marked and the server schedules.
 */
function markClientScheduled(params: { comp: Comp; master: Comp | undefined; force?: boolean }): boolean {
  const { comp, master } = params;
  const flag = firstProp({ comp, name: "X-MOZ-SEND-INVITATIONS" }) ?? (master ? firstProp({ comp: master, name: "X-MOZ-SEND-INVITATIONS" }) : undefined);
  if ((!params.force && flag?.value.trim().toUpperCase() !== "TRUE") || !firstProp({ comp, name: "ORGANIZER" })) return false;
  let changed = false;
  for (const attendee of comp.props.filter((p) => p.name === "ATTENDEE")) {
    const agent = paramValue({ prop: attendee, name: "SCHEDULE-AGENT" })?.toUpperCase();
    if (agent !== undefined && agent !== "SERVER") continue;
    attendee.params = [...attendee.params.filter((p) => p.name !== "SCHEDULE-AGENT"), { name: "SCHEDULE-AGENT", values: ["CLIENT"] }];
    changed = true;
  }
  return changed;
}

/**
 * A server copy Thunderbird's edit was just patched onto, with the CLIENT marks of that edit: when
 * `source` (Thunderbird's version, organized with X-MOZ-SEND-INVITATIONS:TRUE) says Thunderbird
 * mails the attendees, every attendee of `text` without SCHEDULE-AGENT (or with SERVER) gets
 * SCHEDULE-AGENT=CLIENT — as Thunderbird's adaptScheduleAgent does on every save of an organizer's
 * edit — so the server does not send its own update as well. `text` unchanged otherwise.
 */
export function clientScheduledBy(params: { text: string; source: string }): string {
  if (!/X-MOZ-SEND-INVITATIONS/i.test(params.source)) return params.text;
  const source = parseItem({ text: params.source });
  if (source.format !== "icalendar" || !source.master) return params.text;
  const flag = firstProp({ comp: source.master, name: "X-MOZ-SEND-INVITATIONS" });
  if (flag?.value.trim().toUpperCase() !== "TRUE") return params.text;
  const item = parseItem({ text: params.text });
  if (item.format !== "icalendar") return params.text;
  const root = cloneComp(item.root);
  const master = items(root).find((c) => !firstProp({ comp: c, name: "RECURRENCE-ID" }));
  let changed = false;
  for (const comp of items(root)) changed = markClientScheduled({ comp, master, force: true }) || changed;
  return changed ? serializeComponent({ comp: root }) : params.text;
}

/**
 * Server text → the text to give Thunderbird. Without `sanitize` (no DOM at hand) X-ALT-DESC
 * stays an opaque X- property: HTML is never handed to Thunderbird unsanitized.
 */
export function toThunderbird(params: { text: string; sanitize?: HtmlSanitizer; htmlToText?: (html: string) => string }): string {
  const item = parseItem({ text: params.text });
  if (item.format !== "icalendar") return params.text;
  const root = cloneComp(item.root);
  let changed = mapWindowsZones(root);
  const { sanitize } = params;
  if (sanitize) {
    const toText = params.htmlToText ?? ((html: string) => html.replace(/<[^>]*>/g, ""));
    for (const comp of items(root)) changed = altDescToAltrep({ comp, sanitize, toText }) || changed;
  }
  return changed ? serializeComponent({ comp: root }) : params.text;
}

/** Thunderbird's text → the server's spelling, ready to diff and patch onto the server copy. */
export function fromThunderbird(params: { text: string }): string {
  const item = parseItem({ text: params.text });
  if (item.format !== "icalendar") return params.text;
  const root = cloneComp(item.root);
  let changed = false;
  const master = items(root).find((c) => !firstProp({ comp: c, name: "RECURRENCE-ID" }));
  for (const comp of items(root)) {
    changed = altrepToAltDesc(comp) || changed;
    changed = markClientScheduled({ comp, master }) || changed;
  }
  return changed ? serializeComponent({ comp: root }) : params.text;
}
