#!/usr/bin/env node
// @ts-check
// The raw-transfer baseline: one calendar-query REPORT asking for every component's calendar-data,
// the least a client can do to have the whole collection. Prints the number of items and bytes.
//   BENCH_PW=secret node raw-report.mjs COLLECTION_URL   (user alice)
const [url] = process.argv.slice(2);
if (!url) {
  console.error("usage: raw-report.mjs COLLECTION_URL");
  process.exit(2);
}
const body = `<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:getetag/><c:calendar-data/></d:prop>
<c:filter><c:comp-filter name="VCALENDAR"/></c:filter>
</c:calendar-query>`;
const res = await fetch(url, {
  method: "REPORT",
  body,
  headers: {
    authorization: `Basic ${Buffer.from(`alice:${process.env.BENCH_PW ?? ""}`).toString("base64")}`,
    depth: "1",
    "content-type": "application/xml; charset=utf-8",
  },
});
const text = await res.text();
if (res.status !== 207) {
  console.error(`REPORT ${url}: HTTP ${res.status}`);
  process.exit(1);
}
console.log(`${(text.match(/BEGIN:VCALENDAR/g) ?? []).length} items, ${text.length} characters`);
