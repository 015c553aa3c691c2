// Small value repairs behind fixProfile: each takes what the user (or an old file) wrote and
// returns the nearest valid value of that field, or undefined when only the user can supply one.
// Contract: a returned value always passes the field's check in schema.ts.
import { MAX_TEXT } from "./limits";
import { CATEGORY_FORBIDDEN, HEX_COLOR, hasUrlPassword, isHttpUrl, PRESET_ID, SERVER_PROPERTY } from "./schema";

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** Control characters out, outer spaces trimmed, cut to `max`. */
export function cleanText({ value, max }: { value: unknown; max: number }): string {
  return typeof value === "string" ? value.replace(CONTROL_CHARS, "").trim().slice(0, max).trim() : "";
}

/** "cloud.example.com/dav", "webcal://…" and " https://… " are common pastes. */
export function repairUrl({ value }: { value: unknown }): string | undefined {
  let url = cleanText({ value, max: MAX_TEXT.url });
  if (url === "") return undefined;
  url = url.replace(/^(webcal|webcals|caldav|carddav|dav|davs):\/\//i, "https://");
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `https://${url.replace(/^\/+/, "")}`;
  if (!isHttpUrl(url)) return undefined;
  return hasUrlPassword(url) ? withoutPassword({ url }) : url;
}

/** Keeps the user name in the URL (some servers route by it) and drops only the password. */
export function withoutPassword({ url }: { url: string }): string {
  const parsed = new URL(url);
  parsed.password = "";
  return parsed.href;
}

/** "#ABC" → "#aabbcc"; anything else unusable → undefined. */
export function repairColor({ value }: { value: unknown }): string | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim().toLowerCase();
  const short = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  const full = v.startsWith("#") ? v : `#${v}`;
  return HEX_COLOR.test(full) ? full : undefined;
}

export function repairCategory({ value }: { value: unknown }): string | undefined {
  const name = cleanText({ value: typeof value === "string" ? value.replace(CATEGORY_FORBIDDEN, " ").replace(/\s+/g, " ") : value, max: MAX_TEXT.category });
  return name === "" ? undefined : name;
}

export function repairPreset({ value }: { value: unknown }): string {
  const id = cleanText({ value, max: 40 }).toLowerCase().replace(/[^a-z0-9-]/g, "");
  return PRESET_ID.test(id) ? id : "generic";
}

export function repairId({ value }: { value: unknown }): string | undefined {
  const id = cleanText({ value, max: MAX_TEXT.id }).replace(/[^A-Za-z0-9._:@{}-]+/g, "-");
  return id === "" || id === "-" ? undefined : id;
}

/** Property names are iCalendar tokens: letters, digits and "-" only ("My Prop" → "My-Prop"). */
export function repairLocalProperty({ value }: { value: unknown }): string | undefined {
  const name = cleanText({ value, max: MAX_TEXT.propertyName }).replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  return name === "" ? undefined : name;
}

/** Custom server properties must be X- properties, or they would clash with standard ones. */
export function repairServerProperty({ value }: { value: unknown }): string | undefined {
  const token = repairLocalProperty({ value });
  if (token === undefined) return undefined;
  const name = /^x-/i.test(token) ? token : `X-${token}`;
  return SERVER_PROPERTY.test(name) && name.length <= MAX_TEXT.propertyName ? name : undefined;
}

/** A readable name when the profile has none: the collection's last path segment, else its host. */
export function nameFromUrl({ url }: { url: unknown }): string | undefined {
  if (typeof url !== "string" || !isHttpUrl(url)) return undefined;
  const parsed = new URL(url);
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  const last = segments.at(-1);
  let segment = "";
  try {
    segment = last === undefined ? "" : decodeURIComponent(last);
  } catch {
    segment = last ?? "";
  }
  return cleanText({ value: segment || parsed.hostname, max: MAX_TEXT.name }) || undefined;
}
