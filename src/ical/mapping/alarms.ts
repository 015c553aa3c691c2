// The profile's reminder option on the way into Thunderbird: "all" keeps every VALARM, "none"
// drops them all, "upcoming" drops the alarms that can no longer fire — their item's last
// occurrence (and any REPEAT) lies before `now`, which the caller passes (no clock in here). Only
// Thunderbird's copy loses them; the reminder state on the item (X-MOZ-LASTACK, X-MOZ-SNOOZE-TIME*)
// is kept. There is no way back: see README.md for why the server's alarms still survive.
import type { Profile } from "../../core/profile/schema";
import { firstProp, paramValue, type Comp } from "../content-line";
import { itemComponents, transformText, type TreeStep } from "./components";
import { durationMs, endOf, instantOf, seriesShift, startOf } from "./times";

export type Reminders = Profile["mapping"]["reminders"];

/** The latest instant `alarm` can fire for `comp` (an upper bound); undefined = cannot tell. */
export function lastFiring(params: { comp: Comp; alarm: Comp; shift: number }): number | undefined {
  const { comp, alarm, shift } = params;
  const trigger = firstProp({ comp: alarm, name: "TRIGGER" });
  if (!trigger) return undefined;
  let at: number;
  if (paramValue({ prop: trigger, name: "VALUE" })?.toUpperCase() === "DATE-TIME") {
    const instant = instantOf({ prop: trigger }); // absolute: fires once, whatever the series does
    if (!instant) return undefined;
    at = instant.ms + instant.slack;
  } else {
    const offset = durationMs(trigger.value);
    const related = paramValue({ prop: trigger, name: "RELATED" })?.toUpperCase() === "END" ? endOf(comp) : startOf(comp);
    if (offset === undefined || !related) return undefined;
    at = related.ms + related.slack + shift + offset;
  }
  const repeat = Number(firstProp({ comp: alarm, name: "REPEAT" })?.value.trim() ?? "0");
  const every = durationMs(firstProp({ comp: alarm, name: "DURATION" })?.value ?? "");
  if (Number.isInteger(repeat) && repeat > 0 && every !== undefined) at += repeat * Math.abs(every);
  return at;
}

/** Keeps an alarm unless it certainly fired for the last time before `now`. */
function stillAhead(params: { comp: Comp; alarm: Comp; shift: number | null | undefined; now: number }): boolean {
  const { shift } = params;
  if (shift === null || shift === undefined) return true; // endless series, or cannot tell
  const last = lastFiring({ ...params, shift });
  return last === undefined || last >= params.now;
}

export function remindersStep(params: { reminders: Reminders; now: number }): TreeStep {
  const { reminders, now } = params;
  return ({ root }) => {
    if (reminders === "all") return false;
    let changed = false;
    for (const comp of itemComponents({ root })) {
      if (!comp.comps.some((c) => c.name === "VALARM")) continue; // nothing to judge: skip the series walk
      const shift = reminders === "upcoming" ? seriesShift(comp) : 0;
      const kept = comp.comps.filter((c) => c.name !== "VALARM" || (reminders === "upcoming" && stillAhead({ comp, alarm: c, shift, now })));
      if (kept.length === comp.comps.length) continue;
      comp.comps = kept;
      changed = true;
    }
    return changed;
  };
}

/** Text-level twin of remindersStep (server text → Thunderbird's copy). */
export function filterAlarms(params: { text: string; reminders: Reminders; now: number }): string {
  return transformText({ text: params.text, steps: [remindersStep(params)] });
}
