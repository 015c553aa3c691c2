// What the mapping knows about property and parameter names: which ones are volatile (left out of
// the hash, and for some left alone by patches), which hold lists or several instances, which
// values are case-insensitive, and the default value types. Everything else is treated as opaque
// text that must survive. Each ignored name says which server or client forced it.

/**
 * Left out of the normalized content (hash), in every component. A change of these alone is not a
 * change of the item; they still travel with real changes (see NEVER_PATCHED for the exceptions).
 */
export const IGNORED_IN_HASH: ReadonlySet<string> = new Set([
  // Radicale rewrites PRODID after upload (vdirsyncer IGNORE_PROPS); Thunderbird writes its own when
  // it serializes, SabreDAV (Nextcloud) its own when it converts vCard versions.
  "PRODID",
  // WebCAL providers add METHOD:PUBLISH (vdirsyncer); a CalDAV resource must not carry it anyway.
  "METHOD",
  // Radicale's file-system backend names items with it (vdirsyncer).
  "X-RADICALE-NAME",
  // Horde sets it on every item (vdirsyncer#318); it names the collection, not the item.
  "X-WR-CALNAME",
  // Revision stamps that move with every save: Thunderbird stamps LAST-MODIFIED and DTSTAMP when it
  // stores an item we wrote, so keeping them would make our own write look like a local edit
  // (echo); Google's read-only feeds regenerate DTSTAMP per request (vdirsyncer). REV is the vCard
  // equivalent. The content itself tells us whether anything changed.
  "LAST-MODIFIED",
  "DTSTAMP",
  "REV",
  // Set once by whichever store first saw the item (vdirsyncer ignores it too): the server's copy
  // and Thunderbird's copy legitimately disagree.
  "CREATED",
  // Thunderbird's modification counter (X-MOZ-GENERATION) is bumped by every save in its offline
  // cache, the server copy keeps an older number; SEQUENCE is bumped by DAVx5 on every upload and by
  // Thunderbird on reschedules: both are counters that only ever move together with a real change.
  "X-MOZ-GENERATION",
  "SEQUENCE",
  // UID is the item's identity, compared by the planner itself; items paired by matchKey on a first
  // run keep their own UIDs and must still hash equal when the content is equal (vdirsyncer).
  "UID",
  // NOT ignored, on purpose: X-MOZ-LASTACK / X-MOZ-SNOOZE-TIME / ACKNOWLEDGED record that the user
  // dismissed or snoozed a reminder. Syncing them stops other Thunderbirds from firing the same
  // alarm again (peers.md complaint #12: "reminders re-pop").
]);

/** Parameters left out of the hash: server-maintained bookkeeping, not content. */
export const IGNORED_PARAMS: ReadonlySet<string> = new Set([
  // RFC 6638 servers (SabreDAV / Nextcloud, Cyrus) add SCHEDULE-STATUS to ATTENDEE after delivering
  // invitations, which would otherwise look like a server-side edit after every PUT.
  "SCHEDULE-STATUS",
]);

/**
 * Never copied from the source side by a patch: they describe the storage that holds the text
 * (its producer, its local counters), so the target keeps its own.
 */
export const NEVER_PATCHED: ReadonlySet<string> = new Set(["PRODID", "X-MOZ-GENERATION", "METHOD", "X-RADICALE-NAME", "X-WR-CALNAME"]);

/** Properties whose value is a comma-separated set: patched and hashed element by element. */
export const LIST_VALUED: ReadonlySet<string> = new Set(["CATEGORIES", "RESOURCES", "EXDATE", "RDATE", "NICKNAME", "FREEBUSY"]);

/**
 * Properties that may occur several times, each instance identified by its value and described by
 * its parameters (ATTENDEE by address with PARTSTAT, EMAIL / TEL by value with TYPE). Any other
 * property that happens to occur more than once is handled the same way.
 */
export const MULTI_INSTANCE: ReadonlySet<string> = new Set([
  "ATTENDEE", "ATTACH", "COMMENT", "CONTACT", "RELATED-TO", "REQUEST-STATUS", "IMAGE", "CONFERENCE",
  "EMAIL", "TEL", "ADR", "URL", "IMPP", "MEMBER", "RELATED", "LANG", "KEY", "CALURI", "CALADRURI", "FBURL",
  "X-ABLABEL", "X-ABRELATEDNAMES", "X-SOCIALPROFILE",
]);

/** Structured values: components separated by ";", each a "," list (RFC 6350 §3.3). */
export const STRUCTURED: ReadonlySet<string> = new Set(["N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP", "REQUEST-STATUS"]);

/** Properties whose value is a DATE or DATE-TIME (or a list of them). */
export const DATE_VALUED: ReadonlySet<string> = new Set([
  "DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE", "COMPLETED", "DTSTAMP", "CREATED", "LAST-MODIFIED",
  "X-MOZ-LASTACK", "X-MOZ-SNOOZE-TIME", "ACKNOWLEDGED",
]);

/** Properties whose value is a DURATION unless VALUE says otherwise. */
export const DURATION_VALUED: ReadonlySet<string> = new Set(["DURATION", "TRIGGER", "REFRESH-INTERVAL"]);

/** Enumerated values, case-insensitive per RFC 5545 §2 / RFC 6350 §3.3. */
export const CASE_INSENSITIVE_VALUES: ReadonlySet<string> = new Set([
  "STATUS", "CLASS", "TRANSP", "ACTION", "CALSCALE", "KIND", "VERSION", "BUSYTYPE",
]);

/** Parameters whose values are enumerations (case-insensitive) or sets (order-insensitive). */
export const CASE_INSENSITIVE_PARAMS: ReadonlySet<string> = new Set([
  "TYPE", "PARTSTAT", "ROLE", "CUTYPE", "RSVP", "VALUE", "ENCODING", "RELATED", "RANGE", "RELTYPE", "FBTYPE",
  "SCHEDULE-AGENT", "SCHEDULE-FORCE-SEND",
]);

/** Default VALUE type per property; an explicit VALUE equal to it carries no information. */
export function defaultValueType(name: string): string {
  if (DATE_VALUED.has(name)) return "DATE-TIME";
  if (DURATION_VALUED.has(name)) return "DURATION";
  if (name === "ATTACH" || name === "URL" || name === "PHOTO" || name === "LOGO" || name === "SOUND") return "URI";
  return "TEXT";
}

/** Parameters whose meaning is tied to the value: a patch never keeps the target's copy of them. */
export const VALUE_COUPLED_PARAMS: ReadonlySet<string> = new Set(["VALUE", "TZID", "ENCODING", "FMTTYPE", "MEDIATYPE"]);
