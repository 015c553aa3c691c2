// The streamed multistatus parse (src/dav/multistatus-stream.ts) gives exactly what the
// whole-document parse gives, wherever the body is cut into pieces; a response end inside CDATA is
// no end; text that is not a streamable multistatus is parsed whole at the end.
import { describe, expect, it } from "vitest";
import { parseMultistatus, type MultistatusEntry } from "../../../src/dav/multistatus";
import { multistatusStream } from "../../../src/dav/multistatus-stream";

const URL_ = "https://dav.example/cal/";

const BODY = `<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:response><D:href>/cal/a.ics</D:href><D:propstat><D:prop><D:getetag>"1"</D:getetag><C:calendar-data>BEGIN:VCALENDAR&#13;
SUMMARY:Caf&#233; &lt;b&gt; ☕&#13;
END:VCALENDAR&#13;
</C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
  <D:response><D:href>/cal/b.ics</D:href><D:propstat><D:prop><D:getetag>"2"</D:getetag><C:calendar-data><![CDATA[BEGIN:VCALENDAR
X-TEXT:</D:response> is only text here
END:VCALENDAR
]]></C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
  <D:response><D:href>/cal/c.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>
  <D:sync-token>http://example/sync/7</D:sync-token>
</D:multistatus>
`;

function streamed(body: string, cut: (i: number) => boolean): { entries: MultistatusEntry[]; syncToken: string | undefined } {
  const entries: MultistatusEntry[] = [];
  const s = multistatusStream({ url: URL_, method: "REPORT", onEntry: (e) => entries.push(e) });
  let from = 0;
  for (let i = 1; i < body.length; i++) {
    if (cut(i)) {
      s.push(body.slice(from, i));
      from = i;
    }
  }
  s.push(body.slice(from));
  return { entries, ...s.end() };
}

describe("multistatusStream", () => {
  const whole = parseMultistatus({ text: BODY, url: URL_, method: "REPORT" });

  it("equals the whole-document parse for any cut into two pieces, and one character at a time", () => {
    expect(whole.entries).toHaveLength(3);
    for (let at = 1; at < BODY.length; at += 7) expect(streamed(BODY, (i) => i === at)).toEqual(whole);
    expect(streamed(BODY, () => true)).toEqual(whole);
  });

  it("takes a default namespace on the root and an answer without sync-token", () => {
    const body = `<multistatus xmlns="DAV:"><response><href>/cal/x.ics</href><propstat><prop><getetag>"9"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>`;
    expect(streamed(body, (i) => i % 5 === 0)).toEqual(parseMultistatus({ text: body, url: URL_, method: "REPORT" }));
  });

  it("parses an empty or odd answer whole at the end, with the same errors", () => {
    expect(streamed(`<D:multistatus xmlns:D="DAV:"/>`, () => false)).toEqual({ entries: [], syncToken: undefined });
    expect(() => streamed("<html>not dav</html>", () => false)).toThrow(/multistatus/);
    expect(() => streamed(BODY.slice(0, BODY.indexOf("<D:sync-token>")), (i) => i % 100 === 0)).toThrow(/ends before/);
  });
});
