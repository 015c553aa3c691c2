// .cdsp import: each field mapped as in cdsp-format.md's "Thunderbird mapping" table, the options
// with no Thunderbird counterpart listed by element name, and broken files refused clearly.
import { describe, expect, test } from "vitest";
import { DEFAULT_SAFETY } from "../../../../src/core/sync-settings";
import { importCdsp, mergeProfiles, newProfile, validateProfile, type CdspEntry, type Profile } from "../../../../src/core/profile/index";
import { fixture, fixtureBytes } from "./helpers";

function entries(text: string, localFolders: Parameters<typeof importCdsp>[0]["localFolders"] = []): CdspEntry[] {
  const result = importCdsp({ text, localFolders });
  if (!result.ok) throw new Error(`import failed: ${result.error.messageKey} ${result.error.substitutions.join(" ")}`);
  return result.entries;
}

function mapped(entry: CdspEntry | undefined): { profile: Profile; changes: string[] } {
  if (entry?.outcome !== "mapped" || !entry.result.ok) throw new Error(`not mapped: ${JSON.stringify(entry)}`);
  return { profile: entry.result.profile, changes: entry.result.changes.map((c) => c.path) };
}

const base = newProfile({ id: "x", kind: "events", name: "x", url: "https://x.example/" });

describe("the Easy Project sample (two profiles)", () => {
  const [meetings, contacts] = entries(fixture("easy-project-two-profiles.cdsp"));

  test("meetings: every mapped field as the table says", () => {
    const { profile, changes } = mapped(meetings);
    expect(profile).toEqual({
      id: "3f6c2a1e-8b4d-4f0a-9c7e-51d2b8a0e4f7", // Id, kept as is
      name: "Easy Project – Schůzky", // Name
      enabled: true, // not Inactive
      kind: "events", // xsi:type EventMappingConfiguration
      local: { kind: "create", name: "Schůzky (Easy Project)", color: "#3a87ad" }, // OutlookFolderEntryId as the name hint
      server: {
        url: "https://stavby-morava.easyproject.cz/caldav/calendars/psvobodova/meetings/", // CalenderUrl
        username: "psvobodova", // UserName
        credentialRef: "", // the DPAPI password is not importable
        preset: "easyproject", // ProfileTypeOrNull
        useMailAccountLogin: false, // UseAccountPassword (absent or false here)
      },
      sync: {
        mode: "two-way", // MergeInBothDirections
        conflict: "automatic", // Automatic
        safety: DEFAULT_SAFETY, // not in the file
        timeRange: { kind: "window", daysPast: 7, daysFuture: 180 }, // DaysToSynchronize…, not Ignore…
      },
      schedule: {
        interval: { kind: "minutes", minutes: 15 }, // SynchronizationIntervalInMinutes
        onChange: { enabled: true, debounceSeconds: 10 }, // EnableChangeTriggeredSynchronization
        onStartup: true,
      },
      // EventCategory, IncludeEmptyEventCategoryFilter, InvertEventCategoryFilter, IsCategoryFilterSticky
      categoryFilter: { kind: "category", name: "Easy Project", includeUncategorized: false, invert: false, sticky: true },
      color: "off", // the category color is not stored in the file
      mapping: {
        reminders: "upcoming", // MapReminder JustUpcoming
        // MapSensitivityPrivateToClassConfidential, MapClassConfidentialToSensitivityPrivate, MapClassPublicToSensitivityPrivate, MapSensitivityPublicToDefault
        privacy: { privateToConfidential: true, confidentialToPrivate: true, publicToPrivate: false, publicToNoClass: false },
        htmlDescription: { serverToLocal: true, localToServer: true }, // MapXAltDescToRtfBody, MapRtfBodyToXAltDesc
        timeZones: base.mapping.timeZones,
        customProperties: [], // UserDefinedCustomPropertyMappings (empty)
      },
      network: { timeoutSeconds: 90, closeConnectionAfterEachRequest: false, chunking: { kind: "chunks", size: 100 } }, // timeout not stored → default
      managed: false,
    });
    expect(changes).toEqual([]);
  });

  test("meetings: the Outlook-only options are listed by element name", () => {
    expect(meetings?.unmapped).toEqual([
      "OutlookFolderAccountName",
      "ProtectedPassword",
      "PreemptiveAuthentication",
      "ForceBasicAuthentication",
      "MapAttendees",
      "ScheduleAgentClient",
      "MapBody",
      "UseIanaTz",
      "EventTz",
      "UseGlobalAppointmentID",
    ]);
    expect(meetings?.passwordNotImported).toBe(true);
  });

  test("contacts: replicate server → local, no time window, no category filter", () => {
    const { profile, changes } = mapped(contacts);
    expect(profile).toMatchObject({
      id: "b2e91d47-0c35-4a8e-a6f1-9d7c3e5b2a80",
      name: "Easy Project – Kontakty",
      enabled: true,
      kind: "contacts",
      local: { kind: "create", name: "Kontakty firmy" },
      server: {
        url: "https://stavby-morava.easyproject.cz/carddav/addressbooks/psvobodova/contacts/",
        username: "psvobodova",
        preset: "easyproject",
        useMailAccountLogin: true, // UseAccountPassword
      },
      sync: { mode: "remote-to-local-replicate", conflict: "automatic", timeRange: { kind: "off" } },
      schedule: { interval: { kind: "minutes", minutes: 60 }, onChange: { enabled: true } },
      categoryFilter: { kind: "off" },
      color: "off",
      network: { chunking: { kind: "chunks", size: 100 } },
    });
    expect(changes).toEqual([]);
    expect(contacts?.unmapped).toEqual([
      "OutlookFolderAccountName",
      "PreemptiveAuthentication",
      "ForceBasicAuthentication",
      "MapAnniversary",
      "MapBirthday",
      "MapContactPhoto",
      "KeepOutlookFileAs",
    ]);
    // UseAccountPassword maps to "use the mail account's password": nothing to type again.
    expect(contacts?.passwordNotImported).toBe(false);
  });

  test("binds to an existing Thunderbird folder of the right type by name (case-insensitive)", () => {
    const folders = [
      { id: "book-1", name: "Schůzky (Easy Project)", type: "addressbook" as const },
      { id: "cal-1", name: "schůzky (easy project)", type: "calendar" as const },
      { id: "book-2", name: "Kontakty firmy", type: "addressbook" as const },
    ];
    const [m, c] = entries(fixture("easy-project-two-profiles.cdsp"), folders);
    expect(mapped(m).profile.local).toEqual({ kind: "existing", id: "cal-1" });
    expect(mapped(c).profile.local).toEqual({ kind: "existing", id: "book-2" });
  });

  test("a byte-order mark and LF line endings read the same", () => {
    const crlf = entries(fixture("easy-project-two-profiles.cdsp"));
    expect(entries(`\uFEFF${fixture("easy-project-two-profiles.cdsp").replace(/\r\n/g, "\n")}`)).toEqual(crlf);
  });

  test("merged like the plug-in: same Id replaced, new Id appended", () => {
    const profiles = [mapped(meetings).profile, mapped(contacts).profile];
    const old = { ...profiles[0], name: "old name" } as Profile;
    const merged = mergeProfiles({ existing: [old], incoming: profiles });
    expect(merged.profiles.map((p) => p.name)).toEqual(["Easy Project – Schůzky", "Easy Project – Kontakty"]);
    expect(merged.report).toMatchObject({ updated: [profiles[0]?.id], added: [profiles[1]?.id], rejected: [] });
  });
});

describe("hand-made files", () => {
  test("contacts with manual interval, <ERROR> folder, manual proxy and IM/list options", () => {
    const [entry] = entries(fixture("contacts-manual-interval.cdsp"));
    const { profile } = mapped(entry);
    expect(profile).toMatchObject({
      enabled: false, // Inactive
      kind: "contacts",
      local: { kind: "create", name: "Nextcloud – Kontakty" }, // <ERROR>: the profile's name instead
      server: { preset: "nextcloud", username: "jana" },
      sync: { mode: "two-way", conflict: "remote-wins", timeRange: { kind: "off" } },
      schedule: { interval: { kind: "manual" } }, // 0 = manual only
      network: { chunking: { kind: "chunks", size: 250 }, closeConnectionAfterEachRequest: false },
    });
    expect(entry?.unmapped).toEqual(["ProxyOptions", "CloseAfterEachRequest", "WriteImAsImpp", "DefaultImServicType", "MapDistributionLists", "DistributionListType"]);
    expect(entry?.passwordNotImported).toBe(false);
  });

  test("tasks: one-way mode ignores the conflict rule; out-of-range values are fixed and listed", () => {
    const [tasks] = entries(fixture("tasks-and-legacy-events.cdsp"));
    const { profile, changes } = mapped(tasks);
    expect(profile).toMatchObject({
      name: "R&D úkoly",
      enabled: true, // Inactive absent → default false
      kind: "tasks",
      local: { kind: "create", name: "Úkoly" },
      server: { preset: "generic" },
      sync: { mode: "local-to-remote-merge", conflict: "automatic", timeRange: { kind: "off" } }, // IgnoreSynchronizationTimeRange
      schedule: { interval: { kind: "minutes", minutes: 10_080 } }, // 50000 clamped
      categoryFilter: { kind: "category", name: "Work Home", includeUncategorized: true, invert: true, sticky: true },
      mapping: {
        reminders: "all",
        customProperties: [
          { local: "ProjectCode", server: "X-PROJECT-CODE" },
          { local: "Cost-Centre", server: "X-COST" },
        ],
      },
      network: { chunking: { kind: "off" } }, // IsChunkedSynchronizationEnabled false
    });
    expect(changes.sort()).toEqual(
      ["categoryFilter.name", "mapping.customProperties.1.local", "mapping.customProperties.1.server", "schedule.interval.minutes"].sort(),
    );
    expect(tasks?.unmapped).toEqual(["MapReminderAsDateTime", "MapPriority", "MapBody"]);
  });

  test("legacy events: Manual conflicts act as automatic, the legacy color flag means fetch", () => {
    const [, events] = entries(fixture("tasks-and-legacy-events.cdsp"));
    const { profile } = mapped(events);
    expect(profile).toMatchObject({
      kind: "events",
      sync: { mode: "two-way", conflict: "automatic", timeRange: { kind: "window", daysPast: 30, daysFuture: 90 } },
      schedule: { interval: { kind: "minutes", minutes: 5 }, onChange: { enabled: false } },
      color: "fetch",
      categoryFilter: { kind: "category", name: "Team", includeUncategorized: false, invert: false, sticky: false },
      mapping: { reminders: "none", privacy: { privateToConfidential: false, confidentialToPrivate: false, publicToPrivate: true, publicToNoClass: true } },
    });
    expect(events?.unmapped).toEqual(["MapBody", "EventColorToCategoryMappings", "EventCategoryColor"]);
  });

  test("no MappingConfiguration: ask the user, unless a Google adapter tells the kind", () => {
    const [unknown, google] = entries(fixture("no-mapping-configuration.cdsp"));
    expect(unknown?.outcome).toBe("ask-kind");
    if (unknown?.outcome !== "ask-kind") return;
    for (const kind of ["events", "tasks", "contacts"] as const) {
      const choice = unknown.choices[kind];
      expect(choice.ok && validateProfile({ input: choice.profile }).ok).toBe(true);
      expect(choice.ok && choice.profile).toMatchObject({ kind, name: "Swisscom", sync: { mode: "remote-to-local-replicate" }, local: { name: "Kalender" } });
    }
    const events = unknown.choices.events;
    expect(events.ok && events.profile.sync.timeRange).toEqual({ kind: "window", daysPast: 60, daysFuture: 365 }); // plug-in defaults
    expect(unknown.unmapped).toEqual([]);

    const { profile } = mapped(google);
    expect(profile).toMatchObject({ kind: "contacts", server: { preset: "google" }, schedule: { interval: { kind: "minutes", minutes: 30 } } });
    expect(google?.unmapped).toEqual(["ServerAdapterType"]);
  });

  test("an unknown enum value falls back to the default and is listed", () => {
    const text = fixture("no-mapping-configuration.cdsp").replace("ReplicateServerIntoOutlook", "SomethingNew");
    const [entry] = entries(text);
    expect(entry?.unmapped).toEqual(["SynchronizationMode"]);
    expect(entry?.outcome === "ask-kind" && entry.choices.events.ok && entry.choices.events.profile.sync.mode).toBe("two-way");
  });

  test("a profile with no URL comes back as a draft that needs the address", () => {
    const text = fixture("no-mapping-configuration.cdsp").replace(/<CalenderUrl>[^<]*<\/CalenderUrl>/, "<CalenderUrl />");
    const [entry] = entries(text);
    expect(entry?.outcome === "ask-kind" && entry.choices.events.ok).toBe(false);
    if (entry?.outcome !== "ask-kind" || entry.choices.events.ok) return;
    expect(entry.choices.events.remaining.map((i) => i.messageKey)).toEqual(["profileErrorUrl"]);
  });
});

describe("broken files", () => {
  test("a truncated file names the line and the element left open", () => {
    const text = fixture("malformed-truncated.cdsp");
    const result = importCdsp({ text });
    expect(result).toEqual({ ok: false, error: { messageKey: "cdspErrorMalformed", substitutions: [String(text.split("\n").length), "<MapBody> is not closed (file cut short?)"] } });
  });

  test.each([
    ["empty", "", "cdspErrorEmpty"],
    ["only a BOM and spaces", "\uFEFF  \r\n", "cdspErrorEmpty"],
    ["plain text", "hello", "cdspErrorMalformed"],
    ["our own JSON export", '{"format": "caldav-synchronizer-thunderbird/profiles"}', "cdspErrorNotProfiles"],
    ["another XML document", "<html><body /></html>", "cdspErrorNotProfiles"],
    ["crossed tags", "<ArrayOfOptions><Options><Name>x</Options></Name></ArrayOfOptions>", "cdspErrorMalformed"],
  ])("%s → %s", (_name, text, key) => {
    expect(importCdsp({ text })).toMatchObject({ ok: false, error: { messageKey: key } });
  });

  test("UTF-16 bytes decoded as UTF-8 are recognized, not parsed into garbage", () => {
    const utf16 = new Uint8Array(Buffer.from(fixture("easy-project-two-profiles.cdsp"), "utf16le"));
    const text = new TextDecoder("utf-8").decode(utf16);
    expect(importCdsp({ text })).toMatchObject({ ok: false, error: { messageKey: "cdspErrorEncoding" } });
  });

  test("an empty list imports as no profiles", () => {
    expect(importCdsp({ text: '<?xml version="1.0"?><ArrayOfOptions />' })).toEqual({ ok: true, entries: [] });
  });

  test("fixture bytes are UTF-8 without BOM, CRLF, as the plug-in writes them", () => {
    const bytes = fixtureBytes("easy-project-two-profiles.cdsp");
    expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(fixture("easy-project-two-profiles.cdsp")).toContain('encoding="utf-16"?>\r\n');
  });
});
