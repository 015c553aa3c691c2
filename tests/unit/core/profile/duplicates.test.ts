// Two profiles on the same server collection and the same local folder multiply items (the
// Outlook plug-in's documented trap): findDuplicateProfiles refuses them, and only them.
import { describe, expect, test } from "vitest";
import { collectionKey, findDuplicateProfiles, type Profile } from "../../../../src/core/profile/index";
import { sample } from "./helpers";

const url = "https://acme.easyproject.cz/caldav/calendars/jana/meetings/";
const onCalendar = (id: string, name: string, overrides: Partial<Profile> = {}): Profile =>
  sample({ id, name, local: { kind: "existing", id: "cal-1" }, server: { ...sample().server, url }, ...overrides });

describe("findDuplicateProfiles", () => {
  test("same collection and same calendar: refused with both names", () => {
    const groups = findDuplicateProfiles({ profiles: [onCalendar("a", "Meetings"), onCalendar("b", "Meetings copy")] });
    expect(groups).toEqual([{ profileIds: ["a", "b"], messageKey: "profileDuplicate", substitutions: ["Meetings", "Meetings copy"] }]);
  });

  test("a disabled copy is refused too: enabling it is one click away", () => {
    expect(findDuplicateProfiles({ profiles: [onCalendar("a", "A"), onCalendar("b", "B", { enabled: false })] })).toHaveLength(1);
  });

  test("three of them are one group naming all", () => {
    const groups = findDuplicateProfiles({ profiles: [onCalendar("a", "A"), onCalendar("b", "B"), onCalendar("c", "C")] });
    expect(groups).toEqual([{ profileIds: ["a", "b", "c"], messageKey: "profileDuplicate", substitutions: ["A", "B”, “C"] }]);
  });

  test("URL spelling differences do not hide a duplicate", () => {
    const variants = [
      "https://acme.easyproject.cz/caldav/calendars/jana/meetings",
      "https://ACME.easyproject.cz:443/caldav/calendars/jana/meetings/",
      "http://acme.easyproject.cz/caldav/calendars/jana/meetings/",
      "https://jana@acme.easyproject.cz/caldav/calendars/%6Aana/meetings/",
    ];
    for (const other of variants) {
      const b = onCalendar("b", "B", { server: { ...sample().server, url: other } });
      expect(findDuplicateProfiles({ profiles: [onCalendar("a", "A"), b] }), other).toHaveLength(1);
    }
  });

  test("a different collection, a different calendar or a new folder is fine", () => {
    const otherUrl = onCalendar("b", "B", { server: { ...sample().server, url: `${url}x/` } });
    const otherCalendar = onCalendar("c", "C", { local: { kind: "existing", id: "cal-2" } });
    const created = onCalendar("d", "D", { local: { kind: "create", name: "D", color: "#112233" } });
    const created2 = onCalendar("e", "E", { local: { kind: "create", name: "D", color: "#112233" } });
    expect(findDuplicateProfiles({ profiles: [onCalendar("a", "A"), otherUrl, otherCalendar, created, created2] })).toEqual([]);
  });

  test("events and tasks of one collection in one calendar are fine: each syncs its own component", () => {
    expect(findDuplicateProfiles({ profiles: [onCalendar("a", "Events"), onCalendar("b", "Tasks", { kind: "tasks" })] })).toEqual([]);
  });

  test("collectionKey ignores scheme, user, default port and trailing slash but not the path's case", () => {
    expect(collectionKey({ url: "https://u@Host.example:443/a/B" })).toBe(collectionKey({ url: "http://host.example/a/B/" }));
    expect(collectionKey({ url: "https://host.example/a/b/" })).not.toBe(collectionKey({ url: "https://host.example/a/B/" }));
  });
});
