// Types of the add-on's own experiment APIs (experiments/*/schema.json is the source of truth at
// runtime; keep both in step). Merged into the global `messenger` namespace of
// @types/thunderbird-webext-browser.

declare const __E2E__: boolean;

declare namespace messenger {
  namespace davsyncCalendar {
    type ItemType = "event" | "task";

    interface CalendarInfo {
      id: string;
      name: string;
      /** Provider type: "storage" (local), "caldav", "ics", "memory", … */
      type: string;
      /** CSS color "#rrggbb", or null when the calendar has none. */
      color: string | null;
      readOnly: boolean;
      /** Item types the calendar accepts. */
      itemTypes: ItemType[];
      uri: string;
    }

    interface ItemSummary {
      calendarId: string;
      /** The item's id in Thunderbird = its iCalendar UID. */
      id: string;
      type: ItemType;
      title: string;
      /** LAST-MODIFIED in ms since the epoch, or null. */
      lastModified: number | null;
      /** Modification counter (X-MOZ-GENERATION); bumped by every modify of a local calendar. */
      generation: number;
    }

    interface WriteOptions {
      /**
       * Write even though the calendar is read-only, if this add-on created it: the sync fills a
       * read-only mirror of a server collection. Other read-only calendars still refuse.
       */
      asOwner?: boolean;
    }

    interface ItemText {
      id: string;
      /** VCALENDAR text, or null when the calendar has no item with that UID. */
      ics: string | null;
      /** Identity and version as listItems gives them, or null when the item does not exist. */
      summary: ItemSummary | null;
    }

    interface CreateCalendarOptions {
      name: string;
      color?: string;
      readOnly?: boolean;
    }

    function getCalendars(): Promise<CalendarInfo[]>;
    function getCalendar(calendarId: string): Promise<CalendarInfo | null>;
    function createCalendar(options: CreateCalendarOptions): Promise<CalendarInfo>;
    /** Sets the calendar's display color ("#rrggbb"); read-only calendars too. */
    function setCalendarColor(calendarId: string, color: string): Promise<CalendarInfo>;
    /** Thunderbird's color of a category (pref calendar.category.color.<name>), or null. */
    function getCategoryColor(name: string): Promise<string | null>;
    /** Sets a category's color and lists the category in Thunderbird's category preferences. */
    function setCategoryColor(name: string, color: string): Promise<void>;
    function deleteCalendar(calendarId: string): Promise<void>;
    function listItems(calendarId: string): Promise<ItemSummary[]>;
    /** The item as a VCALENDAR text (with its exceptions), or null when it does not exist. */
    function getItem(calendarId: string, itemId: string): Promise<string | null>;
    /** Several items in one call, in the order asked for. */
    function getItems(calendarId: string, itemIds: string[]): Promise<ItemText[]>;
    /** Adds the VEVENT/VTODO of a VCALENDAR text (all components with one UID = one item). */
    function addItem(calendarId: string, ics: string, options?: WriteOptions): Promise<ItemSummary>;
    /** One addItems result: the item as stored (summary + text), or why this text was not added. */
    type AddResult = { summary: ItemSummary; ics: string; error?: undefined } | { error: string; summary?: undefined; ics?: undefined };
    /**
     * Adds several items (one VCALENDAR text each) concurrently in one call; one result per text,
     * in order. A failing text (unreadable, duplicate UID, refused) does not stop the others.
     */
    function addItems(calendarId: string, icsTexts: string[], options?: WriteOptions): Promise<AddResult[]>;
    /** Replaces the item whose UID the VCALENDAR text carries. */
    function modifyItem(calendarId: string, ics: string, options?: WriteOptions): Promise<ItemSummary>;
    function deleteItem(calendarId: string, itemId: string, options?: WriteOptions): Promise<void>;

    const onItemAdded: WebExtEvent<(item: ItemSummary) => void>;
    const onItemModified: WebExtEvent<(item: ItemSummary) => void>;
    const onItemRemoved: WebExtEvent<(calendarId: string, itemId: string) => void>;
  }

  namespace davsyncCredentials {
    interface LoginKey {
      /** Scheme + host + port of the server, e.g. "https://acme.easyproject.cz". */
      origin: string;
      username: string;
    }
    function setPassword(login: LoginKey & { password: string }): Promise<void>;
    function getPassword(login: LoginKey): Promise<string | null>;
    function deletePassword(login: LoginKey): Promise<boolean>;
    /** The password of the mail account (imap/pop3/ews/owl/smtp login) on `host` with this user name, or null. */
    function getAccountPassword(account: { host: string; username: string }): Promise<string | null>;
  }

  namespace davsyncBootstrap {
    /** The parsed davsync-bootstrap.json of the profile folder (deleted by this call), or null. */
    function take(): Promise<unknown>;
    /** Replaces davsync-bootstrap-status.json in the profile folder; never pass a password. */
    function writeStatus(status: object): Promise<void>;
  }
}
