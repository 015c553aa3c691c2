// Reading values out of one .cdsp <Options> element the way .NET's XmlSerializer wrote them:
// elements matched by local name, "true"/"false" booleans, decimal ints, a missing element meaning
// the plug-in's default (nulls are omitted). Contract: never throws; garbage reads as the fallback.
import { localName, type XmlElement } from "./xml";

export function childOf({ element, name }: { element: XmlElement | undefined; name: string }): XmlElement | undefined {
  return element?.children.find((c) => localName(c.name) === name);
}

export function childrenOf({ element, name }: { element: XmlElement | undefined; name: string }): XmlElement[] {
  return element?.children.filter((c) => localName(c.name) === name) ?? [];
}

/** The element's text, trimmed; undefined when the element is absent. */
export function textOf({ element, name }: { element: XmlElement | undefined; name: string }): string | undefined {
  return childOf({ element, name })?.text.trim();
}

export function boolOf({ element, name, fallback }: { element: XmlElement | undefined; name: string; fallback: boolean }): boolean {
  const text = textOf({ element, name })?.toLowerCase();
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  return fallback;
}

export function intOf({ element, name, fallback }: { element: XmlElement | undefined; name: string; fallback: number }): number {
  const text = textOf({ element, name });
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : fallback;
}

/** `xsi:type="EventMappingConfiguration"`: the attribute and its value may carry any prefix. */
export function xsiTypeOf({ element }: { element: XmlElement }): string | undefined {
  const entry = Object.entries(element.attributes).find(([key]) => localName(key) === "type");
  return entry === undefined ? undefined : localName(entry[1].trim());
}

/**
 * "Present and set" in the sense of cdsp-format.md's "Not applicable" list: true, or any other
 * non-empty text, or child elements (a non-empty list).
 */
export function isSet({ element, name }: { element: XmlElement | undefined; name: string }): boolean {
  const child = childOf({ element, name });
  if (!child) return false;
  const text = child.text.trim().toLowerCase();
  if (text === "false" || text === "0") return false;
  return text !== "" || child.children.length > 0;
}
