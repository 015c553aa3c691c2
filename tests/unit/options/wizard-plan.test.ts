// The add-account wizard's decisions without a browser: the Easy Project address from whatever the
// user types, which rows a collection yields and their defaults, and the profiles they become.
import { describe, expect, test } from "vitest";
import { validateProfile } from "../../../src/core/profile/validate";
import { defaultChoices, easyProjectUrl, kindsOf, planProfiles } from "../../../src/options/wizard-plan";
import { EASY_PROJECT_COLLECTIONS, PROFILES } from "../../fixtures/options/profiles";

describe("Easy Project address", () => {
  test.each([
    ["acme", "https://acme.easyproject.cz/caldav/"],
    [" Acme ", "https://acme.easyproject.cz/caldav/"],
    ["acme.easyproject.cz", "https://acme.easyproject.cz/caldav/"],
    ["https://acme.easyproject.cz/projects/12", "https://acme.easyproject.cz/caldav/"],
    ["acme.easyproject.com", "https://acme.easyproject.com/caldav/"],
    ["ep.acme-corp.com:8443", "https://ep.acme-corp.com:8443/caldav/"],
    ["http://ep.acme.lan:8080/caldav/", "http://ep.acme.lan:8080/caldav/"],
    ["http://acme", "https://acme.easyproject.cz/caldav/"],
  ])("%s becomes %s", (input, url) => {
    expect(easyProjectUrl(input)).toBe(url);
  });

  test.each(["", "   ", "acme corp", "https://"])("%j is not an address yet", (input) => {
    expect(easyProjectUrl(input)).toBeUndefined();
  });
});

describe("wizard rows", () => {
  test("a calendar that accepts events and tasks offers both, with only events chosen", () => {
    const both = { ...EASY_PROJECT_COLLECTIONS[0]!, url: "https://dav.example.com/cal/home/", components: ["VEVENT", "VTODO"] };
    expect(kindsOf(both)).toEqual(["events", "tasks"]);
    const rows = defaultChoices({ collections: [both], existing: [] });
    expect(rows.map((r) => [r.kind, r.target.kind])).toEqual([["events", "new"], ["tasks", "skip"]]);
  });

  test("a collection an existing profile already syncs defaults to skip and names that profile", () => {
    const rows = defaultChoices({ collections: EASY_PROJECT_COLLECTIONS, existing: PROFILES });
    const meetings = rows.find((r) => r.collection.name === "Meetings")!;
    expect(meetings).toMatchObject({ target: { kind: "skip" }, syncedBy: "Meetings" });
    expect(rows.filter((r) => r.target.kind === "new").map((r) => r.collection.name)).toEqual(["Tasks", "Milestones", "Attendance", "Users"]);
  });
});

describe("planned profiles", () => {
  const rows = defaultChoices({ collections: EASY_PROJECT_COLLECTIONS, existing: [] });
  let n = 0;
  const profiles = planProfiles({ choices: rows, preset: "easyproject", username: "jan.novak", makeId: () => `id-${++n}` });

  test("every planned profile is valid and uses the Easy Project defaults", () => {
    expect(profiles).toHaveLength(7);
    for (const profile of profiles) expect(validateProfile({ input: profile }).ok).toBe(true);
    expect(profiles[0]).toMatchObject({ server: { preset: "easyproject", username: "jan.novak", credentialRef: "https://acme.easyproject.cz" }, sync: { timeRange: { kind: "window", daysPast: 7, daysFuture: 180 } } });
  });

  test("a new folder takes the server's name and color", () => {
    expect(profiles.find((p) => p.name === "Milestones")!.local).toEqual({ kind: "create", name: "Milestones", color: "#d9534f" });
  });

  test("read-only collections only flow to Thunderbird: mirrored into a new folder, merged into an existing one", () => {
    expect(profiles.find((p) => p.name === "Milestones")!.sync.mode).toBe("remote-to-local-replicate");
    expect(profiles.find((p) => p.name === "Meetings")!.sync.mode).toBe("two-way");
    const intoExisting = planProfiles({
      choices: [{ ...rows.find((r) => r.collection.name === "Milestones")!, target: { kind: "existing", id: "c4" } }],
      preset: "easyproject",
      username: "jan",
      makeId: () => "x",
    });
    expect(intoExisting[0]).toMatchObject({ local: { kind: "existing", id: "c4" }, sync: { mode: "remote-to-local-merge" } });
  });

  test("skipped rows become nothing", () => {
    expect(planProfiles({ choices: rows.map((r) => ({ ...r, target: { kind: "skip" as const } })), preset: "generic", username: "", makeId: () => "x" })).toEqual([]);
  });
});
