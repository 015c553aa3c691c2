/* davsyncCalendar — parent side (scope addon_parent) of the add-on's calendar experiment.
 * Job: give the sync engine Thunderbird's calendars as iCalendar text. An *item* is everything
 * with one UID: the master VEVENT/VTODO plus its RECURRENCE-ID exceptions; its id is the UID.
 * Contract: types/experiments.d.ts (TypeScript) and schema.json (runtime). Errors are
 * ExtensionErrors that name the calendar and item they concern. */
"use strict";

var { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");
var { ExtensionUtils } = ChromeUtils.importESModule("resource://gre/modules/ExtensionUtils.sys.mjs");
var { cal } = ChromeUtils.importESModule("resource:///modules/calendar/calUtils.sys.mjs");
var ICAL = (() => {
  try {
    const module = ChromeUtils.importESModule("resource:///modules/calendar/Ical.sys.mjs");
    return module.default ?? module.ICAL ?? null;
  } catch {
    return null; // serializeItem then folds as Thunderbird does
  }
})();

var { setTimeout, clearTimeout } = ChromeUtils.importESModule("resource://gre/modules/Timer.sys.mjs");

var { ExtensionError } = ExtensionUtils;

const STARTUP_WAIT_MS = 30_000;

/**
 * Resolves once Thunderbird's first main window has set up the calendar manager (on a new
 * profile that creates the "Home" calendar). Touching cal.manager before then initialises it
 * under the window's feet ("Calendar manager initialised calendars before loadCalendarComponent
 * ran"), which an add-on starting with Thunderbird would otherwise do on every start.
 */
let calendarStartup = null;
function whenCalendarStartupDone() {
  calendarStartup ??= new Promise(resolve => {
    const done = win => win.gMailInit?.delayedStartupFinished;
    if ([...Services.wm.getEnumerator("mail:3pane")].some(done)) {
      resolve();
      return;
    }
    const topic = "browser-delayed-startup-finished";
    const observer = {
      observe(subject) {
        if (subject?.document?.documentElement?.getAttribute("windowtype") !== "mail:3pane") return;
        finish();
      },
    };
    // Without any main window (e.g. started with -compose) there is nothing to wait for.
    const timer = setTimeout(() => finish(), STARTUP_WAIT_MS);
    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      Services.obs.removeObserver(observer, topic);
      resolve();
    }
    Services.obs.addObserver(observer, topic);
  });
  return calendarStartup;
}

// Parent items only (no expanded occurrences), completed tasks included: sync needs every item.
const ALL_ITEMS = Ci.calICalendar.ITEM_FILTER_TYPE_ALL | Ci.calICalendar.ITEM_FILTER_COMPLETED_ALL;

/** @returns {"event" | "task"} */
function itemType(item) {
  return item.isTodo() ? "task" : "event";
}

function componentName(item) {
  return item.isTodo() ? "VTODO" : "VEVENT";
}

function calendarInfo(calendar) {
  const itemTypes = [];
  if (cal.item.isEventCalendar(calendar)) itemTypes.push("event");
  if (cal.item.isTaskCalendar(calendar)) itemTypes.push("task");
  return {
    id: calendar.id,
    name: calendar.name || "",
    type: calendar.type,
    color: calendar.getProperty("color") || null,
    readOnly: isReadOnly(calendar),
    itemTypes,
    uri: calendar.uri ? calendar.uri.spec : "",
  };
}

/** The id of the registered calendar an item belongs to (cached CalDAV calendars wrap a storage one). */
/** The pref that holds a category's color: Thunderbird keys it by the CSS-safe form of the name. */
function categoryColorPref(name) {
  const key = cal.view?.formatStringForCSSRule ? cal.view.formatStringForCSSRule(name) : name.toLowerCase();
  return `calendar.category.color.${key}`;
}

function calendarIdOf(item) {
  const calendar = item.calendar;
  if (!calendar) return "";
  return (calendar.superCalendar || calendar).id;
}

function itemSummary(item, calendarId = calendarIdOf(item)) {
  // Observers may hand us an occurrence or exception; the item is always its parent.
  const parent = item.parentItem || item;
  const lastModified = parent.lastModifiedTime;
  return {
    calendarId,
    id: parent.id,
    type: itemType(parent),
    title: parent.title || "",
    // calIDateTime.nativeTime is in microseconds.
    lastModified: lastModified ? Math.round(lastModified.nativeTime / 1000) : null,
    // LAST-MODIFIED has whole seconds; the storage provider bumps the generation on every modify,
    // so the two together tell every save apart.
    generation: parent.generation || 0,
  };
}

async function requireCalendar(calendarId) {
  await whenCalendarStartupDone();
  const calendar = cal.manager.getCalendarById(calendarId);
  if (!calendar) throw new ExtensionError(`Calendar ${calendarId} does not exist`);
  return calendar;
}

// Calendars this add-on created carry its id in this property (persisted in calendar.registry.*),
// so "asOwner" writes can never unlock a calendar the user or another add-on made read-only.
const OWNER_PROPERTY = "davsync.createdBy";
const ownerWrites = new Map();

/** Read-only for everyone else, also while an owner write has lifted the flag. */
function isReadOnly(calendar) {
  return Boolean(calendar.readOnly) || ownerWrites.has(calendar.id);
}

function requireWritable(calendar, what, { asOwner = false, extensionId } = {}) {
  if (!isReadOnly(calendar)) return;
  if (asOwner && calendar.getProperty(OWNER_PROPERTY) === extensionId) return;
  const hint = asOwner ? " and was not created by this add-on" : "";
  throw new ExtensionError(`Calendar ${calendar.id} ("${calendar.name}") is read-only${hint}; cannot ${what}`);
}

/**
 * A read-only mirror of a server collection is still written by the sync itself. The storage
 * provider checks calendar.readOnly on every write, so the flag is lifted for the writes in
 * flight and restored when the last of them ends (a counter: concurrent adds of one chunk).
 */
async function withOwnerWrite(calendar, write) {
  if (!isReadOnly(calendar)) return write();
  ownerWrites.set(calendar.id, (ownerWrites.get(calendar.id) || 0) + 1);
  calendar.readOnly = false;
  try {
    return await write();
  } finally {
    const left = ownerWrites.get(calendar.id) - 1;
    if (left > 0) ownerWrites.set(calendar.id, left);
    else {
      ownerWrites.delete(calendar.id);
      calendar.readOnly = true;
    }
  }
}

/** Turns a VCALENDAR text into exactly one item (master + exceptions), with clear errors. */
function parseOneItem(calendarId, ics) {
  const parser = Cc["@mozilla.org/calendar/ics-parser;1"].createInstance(Ci.calIIcsParser);
  // The parser links RECURRENCE-ID components to their master and resolves VTIMEZONEs.
  parser.parseString(ics);
  const items = parser.getItems();
  if (items.length === 0) {
    // parseString only logs syntax errors; parse again to tell the caller what is wrong.
    let reason = "";
    try {
      cal.icsService.parseICS(ics);
    } catch (e) {
      reason = ` (${e.message || e})`;
    }
    throw new ExtensionError(`No VEVENT or VTODO in the iCalendar text given for calendar ${calendarId}${reason}`);
  }
  if (items.length > 1) {
    const uids = items.map(i => i.id).join(", ");
    throw new ExtensionError(
      `The iCalendar text given for calendar ${calendarId} holds ${items.length} items (UIDs ${uids}); give one UID per call`
    );
  }
  const item = items[0];
  if (!item.id) throw new ExtensionError(`The ${componentName(item)} given for calendar ${calendarId} has no UID`);
  return item;
}

/** "BEGIN:VCALENDAR … END:VCALENDAR" → its inner components, or null when the text is not that shape. */
function innerComponents(ics) {
  const begin = /^\s*BEGIN:VCALENDAR\r?\n/i.exec(ics);
  const end = /\r?\nEND:VCALENDAR\s*$/i.exec(ics);
  if (!begin || !end) return null;
  // Calendar-level properties (VERSION, PRODID, METHOD, …) stop at the first component.
  const first = ics.slice(0, end.index).search(/\nBEGIN:/i);
  if (first < 0) return null;
  return ics.slice(first + 1, end.index);
}

/** The distinct UIDs of a text's components (folded lines unfolded first). */
function uidsOf(text) {
  const uids = new Set();
  for (const m of text.replace(/\r?\n[ \t]/g, "").matchAll(/^UID(?:;[^:\r\n]*)?:(.*?)\r?$/gim)) uids.add(m[1].trim());
  return uids;
}

/**
 * Many VCALENDAR texts → one item or one error per text, in order. Texts with one UID each go
 * through one parser run as a single VCALENDAR (a parser per text costs about twice as much, and
 * each repeats the same VTIMEZONE); anything else — and everything, if the joint parse fails or
 * misses an item — is parsed alone by parseOneItem, which gives the precise error.
 */
function parseMany(calendarId, texts) {
  const results = new Array(texts.length);
  const joined = [];
  const zones = new Map();
  const seen = new Set();
  texts.forEach((ics, i) => {
    const inner = typeof ics === "string" ? innerComponents(ics) : null;
    const uids = inner ? uidsOf(inner) : new Set();
    const [uid] = uids;
    if (inner === null || uids.size !== 1 || !uid || seen.has(uid)) return;
    // One copy of each VTIMEZONE for the whole run; a TZID defined differently by another text
    // (an Outlook custom zone) must not borrow that definition: such a text is parsed alone.
    const own = new Map();
    const body = inner.replace(/BEGIN:VTIMEZONE\r?\n[\s\S]*?END:VTIMEZONE(\r?\n|$)/gi, zone => {
      const tzid = /^TZID(?:;[^:\r\n]*)?:(.*?)\r?$/im.exec(zone)?.[1] ?? "";
      own.set(tzid, zone.trimEnd());
      return "";
    });
    if ([...own].some(([tzid, zone]) => zones.has(tzid) && zones.get(tzid) !== zone)) return;
    // A zone Thunderbird knows by name is left to its own definition, shared by every item (a
    // definition parsed from the text is a new zone object per parser run, whose UTC offsets are
    // computed again from its rules for every item stored).
    for (const tzid of [...own.keys()]) if (cal.timezoneService.getTimezone(tzid)) own.delete(tzid);
    seen.add(uid);
    for (const [tzid, zone] of own) zones.set(tzid, zone);
    joined.push({ i, uid, body });
  });
  if (joined.length > 1) {
    try {
      const parser = Cc["@mozilla.org/calendar/ics-parser;1"].createInstance(Ci.calIIcsParser);
      const nl = "\r\n";
      // Removed zones may leave empty lines behind; iCalendar has none.
      const body = joined.map(j => j.body.split(/\r?\n/).filter(line => line !== "").join(nl)).join(nl);
      parser.parseString(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//davsync//bulk//EN", ...zones.values(), body, "END:VCALENDAR", ""].join(nl));
      const byId = new Map(parser.getItems().map(item => [item.id, item]));
      for (const j of joined) {
        const item = byId.get(j.uid);
        if (item) results[j.i] = { item };
      }
    } catch (e) {
      // Parsed one by one below: each text then fails or succeeds on its own.
    }
  }
  texts.forEach((ics, i) => {
    if (results[i]) return;
    try {
      results[i] = { item: parseOneItem(calendarId, ics) };
    } catch (e) {
      results[i] = { error: e };
    }
  });
  // The same UID twice in one call: the later texts are refused (the first one is added).
  const ids = new Set();
  return results.map(r => {
    if (!r.item) return r;
    if (ids.has(r.item.id)) {
      return { error: new ExtensionError(`Item ${r.item.id} is given twice in one addItems call for calendar ${calendarId}`) };
    }
    ids.add(r.item.id);
    return r;
  });
}

/**
 * Items this add-on is writing through a bulk call, by calendar id + item id: the event listeners
 * skip them (the caller knows what it wrote; thousands of events would each cost a round trip).
 */
const quietIds = new Set();
const quietKey = (calendarId, itemId) => `${calendarId}\u0000${itemId}`;

async function quietly(calendarId, itemIds, write) {
  const keys = itemIds.map(id => quietKey(calendarId, id));
  for (const key of keys) quietIds.add(key);
  try {
    return await write();
  } finally {
    for (const key of keys) quietIds.delete(key);
  }
}

/**
 * A bulk add without one onAddItem per item. Thunderbird's views answer every onAddItem by
 * expanding the item's occurrences for their range (~1 ms an item: as much as storing it), and
 * adds inside startBatch are not scheduled by the alarm service. So the calendar's observers are
 * told nothing per item and, shortly after the last bulk call, told to reload the calendar the
 * way Thunderbird does when a calendar is re-enabled (views re-query their range once, the alarm
 * service re-reads the calendar's alarms). Only onAddItem is held back; where the provider's
 * observer list is not where Thunderbird 128–153 keep it, nothing is held back at all.
 */
const heldAdds = new Map();

/**
 * A full garbage collection after every ~1 000 items added in bulk. A first sync creates garbage
 * (parsed texts, components, read-backs) several times faster than Thunderbird's own CalDAV, and
 * the incremental collector lets the heap run ahead: measured at 5 000 events, peak memory of the
 * main process 922 → 717 MB (Thunderbird's own CalDAV: ~800 MB), for ~0.5 s of pauses in all.
 */
const GC_EVERY_ITEMS = 1000;
let addedSinceGc = 0;
function collectAfterBulk(count) {
  addedSinceGc += count;
  if (addedSinceGc < GC_EVERY_ITEMS) return;
  addedSinceGc = 0;
  Cu.forceGC();
}
/** Quiet time after the last bulk call before the calendar is reloaded (a sync sends chunk after chunk). */
const RELOAD_DELAY_MS = 2000;
/** During a long run of bulk calls, the views and alarms are brought up to date at least this often. */
const MAX_STALE_MS = 60_000;

function holdAddNotifications(calendar) {
  const observers = calendar.wrappedJSObject?.observers;
  if (!observers || typeof observers.notify !== "function") return () => {};
  let held = heldAdds.get(calendar.id);
  if (!held) {
    const original = observers.notify;
    held = { count: 0, observers, original, timer: null, since: Date.now() };
    observers.notify = function (name, args) {
      if (name === "onAddItem") return undefined;
      return original.call(this, name, args);
    };
    heldAdds.set(calendar.id, held);
  }
  held.count += 1;
  const entry = held;
  return () => {
    entry.count -= 1;
    if (entry.count > 0) return;
    if (entry.timer) clearTimeout(entry.timer);
    const stale = Date.now() - entry.since >= MAX_STALE_MS;
    entry.timer = setTimeout(() => reloadCalendar(calendar, entry), stale ? 0 : RELOAD_DELAY_MS);
  };
}

function reloadCalendar(calendar, held) {
  held.timer = null;
  held.since = Date.now();
  if (held.count === 0) {
    heldAdds.delete(calendar.id);
    delete held.observers.notify;
    if (held.observers.notify !== held.original) held.observers.notify = held.original;
  }
  try {
    held.original.call(held.observers, "onLoad", [calendar]);
    const disabled = Boolean(calendar.getProperty("disabled"));
    held.original.call(held.observers, "onPropertyChanged", [calendar, "disabled", disabled, disabled]);
  } catch (e) {
    console.error(`davsyncCalendar: reloading calendar ${calendar.id} after a bulk add failed`, e);
  }
}

function isQuiet(item) {
  return quietIds.has(quietKey(calendarIdOf(item), (item.parentItem || item).id));
}

function requireSupported(calendar, item) {
  if (!cal.item.isItemSupported(item, calendar)) {
    throw new ExtensionError(`Calendar ${calendar.id} does not accept ${componentName(item)} items (item ${item.id})`);
  }
}

/** Wraps a Thunderbird exception so the message names the calendar and item. */
function failure(action, calendarId, itemId, e) {
  if (e instanceof ExtensionError) return e;
  return new ExtensionError(`Could not ${action} item ${itemId} in calendar ${calendarId}: ${e?.message || e}`);
}

function serializeItem(item) {
  if (ICAL?.stringify?.property) {
    // What CalIcsSerializer.getIcalComponent builds: the master, every exception and (added by
    // addSubcomponent) the VTIMEZONEs they reference.
    const calComp = cal.icsService.createIcalComponent("VCALENDAR");
    cal.item.setStaticProps(calComp);
    for (const one of cal.iterate.items([item])) calComp.addSubcomponent(one.icalComponent);
    // Unfolded: ical.js folds every line character by character (a third of Thunderbird's whole
    // cost of adding an item); every reader of this text unfolds it again anyway.
    const jCal = calComp.wrappedJSObject?.innerObject?.jCal;
    if (jCal) return unfoldedText(jCal);
  }
  const serializer = Cc["@mozilla.org/calendar/ics-serializer;1"].createInstance(Ci.calIIcsSerializer);
  serializer.addItems([item]);
  return serializer.serializeToString();
}

/**
 * The item's own components (master and exceptions) in a VCALENDAR, without VTIMEZONE definitions
 * (the TZIDs stay): what addItems hands back as the sync's base, which is only ever diffed — and
 * diffs compare TZIDs, never definitions. Spares building and writing a zone per item.
 */
function serializeItemWithoutZones(item) {
  if (!ICAL?.stringify?.property) return serializeItem(item);
  let text = "BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\nVERSION:2.0\r\n";
  for (const one of cal.iterate.items([item])) {
    const jCal = one.icalComponent.wrappedJSObject?.innerObject?.jCal;
    if (!jCal) return serializeItem(item);
    text += unfoldedText(jCal);
  }
  return `${text}END:VCALENDAR\r\n`;
}

/** ical.js's stringify.component without line folding (same properties, same order). */
function unfoldedText(jCal, designSet = ICAL.design.getDesignSet(jCal[0])) {
  const name = jCal[0].toUpperCase();
  let text = `BEGIN:${name}\r\n`;
  for (const property of jCal[1]) text += `${ICAL.stringify.property(property, designSet, true)}\r\n`;
  for (const component of jCal[2] || []) text += unfoldedText(component, designSet);
  return `${text}END:${name}\r\n`;
}

/** calIObserver with no-ops for everything the caller does not handle. */
function calendarObserver(handlers) {
  return {
    QueryInterface: ChromeUtils.generateQI(["calIObserver"]),
    onStartBatch() {},
    onEndBatch() {},
    onLoad() {},
    onAddItem() {},
    onModifyItem() {},
    onDeleteItem() {},
    onError() {},
    onPropertyChanged() {},
    onPropertyDeleting() {},
    ...handlers,
  };
}

/** An EventManager fed by an observer on all registered calendars; unregisters with the listener. */
function calendarEvent(context, name, makeHandlers) {
  return new ExtensionCommon.EventManager({
    context,
    name: `davsyncCalendar.${name}`,
    register: fire => {
      const observer = calendarObserver(makeHandlers(fire));
      cal.manager.addCalendarObserver(observer);
      return () => cal.manager.removeCalendarObserver(observer);
    },
  }).api();
}

/**
 * Thunderbird's own exceptions reach the extension only as "An unexpected error occurred";
 * re-throw them as ExtensionErrors that keep the message and name the function and calendar.
 */
function withErrorContext(functions) {
  const wrapped = {};
  for (const [name, fn] of Object.entries(functions)) {
    wrapped[name] = async (...args) => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof ExtensionError) throw e;
        const where = typeof args[0] === "string" ? ` for calendar ${args[0]}` : "";
        throw new ExtensionError(`davsyncCalendar.${name} failed${where}: ${e?.message || e}`);
      }
    };
  }
  return wrapped;
}

this.davsyncCalendar = class extends ExtensionCommon.ExtensionAPI {
  getAPI(context) {
    const extensionId = context.extension.id;
    const ownerOptions = options => ({ asOwner: Boolean(options?.asOwner), extensionId });
    /** Runs a write, lifting the read-only flag when the caller writes as the calendar's owner. */
    const write = (calendar, options, fn) => (options?.asOwner ? withOwnerWrite(calendar, fn) : fn());
    return {
      davsyncCalendar: {
        ...withErrorContext({
          async getCalendars() {
            await whenCalendarStartupDone();
            return cal.manager.getCalendars().map(calendarInfo);
          },

          async getCalendar(calendarId) {
            await whenCalendarStartupDone();
            const calendar = cal.manager.getCalendarById(calendarId);
            return calendar ? calendarInfo(calendar) : null;
          },

          async createCalendar({ name, color, readOnly }) {
            await whenCalendarStartupDone();
            const calendar = cal.manager.createCalendar("storage", Services.io.newURI("moz-storage-calendar://"));
            if (!calendar) throw new ExtensionError(`Thunderbird could not create a local calendar "${name}"`);
            // registerCalendar gives the calendar its id, which writes these properties to the
            // calendar.registry.<id>.* prefs: that is what makes the calendar survive a restart.
            calendar.name = name;
            calendar.setProperty(OWNER_PROPERTY, extensionId);
            if (color) calendar.setProperty("color", color.toLowerCase());
            cal.manager.registerCalendar(calendar);
            // Read-only last: registration itself must not count as a write.
            if (readOnly) calendar.readOnly = true;
            return calendarInfo(cal.manager.getCalendarById(calendar.id));
          },

          async setCalendarColor(calendarId, color) {
            const calendar = await requireCalendar(calendarId);
            // A display property: Thunderbird lets it change on read-only calendars too.
            calendar.setProperty("color", color.toLowerCase());
            return calendarInfo(calendar);
          },

          async getCategoryColor(name) {
            const value = Services.prefs.getStringPref(categoryColorPref(name), "");
            return value || null;
          },

          async setCategoryColor(name, color) {
            // The pref Thunderbird's category list and views read (calendar-categories code).
            Services.prefs.setStringPref(categoryColorPref(name), color.toLowerCase());
            // Listed in the category preferences too, so the user finds it there with its color.
            const names = cal.category.fromPrefs();
            if (!names.some(known => known.toLowerCase() === name.toLowerCase())) {
              names.push(name);
              names.sort((a, b) => a.localeCompare(b));
              Services.prefs.setStringPref("calendar.categories.names", cal.category.arrayToString(names));
            }
          },

          async deleteCalendar(calendarId) {
            const calendar = await requireCalendar(calendarId);
            // Mode 0 = unregister and let the provider delete its data (storage: the local items).
            cal.manager.removeCalendar(calendar, 0);
          },

          async listItems(calendarId) {
            const calendar = await requireCalendar(calendarId);
            const items = await calendar.getItemsAsArray(ALL_ITEMS, 0, null, null);
            return items.map(item => itemSummary(item, calendarId));
          },

          async getItem(calendarId, itemId) {
            const calendar = await requireCalendar(calendarId);
            const item = await calendar.getItem(itemId);
            return item ? serializeItem(item) : null;
          },

          async getItems(calendarId, itemIds) {
            const calendar = await requireCalendar(calendarId);
            // One call for many items: the child→parent round trip costs more than the lookup.
            const items = await Promise.all(itemIds.map(id => calendar.getItem(id)));
            return items.map((item, i) => ({
              id: itemIds[i],
              ics: item ? serializeItem(item) : null,
              summary: item ? itemSummary(item, calendarId) : null,
            }));
          },

          async addItem(calendarId, ics, options) {
            const calendar = await requireCalendar(calendarId);
            const item = parseOneItem(calendarId, ics);
            requireWritable(calendar, `add item ${item.id}`, ownerOptions(options));
            requireSupported(calendar, item);
            if (await calendar.getItem(item.id)) {
              throw new ExtensionError(`Item ${item.id} already exists in calendar ${calendarId}; use modifyItem`);
            }
            try {
              // adoptItem, not addItem: the parsed item is ours, no need for another clone.
              const added = await write(calendar, options, () => calendar.adoptItem(item));
              return itemSummary(added, calendarId);
            } catch (e) {
              throw failure("add", calendarId, item.id, e);
            }
          },

          async addItems(calendarId, icsTexts, options) {
            const calendar = await requireCalendar(calendarId);
            // Parsed together (one parser run for the chunk); a text that cannot join is parsed alone,
            // so one bad text fails only itself.
            const prepared = parseMany(calendarId, icsTexts).map(parsed => {
              if (parsed.error) return { error: failure("add", calendarId, "?", parsed.error) };
              try {
                requireWritable(calendar, `add item ${parsed.item.id}`, ownerOptions(options));
                requireSupported(calendar, parsed.item);
                return { item: parsed.item };
              } catch (e) {
                return { error: failure("add", calendarId, parsed.item.id, e) };
              }
            });
            const addOne = async ({ item, error }) => {
              if (error) return { error: error.message };
              try {
                // adoptItem, not addItem: the parsed item is ours. It refuses an id the calendar
                // already holds (DUPLICATE_ID). Concurrently, never in a batch: the alarm service
                // ignores items added inside startBatch/endBatch.
                const added = await calendar.adoptItem(item);
                // What the calendar now holds (zones by name only): no separate read-back needed.
                return { summary: itemSummary(added, calendarId), ics: serializeItemWithoutZones(added) };
              } catch (e) {
                const duplicate = e?.result === Ci.calIErrors.DUPLICATE_ID || /already exists/i.test(e?.message || "");
                if (duplicate) return { error: `Item ${item.id} already exists in calendar ${calendarId}; use modifyItem` };
                return { error: failure("add", calendarId, item.id, e).message };
              }
            };
            const ids = prepared.filter(p => p.item).map(p => p.item.id);
            if (ids.length === 0) return Promise.all(prepared.map(addOne));
            // The caller wrote these items and knows it: no onItemAdded event for each of them.
            collectAfterBulk(ids.length);
            const release = holdAddNotifications(calendar);
            try {
              return await quietly(calendarId, ids, () => write(calendar, options, () => Promise.all(prepared.map(addOne))));
            } finally {
              release();
            }
          },

          async modifyItem(calendarId, ics, options) {
            const calendar = await requireCalendar(calendarId);
            const newItem = parseOneItem(calendarId, ics);
            requireWritable(calendar, `modify item ${newItem.id}`, ownerOptions(options));
            requireSupported(calendar, newItem);
            const oldItem = await calendar.getItem(newItem.id);
            if (!oldItem) {
              throw new ExtensionError(`Item ${newItem.id} does not exist in calendar ${calendarId}; use addItem`);
            }
            // The whole parsed master (with its exceptions) replaces the stored one. Taking over the
            // stored generation lets the storage provider's consistency check pass and bump it.
            newItem.calendar = calendar.superCalendar;
            newItem.generation = oldItem.generation;
            try {
              const modified = await write(calendar, options, () => calendar.modifyItem(newItem, oldItem));
              return itemSummary(modified, calendarId);
            } catch (e) {
              throw failure("modify", calendarId, newItem.id, e);
            }
          },

          async deleteItem(calendarId, itemId, options) {
            const calendar = await requireCalendar(calendarId);
            requireWritable(calendar, `delete item ${itemId}`, ownerOptions(options));
            const item = await calendar.getItem(itemId);
            if (!item) throw new ExtensionError(`Item ${itemId} does not exist in calendar ${calendarId}`);
            try {
              await write(calendar, options, () => calendar.deleteItem(item));
            } catch (e) {
              throw failure("delete", calendarId, itemId, e);
            }
          },

        }),

        onItemAdded: calendarEvent(context, "onItemAdded", fire => ({
          onAddItem(item) {
            if (isQuiet(item)) return;
            fire.async(itemSummary(item));
          },
        })),

        onItemModified: calendarEvent(context, "onItemModified", fire => ({
          onModifyItem(newItem) {
            fire.async(itemSummary(newItem));
          },
        })),

        onItemRemoved: calendarEvent(context, "onItemRemoved", fire => ({
          onDeleteItem(item) {
            // Deleting one occurrence arrives as a modification of the parent, not here.
            fire.async(calendarIdOf(item), (item.parentItem || item).id);
          },
        })),
      },
    };
  }
};
