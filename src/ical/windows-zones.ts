// ianaTzid: the IANA name of a TZID as producers write it. Outlook and Exchange name zones by
// Windows id ("W. Europe Standard Time", sometimes quoted, sometimes as the display name
// "(UTC+01:00) Amsterdam, Berlin, …"), old Thunderbird by "/mozilla.org/<date>/Europe/Prague".
// Unknown names come back trimmed and unchanged. The table is CLDR's windowsZones.xml, territory
// "001" (the zone Windows means when no country is known), for the zones our users meet.

/** Windows zone id (lower-cased) → IANA zone, CLDR windowsZones.xml territory 001. */
const WINDOWS_TO_IANA: Readonly<Record<string, string>> = {
  "utc": "Etc/UTC",
  "utc-11": "Etc/GMT+11",
  "utc-02": "Etc/GMT+2",
  "utc+12": "Etc/GMT-12",
  "gmt standard time": "Europe/London",
  "greenwich standard time": "Atlantic/Reykjavik",
  "w. europe standard time": "Europe/Berlin",
  "central europe standard time": "Europe/Budapest",
  "central european standard time": "Europe/Warsaw",
  "romance standard time": "Europe/Paris",
  "w. central africa standard time": "Africa/Lagos",
  "e. europe standard time": "Europe/Chisinau",
  "fle standard time": "Europe/Kiev",
  "gtb standard time": "Europe/Bucharest",
  "kaliningrad standard time": "Europe/Kaliningrad",
  "russian standard time": "Europe/Moscow",
  "turkey standard time": "Europe/Istanbul",
  "israel standard time": "Asia/Jerusalem",
  "south africa standard time": "Africa/Johannesburg",
  "egypt standard time": "Africa/Cairo",
  "arabian standard time": "Asia/Dubai",
  "arab standard time": "Asia/Riyadh",
  "iran standard time": "Asia/Tehran",
  "pakistan standard time": "Asia/Karachi",
  "india standard time": "Asia/Calcutta",
  "nepal standard time": "Asia/Katmandu",
  "bangladesh standard time": "Asia/Dhaka",
  "se asia standard time": "Asia/Bangkok",
  "singapore standard time": "Asia/Singapore",
  "china standard time": "Asia/Shanghai",
  "taipei standard time": "Asia/Taipei",
  "tokyo standard time": "Asia/Tokyo",
  "korea standard time": "Asia/Seoul",
  "aus central standard time": "Australia/Darwin",
  "cen. australia standard time": "Australia/Adelaide",
  "e. australia standard time": "Australia/Brisbane",
  "aus eastern standard time": "Australia/Sydney",
  "w. australia standard time": "Australia/Perth",
  "tasmania standard time": "Australia/Hobart",
  "new zealand standard time": "Pacific/Auckland",
  "hawaiian standard time": "Pacific/Honolulu",
  "alaskan standard time": "America/Anchorage",
  "pacific standard time": "America/Los_Angeles",
  "us mountain standard time": "America/Phoenix",
  "mountain standard time": "America/Denver",
  "central standard time": "America/Chicago",
  "canada central standard time": "America/Regina",
  "central america standard time": "America/Guatemala",
  "central standard time (mexico)": "America/Mexico_City",
  "eastern standard time": "America/New_York",
  "us eastern standard time": "America/Indianapolis",
  "atlantic standard time": "America/Halifax",
  "newfoundland standard time": "America/St_Johns",
  "sa pacific standard time": "America/Bogota",
  "venezuela standard time": "America/Caracas",
  "pacific sa standard time": "America/Santiago",
  "e. south america standard time": "America/Sao_Paulo",
  "argentina standard time": "America/Buenos_Aires",
};

/**
 * Outlook writes the display name when it has no id at hand; the offset alone is ambiguous, so
 * only the city lists of the zones in the table above are recognised (prefix match).
 */
const DISPLAY_NAME_TO_WINDOWS: readonly [prefix: string, windowsId: string][] = [
  ["(utc+01:00) amsterdam, berlin", "w. europe standard time"],
  ["(utc+01:00) belgrade, bratislava, budapest", "central europe standard time"],
  ["(utc+01:00) sarajevo, skopje, warsaw", "central european standard time"],
  ["(utc+01:00) brussels, copenhagen, madrid, paris", "romance standard time"],
  ["(utc+00:00) dublin, edinburgh, lisbon, london", "gmt standard time"],
  ["(utc+02:00) helsinki, kyiv", "fle standard time"],
  ["(utc+02:00) helsinki, kiev", "fle standard time"],
  ["(utc+03:00) moscow, st. petersburg", "russian standard time"],
  ["(utc-05:00) eastern time (us & canada)", "eastern standard time"],
  ["(utc-06:00) central time (us & canada)", "central standard time"],
  ["(utc-07:00) mountain time (us & canada)", "mountain standard time"],
  ["(utc-08:00) pacific time (us & canada)", "pacific standard time"],
  ["(utc+09:00) osaka, sapporo, tokyo", "tokyo standard time"],
  ["(utc+08:00) beijing, chongqing, hong kong, urumqi", "china standard time"],
  ["(utc+05:30) chennai, kolkata, mumbai, new delhi", "india standard time"],
  ["(utc+10:00) canberra, melbourne, sydney", "aus eastern standard time"],
  ["(utc) coordinated universal time", "utc"],
];

/** Removes quotes and old Thunderbird's "/mozilla.org/<stamp>/" prefix; otherwise as written. */
function stripDecoration(tzid: string): string {
  return tzid.trim().replace(/^"(.*)"$/, "$1").replace(/^\/mozilla\.org\/[^/]+\//, "");
}

/** The Windows id a TZID names (lower-cased), or undefined when it is not a Windows name. */
export function windowsZoneId(params: { tzid: string }): string | undefined {
  const name = stripDecoration(params.tzid).toLowerCase();
  if (name in WINDOWS_TO_IANA) return name;
  return DISPLAY_NAME_TO_WINDOWS.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/**
 * Results of ianaTzid by TZID. Hashing compares the TZID of every zoned date with the same few
 * names, and each lookup costs regexes and a scan of the display names; bounded, the map keeps
 * memory flat for whatever names a collection holds.
 */
const ianaCache = new Map<string, string>();
const IANA_CACHE_SIZE = 256;

/** IANA name for a TZID: mapped when it is a Windows name, else the TZID without decoration. */
export function ianaTzid(params: { tzid: string }): string {
  const cached = ianaCache.get(params.tzid);
  if (cached !== undefined) return cached;
  const windows = windowsZoneId(params);
  const iana = windows ? (WINDOWS_TO_IANA[windows] ?? stripDecoration(params.tzid)) : stripDecoration(params.tzid);
  if (ianaCache.size >= IANA_CACHE_SIZE) ianaCache.clear();
  ianaCache.set(params.tzid, iana);
  return iana;
}

/** Every Windows id in the table with its IANA zone (for tests and docs). */
export function windowsZoneTable(): readonly [windowsId: string, iana: string][] {
  return Object.entries(WINDOWS_TO_IANA);
}
