// importCdsp: reads the Outlook CalDav Synchronizer's profile export (.cdsp) into our profiles.
// Contract: never throws; a file that is not a readable .cdsp gives ok: false with a message. Each
// <Options> becomes one entry: its kind from MappingConfiguration's xsi:type (or the Google adapter),
// else "ask-kind" with one candidate per kind; each candidate went through fixProfile, so its
// `changes` list what had to be adjusted. Merge the chosen profiles with mergeProfiles (import.ts).
import { mapCdspOptions, type LocalFolderInfo } from "./cdsp-map";
import { childOf, childrenOf, isSet, textOf, xsiTypeOf } from "./cdsp-read";
import { unmappedOptions } from "./cdsp-unmapped";
import { fixProfile, type FixResult } from "./fix";
import type { Message } from "./messages";
import { PROFILE_KINDS, type ProfileKind } from "./schema";
import { localName, parseXml, type XmlElement } from "./xml";

interface EntryBase {
  /** Position of the <Options> element in the file, from 0. */
  index: number;
  name: string;
  /** Element names of options with no counterpart in Thunderbird (cdsp-format.md). */
  unmapped: string[];
  /** The file held a DPAPI-protected or Outlook-account password: the user must type it again. */
  passwordNotImported: boolean;
}

export type CdspEntry =
  | (EntryBase & { outcome: "mapped"; kind: ProfileKind; result: FixResult })
  | (EntryBase & { outcome: "ask-kind"; choices: Record<ProfileKind, FixResult> });

export type CdspResult = { ok: true; entries: CdspEntry[] } | { ok: false; error: Message };

const MAPPING_KINDS: Record<string, ProfileKind> = {
  EventMappingConfiguration: "events",
  TaskMappingConfiguration: "tasks",
  ContactMappingConfiguration: "contacts",
};

function kindOf({ options }: { options: XmlElement }): ProfileKind | undefined {
  const mapping = childOf({ element: options, name: "MappingConfiguration" });
  const type = mapping === undefined ? undefined : xsiTypeOf({ element: mapping });
  if (type !== undefined && Object.hasOwn(MAPPING_KINDS, type)) return MAPPING_KINDS[type];
  // Old files and Swisscom profiles have no MappingConfiguration; the adapter may still tell.
  const adapter = textOf({ element: options, name: "ServerAdapterType" });
  if (adapter === "GoogleTaskApi") return "tasks";
  if (adapter === "GoogleContactApi") return "contacts";
  return undefined;
}

function fail(messageKey: Message["messageKey"], substitutions: string[] = []): CdspResult {
  return { ok: false, error: { messageKey, substitutions } };
}

export function importCdsp({ text, localFolders = [] }: { text: string; localFolders?: readonly LocalFolderInfo[] }): CdspResult {
  if (text.replace(/^\uFEFF/, "").trim() === "") return fail("cdspErrorEmpty");
  // UTF-16 bytes read as UTF-8 (or Latin-1) show up as NULs between the characters.
  if (text.slice(0, 200).includes("\u0000")) return fail("cdspErrorEncoding");
  // Our own JSON export chosen in the .cdsp dialog: say it is the wrong kind of file, not a broken one.
  if (/^\uFEFF?\s*[[{]/.test(text)) return fail("cdspErrorNotProfiles");
  const parsed = parseXml({ text });
  if (!parsed.ok) return fail("cdspErrorMalformed", [String(parsed.line), parsed.detail]);
  if (localName(parsed.root.name) !== "ArrayOfOptions") return fail("cdspErrorNotProfiles");

  const entries = childrenOf({ element: parsed.root, name: "Options" }).map((options, index): CdspEntry => {
    const kind = kindOf({ options });
    const map = (k: ProfileKind): { result: FixResult; unreadable: string[] } => {
      const { input, unreadable } = mapCdspOptions({ options, kind: k, localFolders });
      return { result: fixProfile({ input }), unreadable };
    };
    const base = (unreadable: string[]): EntryBase => ({
      index,
      name: textOf({ element: options, name: "Name" }) ?? "",
      unmapped: [...unmappedOptions({ options, kind }), ...unreadable],
      // With UseAccountPassword the mail account supplies it; a DPAPI-protected one is bound to Windows.
      passwordNotImported: !isSet({ element: options, name: "UseAccountPassword" }) && isSet({ element: options, name: "ProtectedPassword" }),
    });
    if (kind !== undefined) {
      const { result, unreadable } = map(kind);
      return { ...base(unreadable), outcome: "mapped", kind, result };
    }
    const mapped = Object.fromEntries(PROFILE_KINDS.map((k) => [k, map(k)])) as Record<ProfileKind, ReturnType<typeof map>>;
    const choices = Object.fromEntries(PROFILE_KINDS.map((k) => [k, mapped[k].result])) as Record<ProfileKind, FixResult>;
    return { ...base(mapped.events.unreadable), outcome: "ask-kind", choices };
  });
  return { ok: true, entries };
}
