// The one error the mapping layer throws for content it cannot use. Callers (the sync engine, the
// CLI) report it per item and go on with the others; nothing here throws anything else for bad
// input. `code` says what kind of problem it is; `line` (1-based, physical line in the original
// text) and `property` say where, when known.

export type ItemParseErrorCode =
  | "syntax" // a content line that is not NAME[;PARAM=…]:VALUE, or an unterminated quote
  | "structure" // BEGIN/END that do not pair, text outside any component
  | "no-item" // no VEVENT / VTODO / VCARD in the resource
  | "no-uid" // the item has no (or an empty) UID
  | "multiple-uids" // one resource holding several items (vdirsyncer#290-style bad data)
  | "mixed-kinds" // events and tasks with the same UID in one resource
  | "value"; // a value the mapping must read (a date, a duration) that does not parse

export class ItemParseError extends Error {
  override readonly name = "ItemParseError";
  readonly code: ItemParseErrorCode;
  readonly line: number | undefined;
  readonly property: string | undefined;
  /** For "multiple-uids": every UID found, in order of appearance. */
  readonly uids: readonly string[];

  constructor(params: { code: ItemParseErrorCode; message: string; line?: number; property?: string; uids?: readonly string[] }) {
    const where = [params.line !== undefined ? `line ${params.line}` : "", params.property ?? ""].filter(Boolean).join(", ");
    super(where ? `${params.message} (${where})` : params.message);
    this.code = params.code;
    this.line = params.line;
    this.property = params.property;
    this.uids = params.uids ?? [];
  }
}
