// The profile's four CLASS flags (the Outlook plug-in's sensitivity options, same meaning):
//   to-local:  confidentialToPrivate  CONFIDENTIAL → PRIVATE;  publicToPrivate  PUBLIC or no CLASS → PRIVATE
//   to-server: privateToConfidential  PRIVATE → CONFIDENTIAL;  publicToNoClass  PUBLIC → no CLASS
// Values compare case-insensitively (RFC 5545 §2); unknown x-classes are never rewritten.
import type { Profile } from "../../core/profile/schema";
import type { Comp } from "../content-line";
import { assertNever, itemComponents, transformText, type MappingDirection, type TreeStep } from "./components";

export type PrivacyFlags = Profile["mapping"]["privacy"];

/** CLASS as the mapping reads it: "" when absent (RFC 5545's default, which means PUBLIC). */
function classOf(comp: Comp): string {
  return comp.props.find((p) => p.name === "CLASS")?.value.trim().toUpperCase() ?? "";
}

function setClass(params: { comp: Comp; value: string | undefined }): void {
  const { comp, value } = params;
  const at = comp.props.findIndex((p) => p.name === "CLASS");
  if (value === undefined) comp.props = comp.props.filter((p) => p.name !== "CLASS");
  else if (at >= 0) comp.props[at] = { ...comp.props[at]!, value };
  else comp.props.push({ group: undefined, name: "CLASS", params: [], value, line: 0 });
}

/** The CLASS a component should have after the mapping; `null` = leave it as it is. */
function mappedClass(params: { current: string; direction: MappingDirection; flags: PrivacyFlags }): string | undefined | null {
  const { current, direction, flags } = params;
  switch (direction) {
    case "to-local":
      if (current === "CONFIDENTIAL" && flags.confidentialToPrivate) return "PRIVATE";
      // The Outlook plug-in reads a missing CLASS as PUBLIC too (its MapPrivacy2To1 default branch).
      if ((current === "PUBLIC" || current === "") && flags.publicToPrivate) return "PRIVATE";
      return null;
    case "to-server":
      if (current === "PRIVATE" && flags.privateToConfidential) return "CONFIDENTIAL";
      if (current === "PUBLIC" && flags.publicToNoClass) return undefined;
      return null;
    default:
      return assertNever(direction);
  }
}

export function privacyStep(params: { flags: PrivacyFlags; direction: MappingDirection }): TreeStep {
  const { flags, direction } = params;
  return ({ root }) => {
    let changed = false;
    for (const comp of itemComponents({ root })) {
      if (comp.name === "VCARD") continue; // vCard CLASS is a different, unused property
      const next = mappedClass({ current: classOf(comp), direction, flags });
      if (next === null) continue;
      setClass({ comp, value: next });
      changed = true;
    }
    return changed;
  };
}

export function mapPrivacy(params: { text: string; flags: PrivacyFlags; direction: MappingDirection }): string {
  return transformText({ text: params.text, steps: [privacyStep(params)] });
}

