// A 207 Multi-Status body parsed as it arrives, one <response> at a time: a first download of a
// large collection (one calendar-query answering every item with its data) then never holds the
// whole answer text, nor a tree of it, in memory — only the response being read. Each complete
// response is parsed by parseMultistatus as the content of the root's start tag (with its namespace
// declarations; not copied into a document of its own), so every check of the whole-document parse
// still applies.
// A `</…response>` inside a CDATA section is no end. Text that does not look like a multistatus is
// buffered and parsed whole at the end, as before.
import { malformedError } from "./errors";
import { parseMultistatus, type MultistatusEntry } from "./multistatus";

/** Past this much text without the root's start tag, the answer is buffered and parsed whole. */
const ROOT_SEARCH_LIMIT = 65_536;

const ROOT_START = /<([A-Za-z_][\w.-]*:)?multistatus\b[^>]*>/;
const RESPONSE_END = /<\/([A-Za-z_][\w.-]*:)?response\s*>/g;

export interface MultistatusStream {
  /** Feeds the next piece of the body. */
  push(text: string): void;
  /** After the last piece: parses what is left; returns the sync-token, if the answer has one. */
  end(): { syncToken: string | undefined };
}

export function multistatusStream(params: { url: string; method: string; lenient?: boolean; onEntry: (entry: MultistatusEntry) => void }): MultistatusStream {
  const { url, method, onEntry } = params;
  const parse = (text: string, within?: string) => parseMultistatus({ text, url, method, lenient: params.lenient ?? true, ...(within !== undefined ? { within } : {}) });
  let buffer = "";
  /** The root's start tag and the matching end tag, once found. */
  let root: { open: string; close: string } | undefined;
  let wholeDocument = false;

  const drain = () => {
    if (!root || wholeDocument) return;
    RESPONSE_END.lastIndex = 0;
    let consumed = 0;
    for (let m = RESPONSE_END.exec(buffer); m; m = RESPONSE_END.exec(buffer)) {
      const end = m.index + m[0].length;
      const piece = buffer.slice(consumed, end);
      // Inside an unclosed CDATA section: not the end of the response.
      if (piece.includes("<![CDATA[") && piece.split("<![CDATA[").length - 1 > piece.split("]]>").length - 1) continue;
      for (const entry of parse(piece, root.open).entries) onEntry(entry);
      consumed = end;
    }
    if (consumed > 0) buffer = buffer.slice(consumed);
  };

  return {
    push(text) {
      buffer += text;
      if (!root && !wholeDocument) {
        const m = ROOT_START.exec(buffer);
        if (!m) {
          if (buffer.length > ROOT_SEARCH_LIMIT) wholeDocument = true;
          return;
        }
        const open = m[0].endsWith("/>") ? undefined : m[0];
        if (!open) {
          wholeDocument = true; // an empty <multistatus/>: parsed whole at the end
          return;
        }
        root = { open, close: `</${m[1] ?? ""}multistatus>` };
        buffer = buffer.slice(m.index + m[0].length);
      }
      drain();
    },
    end() {
      if (wholeDocument || !root) {
        const ms = parse(buffer);
        for (const entry of ms.entries) onEntry(entry);
        return { syncToken: ms.syncToken };
      }
      drain();
      const rest = buffer.trimEnd();
      if (!rest.endsWith(root.close)) throw malformedError({ method, url, detail: "the answer ends before </multistatus>" });
      // What follows the last response: the sync-token, if any, and the end tag.
      const ms = parse(rest, root.open);
      for (const entry of ms.entries) onEntry(entry);
      return { syncToken: ms.syncToken };
    },
  };
}
