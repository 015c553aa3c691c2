// Types of the test-only e2eDriver experiment (experiment/schema.json is the runtime source of
// truth; keep both in step). Only the e2e build has this namespace.
declare namespace messenger {
  namespace e2eDriver {
    interface DriverConfig {
      harnessPort: number;
      runId: string;
      appName: string;
      appVersion: string;
      headless: boolean;
      profileDir: string;
      forwardEvents: boolean;
    }
    interface WindowInfo {
      type: string;
      title: string;
    }
    interface ElementInfo {
      id: string;
      tagName: string;
      label: string;
      tooltip: string;
      visible: boolean;
    }
    function getConfig(): Promise<DriverConfig>;
    function waitForStartup(timeoutMs: number): Promise<void>;
    function getWindows(): Promise<WindowInfo[]>;
    function queryMainWindow(selector: string): Promise<ElementInfo[]>;
    interface CalendarStats {
      now: number;
      t0: number;
      adds: number;
      uniqueAdds: number;
      loads: number;
      loadTimes: number[];
      firstAddAt: number;
      lastAddAt: number;
      errors: { at: number; calendarId: string; message: string }[];
    }
    interface CalendarCounts {
      items: number;
      itemsMs: number;
      occurrences: number;
      occurrencesMs: number;
      withAlarms: number;
    }
    function observeCalendars(): Promise<void>;
    function createNativeCalDav(params: { url: string; username: string; password: string; realm: string; name: string }): Promise<{ id: string; t0: number }>;
    function calendarStats(calendarId: string): Promise<CalendarStats>;
    function refreshCalendar(calendarId: string): Promise<number>;
    function countCalendarItems(calendarId: string, rangeStart: string, rangeEnd: string): Promise<CalendarCounts>;
    function memory(): Promise<{ resident: number; residentPeak: number }>;
    function openToolbarContextMenu(selector: string, timeoutMs: number): Promise<{ label: string; disabled: boolean; children: string[] }[]>;
    function addMailLogin(login: { origin: string; username: string; password: string }): Promise<void>;
    function showOptionsTab(): Promise<{ url: string; title: string; selected: boolean }>;
    function quit(): Promise<void>;
  }
}
