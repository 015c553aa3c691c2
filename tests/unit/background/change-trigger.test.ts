// The change trigger: a user edit in a synced folder starts that profile's debounce; our own
// writes (EchoFilter) and edits elsewhere start nothing.
import { describe, expect, it } from "vitest";
import { EchoFilter } from "../../../src/thunderbird/echo-filter";
import { ChangeRouter } from "../../../src/background/change-trigger";
import { KeyedDebouncer } from "../../../src/background/debounce";
import { newProfile } from "../../../src/core/profile/defaults";

describe("ChangeRouter", () => {
  const profile = {
    ...newProfile({ id: "meetings", kind: "events", name: "Meetings", url: "https://acme.cz/caldav/alice/meetings/", username: "alice" }),
  };
  const withTrigger = { ...profile, schedule: { ...profile.schedule, onChange: { enabled: true, debounceSeconds: 10 } } };

  function setup(profiles = [withTrigger]) {
    const echo = new EchoFilter();
    const touched: { key: string; delayMs: number }[] = [];
    const debouncer = new KeyedDebouncer({ timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const spy = Object.assign(debouncer, {
      touch: (p: { key: string; delayMs: number }) => void touched.push({ key: p.key, delayMs: p.delayMs }),
    });
    const router = new ChangeRouter({
      echo,
      debouncer: spy,
      profilesOfFolder: (folderId) => (folderId === "cal-1" ? profiles : []),
      onQuiet: () => undefined,
    });
    return { echo, touched, router };
  }

  it("a user edit in a synced calendar starts that profile's countdown", () => {
    const { router, touched } = setup();
    expect(router.onLocalChange({ folderId: "cal-1", itemId: "u", version: "v1" })).toEqual(["meetings"]);
    expect(touched).toEqual([{ key: "meetings", delayMs: 10_000 }]);
  });

  it("our own write, and edits in folders no profile syncs, start nothing", () => {
    const { router, touched, echo } = setup();
    echo.begin({ folderId: "cal-1", itemId: "u" });
    echo.end({ key: { folderId: "cal-1", itemId: "u" }, version: "v1" });
    expect(router.onLocalChange({ folderId: "cal-1", itemId: "u", version: "v1" })).toEqual([]);
    expect(router.onLocalChange({ folderId: "other", itemId: "u", version: "v1" })).toEqual([]);
    expect(touched).toEqual([]);
  });

  it("profiles with the change trigger off are left alone", () => {
    const { router } = setup([profile]);
    expect(router.onLocalChange({ folderId: "cal-1", itemId: "u", version: "v1" })).toEqual([]);
  });
});
