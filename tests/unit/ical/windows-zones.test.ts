// Windows / non-IANA TZIDs: the mapping itself, the host-zone fallback for a TZID without its
// VTIMEZONE, and what they mean for the hash and the identity of items (Outlook's spelling and
// Thunderbird's spelling of the same meeting are one item, at one instant).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { canonicalTzid, contentHash, ianaTzid, itemIdentity, utcOfWallTime, windowsZoneId, windowsZoneTable } from "../../../src/ical";

const corpus = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/corpus/ics/${name}`, import.meta.url)), "utf8");

describe("ianaTzid", () => {
  it.each([
    ["W. Europe Standard Time", "Europe/Berlin"],
    ['"W. Europe Standard Time"', "Europe/Berlin"],
    ["w. europe standard time", "Europe/Berlin"],
    ["Central Europe Standard Time", "Europe/Budapest"],
    ["Central European Standard Time", "Europe/Warsaw"],
    ["Romance Standard Time", "Europe/Paris"],
    ["GMT Standard Time", "Europe/London"],
    ["E. Europe Standard Time", "Europe/Chisinau"],
    ["FLE Standard Time", "Europe/Kiev"],
    ["Russian Standard Time", "Europe/Moscow"],
    ["Eastern Standard Time", "America/New_York"],
    ["Central Standard Time", "America/Chicago"],
    ["Mountain Standard Time", "America/Denver"],
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["Tokyo Standard Time", "Asia/Tokyo"],
    ["China Standard Time", "Asia/Shanghai"],
    ["India Standard Time", "Asia/Calcutta"],
    ["AUS Eastern Standard Time", "Australia/Sydney"],
    ["UTC", "Etc/UTC"],
    ["(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"],
    ["(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague", "Europe/Budapest"],
  ])("maps %s to %s", (tzid, iana) => {
    expect(ianaTzid({ tzid })).toBe(iana);
    expect(windowsZoneId({ tzid })).toBeDefined();
  });

  it("leaves IANA names and unknown names alone, and strips old Thunderbird's prefix", () => {
    expect(ianaTzid({ tzid: "Europe/Prague" })).toBe("Europe/Prague");
    expect(ianaTzid({ tzid: "/mozilla.org/20050126_1/Europe/Prague" })).toBe("Europe/Prague");
    expect(ianaTzid({ tzid: "Customized Time Zone" })).toBe("Customized Time Zone");
    expect(windowsZoneId({ tzid: "Europe/Berlin" })).toBeUndefined();
  });

  it("maps only to zones the host's time-zone data knows", () => {
    for (const [windows, iana] of windowsZoneTable()) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: iana }), `${windows} → ${iana}`).not.toThrow();
    }
  });

  it("canonicalTzid is the IANA name", () => {
    expect(canonicalTzid("Tokyo Standard Time")).toBe("Asia/Tokyo");
  });
});

describe("utcOfWallTime", () => {
  const wall = (y: number, mo: number, d: number, h: number, mi = 0) => ({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 });

  it("applies standard and daylight offsets", () => {
    expect(utcOfWallTime({ zone: "Europe/Berlin", wall: wall(2027, 2, 9, 10) })).toBe(Date.UTC(2027, 1, 9, 9));
    expect(utcOfWallTime({ zone: "Europe/Berlin", wall: wall(2027, 7, 9, 10) })).toBe(Date.UTC(2027, 6, 9, 8));
    expect(utcOfWallTime({ zone: "America/Los_Angeles", wall: wall(2027, 2, 11, 9) })).toBe(Date.UTC(2027, 1, 11, 17));
    expect(utcOfWallTime({ zone: "Asia/Tokyo", wall: wall(2027, 4, 5, 16) })).toBe(Date.UTC(2027, 3, 5, 7));
  });

  it("moves a time in the spring gap forward and takes the first of an autumn repeat (RFC 5545 §3.3.5)", () => {
    // 2027-03-28 02:30 does not exist in Berlin: 01:30Z (= 03:30 CEST).
    expect(utcOfWallTime({ zone: "Europe/Berlin", wall: wall(2027, 3, 28, 2, 30) })).toBe(Date.UTC(2027, 2, 28, 1, 30));
    // 2027-10-31 02:30 happens twice in Berlin: the first one, 00:30Z (CEST).
    expect(utcOfWallTime({ zone: "Europe/Berlin", wall: wall(2027, 10, 31, 2, 30) })).toBe(Date.UTC(2027, 9, 31, 0, 30));
  });

  it("returns undefined for a zone the host does not know", () => {
    expect(utcOfWallTime({ zone: "Mars/Olympus_Mons", wall: wall(2027, 1, 1, 0) })).toBeUndefined();
  });
});

describe("Windows TZIDs in hash and identity", () => {
  const outlook = corpus("outlook-weurope-alt-desc.ics");
  /** The same meeting as Thunderbird writes it after toThunderbird: IANA name, its own VTIMEZONE. */
  const berlin = outlook
    .replace(/TZID:W\. Europe Standard Time/, "TZID:Europe/Berlin")
    .replaceAll('TZID="W. Europe Standard Time"', "TZID=Europe/Berlin");

  it("the Outlook spelling and the IANA spelling hash equal", () => {
    expect(berlin).not.toBe(outlook);
    expect(contentHash({ text: berlin })).toBe(contentHash({ text: outlook }));
  });

  it("a different IANA zone is a different item content", () => {
    expect(contentHash({ text: berlin.replaceAll("TZID=Europe/Berlin", "TZID=Europe/London") })).not.toBe(contentHash({ text: outlook }));
  });

  it("identity: the Windows zone with its VTIMEZONE, without it and the IANA spelling give one instant", () => {
    const withoutVtimezone = outlook.replace(/BEGIN:VTIMEZONE[^]*END:VTIMEZONE\r\n/, "");
    const keys = [outlook, withoutVtimezone, berlin].map((text) => itemIdentity({ text }).matchKey);
    expect(keys[0]).toContain("20270209T090000Z");
    expect(new Set(keys).size).toBe(1);
  });

  it("a Windows TZID without any VTIMEZONE still resolves to UTC (Pacific Standard Time)", () => {
    expect(itemIdentity({ text: corpus("outlook-pacific-no-vtimezone.ics") }).matchKey).toContain("|20270211T170000Z|20270211T180000Z");
  });

  it("floating times stay floating", () => {
    expect(itemIdentity({ text: corpus("radicale-floating-event.ics") }).matchKey).toMatch(/\|20270214T123000\|20270214T133000$/);
  });
});
