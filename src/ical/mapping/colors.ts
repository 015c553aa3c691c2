// Colors for the profile's color option: "fetch" maps the server's calendar-color onto a local
// color — exactly when Thunderbird takes any color, else the perceptually nearest palette entry
// (CIEDE2000); "set on server" writes the local color back (src/dav formats it). Every accepted
// spelling — #RGB, #RGBA, #RRGGBB, #RRGGBBAA (Apple), with or without "#", CSS names (RFC 7986
// COLOR) — reads as "#rrggbb": alpha is dropped, since neither Thunderbird nor a category has any.
import { deltaE2000, srgbToLab } from "./color-space";
import { cssColorHex } from "./css-colors";

/** A palette entry; `id` is whatever the caller keys colors by (an Outlook enum, a name). */
export interface PaletteColor {
  id: string;
  hex: string;
}

/** Any accepted color spelling → "#rrggbb"; undefined for anything else (never throws). */
export function parseColor(params: { value: string | null | undefined }): string | undefined {
  const v = (params.value ?? "").trim();
  if (v === "") return undefined;
  const long = /^#?([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(v);
  if (long) return `#${long[1]!.toLowerCase()}`;
  const short = /^#?([0-9a-f])([0-9a-f])([0-9a-f])[0-9a-f]?$/i.exec(v);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  return cssColorHex({ name: v });
}

/**
 * The palette entry nearest to `color`, with its CIEDE2000 distance (0 for a palette color
 * itself; the first of equally near entries). Undefined for an empty palette or an unreadable color.
 */
export function nearestColor<T extends PaletteColor>(params: { color: string; palette: readonly T[] }): { entry: T; deltaE: number } | undefined {
  const hex = parseColor({ value: params.color });
  if (hex === undefined) return undefined;
  const lab = srgbToLab({ hex });
  let best: { entry: T; deltaE: number } | undefined;
  for (const entry of params.palette) {
    const entryHex = parseColor({ value: entry.hex });
    if (entryHex === undefined) continue;
    const deltaE = entryHex === hex ? 0 : deltaE2000({ a: lab, b: srgbToLab({ hex: entryHex }) });
    if (!best || deltaE < best.deltaE) best = { entry, deltaE };
  }
  return best;
}

/**
 * "fetch": the server's calendar-color as the local color. Without a palette the color itself
 * (Thunderbird calendars and categories take any color); with one, the nearest entry's color.
 */
export function fetchedColor(params: { serverColor: string | null | undefined; palette?: readonly PaletteColor[] }): string | undefined {
  const hex = parseColor({ value: params.serverColor });
  if (hex === undefined || !params.palette) return hex;
  const near = nearestColor({ color: hex, palette: params.palette });
  return near ? parseColor({ value: near.entry.hex }) : hex;
}

/**
 * Outlook's 25 category colors (OlCategoryColor 1–25, in enum order; the RGB values Microsoft
 * documents for them): the palette an exported .cdsp profile and an Outlook user share.
 * Thunderbird itself needs none.
 */
export const OUTLOOK_CATEGORY_COLORS: readonly PaletteColor[] = [
  ["Red", "#d6252e"], ["Orange", "#f06c15"], ["Peach", "#ffca4c"], ["Yellow", "#fffe3d"], ["Green", "#4ab63f"],
  ["Teal", "#40bd95"], ["Olive", "#859a52"], ["Blue", "#3267b8"], ["Purple", "#613db4"], ["Maroon", "#a34e78"],
  ["Steel", "#c4ccdd"], ["DarkSteel", "#8c9cbd"], ["Gray", "#c4c4c4"], ["DarkGray", "#a5a5a5"], ["Black", "#1c1c1c"],
  ["DarkRed", "#af1e25"], ["DarkOrange", "#b14f0d"], ["DarkPeach", "#ab7b05"], ["DarkYellow", "#999400"], ["DarkGreen", "#35792b"],
  ["DarkTeal", "#2e7d64"], ["DarkOlive", "#5f6c3a"], ["DarkBlue", "#2a5191"], ["DarkPurple", "#50328f"], ["DarkMaroon", "#82375f"],
].map(([id, hex]) => ({ id: id!, hex: hex! }));
