// The reminder option on the way into Thunderbird: "upcoming" drops exactly the alarms that can no
// longer fire (series walked to their last occurrence, RELATED=END, absolute triggers, REPEAT,
// floating times judged generously), "none" drops all, "all" none; reminder state always stays.
import { describe, expect, it } from "vitest";
import { filterAlarms, ItemParseError } from "../../../../src/ical";
import { fixture, replaceLine, unfoldLines } from "../helpers";

const at = (iso: string): number => Date.parse(iso);
const alarmCount = (text: string): number => unfoldLines(text).filter((l) => l === "BEGIN:VALARM").length;
const triggers = (text: string): string[] => unfoldLines(text).filter((l) => l.startsWith("TRIGGER"));

const series = fixture("mapping/series-count-alarm.ics");
const todo = fixture("mapping/todo-due-alarm.ics");

describe("filterAlarms, upcoming", () => {
  it.each([
    // COUNT=3 weekly from Mon 2 March 09:00 Prague (08:00Z): the last alarm fires 16 March 07:45Z.
    ["before the series' last alarm: all kept", series, "2026-03-16T07:44:00Z", ["TRIGGER;VALUE=DURATION:-PT15M", "TRIGGER:-PT10M"]],
    ["after it: the series' alarm goes, the override moved to 20 March keeps its own", series, "2026-03-16T07:46:00Z", ["TRIGGER:-PT10M"]],
    ["after the override too: none left", series, "2026-03-21T00:00:00Z", []],
    // DUE 1 April 15:00Z with RELATED=END −1 h; absolute 5 April 08:00Z repeated twice hourly.
    ["a task before its due alarm", todo, "2026-04-01T13:59:00Z", ["TRIGGER;RELATED=END:-PT1H", "TRIGGER;VALUE=DATE-TIME:20260405T080000Z"]],
    ["a task after its due alarm keeps the later absolute one", todo, "2026-04-02T00:00:00Z", ["TRIGGER;VALUE=DATE-TIME:20260405T080000Z"]],
    ["an absolute alarm still repeating is kept", todo, "2026-04-05T09:30:00Z", ["TRIGGER;VALUE=DATE-TIME:20260405T080000Z"]],
    ["after the last repeat nothing is left", todo, "2026-04-05T10:01:00Z", []],
  ] as const)("%s", (_name, text, now, expected) => {
    expect(triggers(filterAlarms({ text, reminders: "upcoming", now: at(now) }))).toEqual(expected);
  });

  it("never drops the alarm of an endless series", () => {
    const text = fixture("mapping/endless-series-alarm.ics");
    expect(filterAlarms({ text, reminders: "upcoming", now: at("2100-01-01T00:00:00Z") })).toBe(text);
  });

  it("keeps a floating time's alarm until it has passed in every time zone (UTC−12)", () => {
    const text = fixture("mapping/floating-alarm.ics"); // 10 April 09:00 floating, −30 min
    expect(alarmCount(filterAlarms({ text, reminders: "upcoming", now: at("2026-04-10T20:29:00Z") }))).toBe(1);
    expect(alarmCount(filterAlarms({ text, reminders: "upcoming", now: at("2026-04-10T20:31:00Z") }))).toBe(0);
  });

  it("keeps an alarm it cannot judge (unreadable trigger, task without dates)", () => {
    const garbled = replaceLine({ text: series, prefix: "TRIGGER;VALUE=DURATION", line: "TRIGGER:soon" });
    expect(triggers(filterAlarms({ text: garbled, reminders: "upcoming", now: at("2030-01-01T00:00:00Z") }))).toEqual(["TRIGGER:soon"]);
    const undated = replaceLine({ text: todo, prefix: "DUE:", line: null });
    expect(triggers(filterAlarms({ text: undated, reminders: "upcoming", now: at("2030-01-01T00:00:00Z") }))).toEqual(["TRIGGER;RELATED=END:-PT1H"]);
  });

  it("keeps the reminder state on the item when its alarms go", () => {
    const out = filterAlarms({ text: series, reminders: "upcoming", now: at("2026-03-21T00:00:00Z") });
    expect(unfoldLines(out)).toContain("X-MOZ-LASTACK:20260309T075000Z");
    expect(unfoldLines(out)).toContain("X-MOZ-SNOOZE-TIME-1773043200000000:20260309T080500Z");
  });

  it("returns the text byte for byte when every alarm is still ahead", () => {
    expect(filterAlarms({ text: series, reminders: "upcoming", now: at("2026-01-01T00:00:00Z") })).toBe(series);
  });
});

describe("filterAlarms, all and none", () => {
  it("all: the text unchanged, byte for byte", () => {
    expect(filterAlarms({ text: series, reminders: "all", now: at("2030-01-01T00:00:00Z") })).toBe(series);
  });

  it("none: every alarm dropped, the reminder state kept", () => {
    const out = filterAlarms({ text: series, reminders: "none", now: at("2000-01-01T00:00:00Z") });
    expect(alarmCount(out)).toBe(0);
    expect(unfoldLines(out)).toContain("X-MOZ-LASTACK:20260309T075000Z");
  });

  it("reports broken text as ItemParseError", () => {
    expect(() => filterAlarms({ text: fixture("broken-bad-date.ics"), reminders: "none", now: 0 })).toThrow(ItemParseError);
  });
});
