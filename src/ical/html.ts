// HTML descriptions (Outlook's X-ALT-DESC;FMTTYPE=text/html) made safe to render: DOMPurify
// removes scripts, event handlers, javascript: links, frames, forms and styles that load content;
// links, formatting, lists and tables stay. DOMPurify needs a DOM window: the background page
// passes its own, Node tests a jsdom one. htmlToText gives the plain DESCRIPTION to go with it.
import DOMPurify from "dompurify";

/** What DOMPurify needs from a window (structural, so jsdom's window fits too). */
export type HtmlWindow = NonNullable<Parameters<typeof DOMPurify>[0]>;

export type HtmlSanitizer = (html: string) => string;

/** Tags that DOMPurify allows by default but a calendar description has no use for. */
const FORBID_TAGS = ["style", "form", "input", "button", "textarea", "select", "iframe", "frame", "object", "embed", "base", "meta", "link"];

/** A sanitizer bound to one window; cheap to call many times. */
export function createHtmlSanitizer(params: { window: HtmlWindow }): HtmlSanitizer {
  const purify = DOMPurify(params.window);
  // A remote <img> in a description would load (a tracking pixel) the moment the event is opened;
  // embedded data: images are kept.
  purify.addHook("uponSanitizeAttribute", (node, data) => {
    if (node.nodeName === "IMG" && data.attrName === "src" && !/^data:image\//i.test(data.attrValue)) data.keepAttr = false;
  });
  return (html) =>
    purify.sanitize(html, {
      FORBID_TAGS,
      // Inline styles can position content over the dialog; srcset bypasses the src check above.
      FORBID_ATTR: ["style", "srcset"],
      ALLOWED_URI_REGEXP: /^(?:https?|mailto|tel|data:image\/(?:png|gif|jpeg|webp);base64,)/i,
      RETURN_TRUSTED_TYPE: false,
    });
}

const BLOCKS = new Set(["P", "DIV", "LI", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "TABLE", "UL", "OL"]);

/** Plain text of (sanitized) HTML: block ends and <br> become line breaks, runs of blanks collapse. */
export function htmlToText(params: { html: string; window: HtmlWindow }): string {
  const doc = new params.window.DOMParser().parseFromString(params.html, "text/html");
  const out: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3) out.push((node.nodeValue ?? "").replace(/\s+/g, " "));
    else if (node.nodeName === "BR") out.push("\n");
    else if (node.nodeName !== "SCRIPT" && node.nodeName !== "STYLE" && node.nodeName !== "HEAD") {
      node.childNodes.forEach(walk);
      if (BLOCKS.has(node.nodeName)) out.push("\n");
    }
  };
  walk(doc.body);
  return out
    .join("")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
