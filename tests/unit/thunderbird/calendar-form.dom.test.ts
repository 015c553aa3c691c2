// CalendarStore speaks the server's spelling to core and Thunderbird's to Thunderbird: writes go
// through toThunderbird (Windows TZIDs → IANA, X-ALT-DESC → sanitized DESCRIPTION;ALTREP), reads
// through fromThunderbird (ALTREP → X-ALT-DESC), so patches and hashes compare like with like.
import { describe, expect, it } from "vitest";
import { createHtmlSanitizer, htmlToText } from "../../../src/ical";
import { eventStore, FakeCalendar } from "./fake-thunderbird";

const OUTLOOK = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "BEGIN:VEVENT",
  "UID:outlook-1",
  "DTSTAMP:20260101T000000Z",
  "DTSTART;TZID=W. Europe Standard Time:20260301T090000",
  "SUMMARY:Review",
  "DESCRIPTION:Agenda",
  'X-ALT-DESC;FMTTYPE=text/html:<p onclick="x()">Agenda <b>bold</b></p><script>alert(1)</script>',
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

function setup() {
  const fake = new FakeCalendar("cal-1");
  const store = eventStore({
    api: fake,
    sanitize: createHtmlSanitizer({ window }),
    htmlToText: (html) => htmlToText({ html, window }),
  });
  return { fake, store };
}

describe("CalendarStore in Thunderbird's form", () => {
  it("hands Thunderbird IANA zones and sanitized ALTREP HTML, and gives core X-ALT-DESC back", async () => {
    const { fake, store } = setup();
    await store.create({ uid: "outlook-1", content: OUTLOOK });
    const [stored] = await fake.getItems("cal-1", ["outlook-1"]);
    const tb = stored!.ics!.replace(/\r\n[ \t]/g, "");
    expect(tb).toContain("DTSTART;TZID=Europe/Berlin:20260301T090000");
    expect(tb).toContain("ALTREP=");
    expect(tb).not.toContain("X-ALT-DESC");
    expect(decodeURIComponent(tb)).not.toMatch(/onclick|<script/);

    const got = await store.get({ id: "outlook-1" });
    const text = got!.content.replace(/\r\n[ \t]/g, "");
    expect(text).toContain("X-ALT-DESC;FMTTYPE=text/html:");
    expect(text).not.toContain("ALTREP=");
    expect(text).toContain("<b>bold</b>");
  });
});
