/* e2eDriver — parent side of the test-only experiment that vite --mode e2e adds to dist-e2e.
 * Job: what the e2e driver (tests/e2e/addon/driver.ts) cannot do with WebExtension APIs:
 * read the harness port from prefs (user.js), look at Thunderbird's windows, and quit the
 * application gracefully so sqlite files and prefs.js are complete when the harness reads them. */
"use strict";

var { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");
var { ExtensionUtils } = ChromeUtils.importESModule("resource://gre/modules/ExtensionUtils.sys.mjs");

var { setTimeout, clearTimeout } = ChromeUtils.importESModule("resource://gre/modules/Timer.sys.mjs");
var { cal } = ChromeUtils.importESModule("resource:///modules/calendar/calUtils.sys.mjs");

// Benchmark support (scripts/bench-tb): counters of every calendar's observer notifications, so
// the bench can tell when Thunderbird's own CalDAV calendar holds all items in its offline cache.
const calStats = { adds: {}, addIds: {}, loads: {}, loadTimes: {}, firstAddAt: {}, lastAddAt: {}, t0: {}, errors: [] };
let calObserver = null;
function observeCalendars() {
  if (calObserver) return;
  calObserver = {
    QueryInterface: ChromeUtils.generateQI(["calIObserver"]),
    onStartBatch() {},
    onEndBatch() {},
    onLoad(c) {
      const id = c?.id;
      calStats.loads[id] = (calStats.loads[id] || 0) + 1;
      (calStats.loadTimes[id] ||= []).push(Date.now());
    },
    onAddItem(item) {
      const id = item.calendar?.id;
      const now = Date.now();
      calStats.adds[id] = (calStats.adds[id] || 0) + 1;
      (calStats.addIds[id] ||= new Set()).add(item.id);
      calStats.firstAddAt[id] ||= now;
      calStats.lastAddAt[id] = now;
    },
    onModifyItem() {},
    onDeleteItem() {},
    onError(c, errNo, msg) {
      calStats.errors.push({ at: Date.now(), calendarId: c?.id || "", message: `${errNo}: ${msg}` });
    },
    onPropertyChanged() {},
    onPropertyDeleting() {},
  };
  cal.manager.addCalendarObserver(calObserver);
}

var { ExtensionError } = ExtensionUtils;

function mainWindow() {
  const win = Services.wm.getMostRecentWindow("mail:3pane");
  if (!win) throw new ExtensionError("Thunderbird's main window (mail:3pane) is not open");
  return win;
}

function describeElement(element) {
  const rect = element.getBoundingClientRect();
  return {
    id: element.id || "",
    tagName: element.localName,
    label: element.getAttribute("label") || element.textContent.trim(),
    tooltip: element.getAttribute("tooltiptext") || element.getAttribute("title") || "",
    visible: rect.width > 0 && rect.height > 0,
  };
}


// The add-on's options page in its Thunderbird tab (runtime.openOptionsPage opens it in a tab:
// open_in_tab). The page itself runs in the extension process, where the driver reads and types
// into it (driver.optionsPage* in driver.ts); here, in the parent, the tab is found and shown.
function findOptionsTab(extension) {
  const prefix = extension.baseURI.resolve("options/index.html");
  for (const win of Services.wm.getEnumerator("mail:3pane")) {
    const tabmail = win.document.getElementById("tabmail");
    for (const tab of tabmail?.tabInfo ?? []) {
      const browser = tab.browser ?? tab.linkedBrowser;
      const url = browser?.currentURI?.spec ?? "";
      if (url.startsWith(prefix)) return { win, tabmail, tab, url };
    }
  }
  return null;
}

this.e2eDriver = class extends ExtensionCommon.ExtensionAPI {
  onShutdown() {
    if (calObserver) cal.manager.removeCalendarObserver(calObserver);
    calObserver = null;
  }

  getAPI(context) {
    const extension = context.extension;
    return {
      e2eDriver: {
        async getConfig() {
          return {
            harnessPort: Services.prefs.getIntPref("davsync.e2e.harnessPort", 0),
            runId: Services.prefs.getStringPref("davsync.e2e.runId", ""),
            appName: Services.appinfo.name,
            appVersion: Services.appinfo.version,
            headless: Services.env.get("MOZ_HEADLESS") === "1",
            profileDir: PathUtils.profileDir,
            forwardEvents: Services.prefs.getBoolPref("davsync.e2e.forwardEvents", true),
          };
        },

        async waitForStartup(timeoutMs) {
          const done = win => win.gMailInit?.delayedStartupFinished;
          if ([...Services.wm.getEnumerator("mail:3pane")].some(done)) return;
          const topic = "browser-delayed-startup-finished";
          await new Promise((resolve, reject) => {
            const observer = {
              observe(subject) {
                if (subject?.document?.documentElement?.getAttribute("windowtype") !== "mail:3pane") return;
                finish(resolve);
              },
            };
            const timer = setTimeout(
              () => finish(() => reject(new ExtensionError(`Main window not started within ${timeoutMs} ms`))),
              timeoutMs
            );
            let finished = false;
            function finish(settle) {
              if (finished) return;
              finished = true;
              clearTimeout(timer);
              Services.obs.removeObserver(observer, topic);
              settle();
            }
            Services.obs.addObserver(observer, topic);
          });
        },

        async getWindows() {
          return [...Services.wm.getEnumerator(null)].map(win => ({
            type: win.document.documentElement.getAttribute("windowtype") || "",
            title: win.document.title || "",
          }));
        },

        async queryMainWindow(selector) {
          const doc = mainWindow().document;
          let elements;
          try {
            elements = doc.querySelectorAll(selector);
          } catch (e) {
            throw new ExtensionError(`Invalid CSS selector "${selector}": ${e.message}`);
          }
          // Unified-toolbar buttons live in shadow roots of their custom elements; look there too.
          const found = [...elements];
          for (const host of doc.querySelectorAll("unified-toolbar, unified-toolbar-button, [is='unified-toolbar-button']")) {
            if (host.shadowRoot) found.push(...host.shadowRoot.querySelectorAll(selector));
          }
          return found.map(describeElement);
        },

        async observeCalendars() {
          observeCalendars();
        },

        async createNativeCalDav({ url, username, password, realm, name }) {
          // The password goes into the login manager under the server's realm first: with no
          // matching login Thunderbird would open a password prompt (a headless run would hang).
          const origin = Services.io.newURI(url).prePath;
          const info = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
          info.init(origin, null, realm, username, password, "", "");
          await Services.logins.addLoginAsync(info);
          observeCalendars();
          const calendar = cal.manager.createCalendar("caldav", Services.io.newURI(url));
          calendar.name = name;
          calendar.setProperty("cache.enabled", true); // before registerCalendar: the cache wrapper is chosen there
          calendar.setProperty("username", username);
          const t0 = Date.now();
          cal.manager.registerCalendar(calendar); // and refreshes it right away
          calStats.t0[calendar.id] = t0;
          return { id: calendar.id, t0 };
        },

        async calendarStats(calendarId) {
          return {
            now: Date.now(),
            t0: calStats.t0[calendarId] || 0,
            adds: calStats.adds[calendarId] || 0,
            uniqueAdds: calStats.addIds[calendarId]?.size || 0,
            loads: calStats.loads[calendarId] || 0,
            loadTimes: calStats.loadTimes[calendarId] || [],
            firstAddAt: calStats.firstAddAt[calendarId] || 0,
            lastAddAt: calStats.lastAddAt[calendarId] || 0,
            errors: calStats.errors.filter(e => e.calendarId === calendarId).slice(-5),
          };
        },

        async refreshCalendar(calendarId) {
          const calendar = cal.manager.getCalendarById(calendarId);
          if (!calendar) throw new ExtensionError(`No calendar ${calendarId}`);
          const at = Date.now();
          calendar.refresh();
          return at;
        },

        async countCalendarItems(calendarId, rangeStart, rangeEnd) {
          // What the views and the alarm service ask a calendar: items, and occurrences in a range.
          const calendar = cal.manager.getCalendarById(calendarId);
          if (!calendar) throw new ExtensionError(`No calendar ${calendarId}`);
          const t0 = Date.now();
          const items = await calendar.getItemsAsArray(Ci.calICalendar.ITEM_FILTER_TYPE_EVENT, 0, null, null);
          const t1 = Date.now();
          const occurrences = await calendar.getItemsAsArray(
            Ci.calICalendar.ITEM_FILTER_TYPE_EVENT | Ci.calICalendar.ITEM_FILTER_CLASS_OCCURRENCES,
            0,
            cal.createDateTime(rangeStart),
            cal.createDateTime(rangeEnd)
          );
          const withAlarms = occurrences.filter(o => o.getAlarms().length > 0).length;
          return { items: items.length, itemsMs: t1 - t0, occurrences: occurrences.length, occurrencesMs: Date.now() - t1, withAlarms };
        },

        async memory() {
          const mgr = Cc["@mozilla.org/memory-reporter-manager;1"].getService(Ci.nsIMemoryReporterManager);
          return { resident: mgr.resident, residentPeak: mgr.residentPeak };
        },

        async openToolbarContextMenu(selector, timeoutMs) {
          // What a right click does: the unified toolbar opens #unifiedToolbarMenu, and ext-menus
          // adds the add-on's browser_action items to it while it is showing.
          const win = mainWindow();
          const doc = win.document;
          const hosts = [doc, ...[...doc.querySelectorAll("unified-toolbar, unified-toolbar-button, [is='unified-toolbar-button']")].map(h => h.shadowRoot).filter(Boolean)];
          const target = hosts.map(root => root.querySelector(selector)).find(Boolean);
          if (!target) throw new ExtensionError(`No element matches "${selector}" in the main window`);
          const popup = doc.getElementById("unifiedToolbarMenu");
          const shown = new Promise((resolve, reject) => {
            const timer = win.setTimeout(() => reject(new ExtensionError(`The toolbar context menu did not open within ${timeoutMs} ms`)), timeoutMs);
            popup.addEventListener("popupshown", () => { win.clearTimeout(timer); resolve(); }, { once: true });
          });
          const rect = target.getBoundingClientRect();
          target.dispatchEvent(new win.MouseEvent("contextmenu", {
            bubbles: true, composed: true, cancelable: true, button: 2,
            screenX: win.mozInnerScreenX + rect.left + 5, screenY: win.mozInnerScreenY + rect.top + 5,
          }));
          await shown;
          const describe = item => ({
            label: item.getAttribute("label") || "",
            disabled: item.hasAttribute("disabled"),
            children: item.localName === "menu" ? [...item.querySelectorAll(":scope > menupopup > menuitem")].map(c => c.getAttribute("label") || "") : [],
          });
          const items = [...popup.children].filter(el => (el.localName === "menuitem" || el.localName === "menu") && !el.hidden && !el.collapsed).map(describe);
          popup.hidePopup();
          return items;
        },

        async addMailLogin({ origin, username, password }) {
          // What Thunderbird itself stores for a mail account whose password was saved: the
          // server's scheme://host as origin and as httpRealm (e.g. "imap://mail.acme.cz").
          const LoginInfo = Components.Constructor("@mozilla.org/login-manager/loginInfo;1", Ci.nsILoginInfo, "init");
          await Services.logins.addLoginAsync(new LoginInfo(origin, null, origin, username, password, "", ""));
        },

        async showOptionsTab() {
          const found = findOptionsTab(extension);
          if (!found) throw new ExtensionError(`No tab shows ${extension.baseURI.resolve("options/index.html")}`);
          if (found.tabmail.currentTabInfo !== found.tab) found.tabmail.switchToTab(found.tab);
          found.win.focus();
          return { url: found.url, title: found.tab.title || "", selected: found.tabmail.currentTabInfo === found.tab };
        },

        async quit() {
          // Dispatched so this call's answer reaches the extension before shutdown begins.
          Services.tm.dispatchToMainThread(() => Services.startup.quit(Ci.nsIAppStartup.eAttemptQuit));
        },
      },
    };
  }
};
