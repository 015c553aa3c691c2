// calendar-color in and out. Servers store "#RRGGBBAA" (Apple), "#RRGGBB" or "#RGB"; we hand the
// rest of the add-on "#rrggbb" (alpha stripped, lower case) and write "#RRGGBBFF", the form Apple,
// Nextcloud and DAVx5 use. Anything unparsable reads as undefined, never an error.

export function parseCalendarColor(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let m = /^#?([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(v);
  if (m) return `#${m[1]!.toLowerCase()}`;
  m = /^#?([0-9a-f])([0-9a-f])([0-9a-f])([0-9a-f])?$/i.exec(v);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`.toLowerCase();
  return undefined;
}

/** "#rrggbb" (or any form parseCalendarColor accepts) → "#RRGGBBFF"; throws on garbage (a caller bug). */
export function formatCalendarColor(color: string): string {
  const parsed = parseCalendarColor(color);
  if (!parsed) throw new RangeError(`not a color: ${color}`);
  return `${parsed.toUpperCase()}FF`;
}
