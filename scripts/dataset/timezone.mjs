// @ts-check
// The Europe/Prague VTIMEZONE that Easy Project's events carry (CET/CEST with the EU rules), as
// logical lines to splice into a VCALENDAR that uses TZID=Europe/Prague.

export const PRAGUE_TZID = "Europe/Prague";

export const PRAGUE_VTIMEZONE = Object.freeze([
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Prague",
  "X-LIC-LOCATION:Europe/Prague",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
]);
