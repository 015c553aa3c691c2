/* e2eDriver — parent side of the test-only experiment that vite --mode e2e adds to dist-e2e.
 * Job: what the e2e driver (tests/e2e/addon/driver.ts) cannot do with WebExtension APIs:
 * read the harness port from prefs (user.js), look at Thunderbird's windows, and quit the
 * application gracefully so sqlite files and prefs.js are complete when the harness reads them. */
"use strict";

var { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");
var { ExtensionUtils } = ChromeUtils.importESModule("resource://gre/modules/ExtensionUtils.sys.mjs");

var { setTimeout, clearTimeout } = ChromeUtils.importESModule("resource://gre/modules/Timer.sys.mjs");

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

this.e2eDriver = class extends ExtensionCommon.ExtensionAPI {
  getAPI() {
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

        async quit() {
          // Dispatched so this call's answer reaches the extension before shutdown begins.
          Services.tm.dispatchToMainThread(() => Services.startup.quit(Ci.nsIAppStartup.eAttemptQuit));
        },
      },
    };
  }
};
