// vCard 3.0 ↔ 4.0 (issue #7 item 10): Thunderbird rewrites a card as vCard 4.0 when the user edits
// it; a patch of that edit onto the server's 3.0 card must be written in 3.0 syntax (and the reverse
// for what goes into Thunderbird), the server keeping its VERSION. Every construct both ways.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { contentHash, mergeFields, patchItem, vcardInVersion } from "../../../src/ical";
import { unfoldLines } from "./helpers";

const corpus = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/corpus/vcf/${name}`, import.meta.url)), "utf8");
const card = (...lines: string[]): string => ["BEGIN:VCARD", ...lines, "END:VCARD", ""].join("\r\n");
const lines = (text: string): string[] => unfoldLines(text);
const body = (text: string): string[] => lines(text).filter((l) => !/^(BEGIN|END):/.test(l));

/** Each construct: the vCard 3.0 line(s) and the vCard 4.0 line(s) that mean the same. */
const CONSTRUCTS: { what: string; v3: string[]; v4: string[]; /** v3 → 4.0 when not `v4` */ back?: string[] }[] = [
  { what: "TYPE list case", v3: ["TEL;TYPE=WORK,FAX:+420 222 333 444"], v4: ["TEL;VALUE=TEXT;TYPE=work,fax:+420 222 333 444"] },
  { what: "TEL's default VOICE", v3: ["TEL;TYPE=CELL,VOICE:+420 777 000 111"], v4: ["TEL;VALUE=TEXT;TYPE=cell,voice:+420 777 000 111"], back: ["TEL;VALUE=TEXT;TYPE=cell:+420 777 000 111"] },
  { what: "pref", v3: ["EMAIL;TYPE=INTERNET,WORK,PREF:jan@example.cz"], v4: ["EMAIL;TYPE=work;PREF=1:jan@example.cz"] },
  { what: "EMAIL's INTERNET", v3: ["EMAIL;TYPE=INTERNET,HOME:jan@doma.example"], v4: ["EMAIL;TYPE=home:jan@doma.example"] },
  { what: "inline photo", v3: ["PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ=="], v4: ["PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ=="] },
  { what: "inline PNG logo", v3: ["LOGO;ENCODING=b;TYPE=PNG:iVBORw0KGgo="], v4: ["LOGO:data:image/png;base64,iVBORw0KGgo="] },
  { what: "photo by URI", v3: ["PHOTO;VALUE=uri:https://dav.example.cz/photo/1.jpg"], v4: ["PHOTO:https://dav.example.cz/photo/1.jpg"] },
  { what: "tel URI", v3: ["TEL;TYPE=CELL:+420-724-555-666"], v4: ["TEL;VALUE=uri;TYPE=cell:tel:+420-724-555-666"], back: ["TEL;VALUE=TEXT;TYPE=cell:+420-724-555-666"] },
  { what: "birthday", v3: ["BDAY:1980-01-15"], v4: ["BDAY:19800115"] },
  { what: "birthday without year", v3: ["BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15"], v4: ["BDAY:--0415"] },
  { what: "anniversary", v3: ["X-ANNIVERSARY:2010-06-12"], v4: ["ANNIVERSARY:20100612"] },
  { what: "group kind", v3: ["X-ADDRESSBOOKSERVER-KIND:group"], v4: ["KIND:group"] },
  { what: "group member", v3: ["X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"], v4: ["MEMBER:urn:uuid:1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"] },
  { what: "N components", v3: ["N:Novák;Jan;;;"], v4: ["N:Novák;Jan"], back: ["N:Novák;Jan;;;"] },
  { what: "ADR components", v3: ["ADR;TYPE=WORK:;;Na Strži 1702/65;Praha 4;;140 00;Česká republika"], v4: ["ADR;TYPE=work:;;Na Strži 1702/65;Praha 4;;140 00;Česká republika"] },
];

const base3 = (...extra: string[]): string => card("VERSION:3.0", "PRODID:-//Easy Software//Easy Project CardDAV//CS", "UID:c-1@example.cz", "FN:Jan Novák", ...extra, "REV:2026-11-24T12:00:00Z");
const base4 = (...extra: string[]): string => card("VERSION:4.0", "PRODID:-//Thunderbird//NONSGML Thunderbird 153.0//EN", "FN:Jan Novák", ...extra, "UID:c-1@example.cz", "REV:2026-11-24T12:00:00Z");

describe("vcardInVersion", () => {
  for (const c of CONSTRUCTS) {
    it(`${c.what}: 4.0 → 3.0 and 3.0 → 4.0`, () => {
      expect(body(vcardInVersion({ text: base4(...c.v4), to: 3 })).filter((l) => !/^(VERSION|PRODID|FN|UID|REV):/.test(l))).toEqual(c.v3.map((l) => l.replace(",VOICE", "")));
      expect(body(vcardInVersion({ text: base3(...c.v3), to: 4 })).filter((l) => !/^(VERSION|PRODID|FN|UID|REV):/.test(l))).toEqual(c.back ?? c.v4);
    });
  }

  it("KIND:individual is vCard 4's default and has no vCard 3 form", () => {
    expect(body(vcardInVersion({ text: base4("KIND:individual"), to: 3 }))).not.toContainEqual(expect.stringContaining("KIND"));
  });
});

describe("a Thunderbird 4.0 edit patched onto a server 3.0 card", () => {
  for (const c of CONSTRUCTS) {
    it(`${c.what}: untouched → nothing written; changed → written in 3.0 syntax, VERSION kept`, () => {
      const server = base3(...c.v3);
      // Thunderbird held the card verbatim (3.0), then the user's edit rewrote it as 4.0.
      const before = server;
      const after = base4(...c.v4).replace("FN:Jan Novák", "FN:Jan Novák ml.");
      const out = patchItem({ target: server, before, after, lossySource: true });
      expect(lines(out)).toContain("VERSION:3.0");
      expect(lines(out)).toContain("FN:Jan Novák ml.");
      // Only FN changed: every construct stays exactly as the server wrote it.
      expect(body(out).filter((l) => !l.startsWith("FN:"))).toEqual(body(server).filter((l) => !l.startsWith("FN:")));
    });
  }

  it("each changed construct reaches the server in 3.0 syntax", () => {
    const server = corpus("easy-contact-v3.vcf");
    const before = server;
    const after = card(
      "VERSION:4.0", "PRODID:-//Thunderbird//NONSGML Thunderbird 153.0//EN",
      "N:Šťastný;Tomáš;;Ing.;Ph.D.", "FN:Ing. Tomáš Šťastný\\, Ph.D.", "ORG:Easy Software s.r.o.;Vývoj;Tým integrací",
      "TITLE:Vedoucí týmu", "ROLE:Projektový manažer",
      "EMAIL;TYPE=work;PREF=1:tomas.stastny@easysoftware.example",
      "TEL;VALUE=TEXT;TYPE=work:+420 222 333 444",
      "TEL;VALUE=uri;TYPE=cell:tel:+420 777 888 000",
      "ADR;TYPE=work:;;Na Strži 1702/65;Praha 4;;140 00;Česká republika",
      "URL:https://demo.easyproject.cz/easy_contacts/1502",
      "NOTE:Kontakt z Easy Project.\\nOdpovědný za integraci CalDAV\\; viz úkol #4471.",
      "CATEGORIES:Klienti,VIP",
      "X-EASY-ENTITY;X-EASY-TYPE=easy_contact;X-EASY-ID=1502:https://demo.easyproject.cz/easy_contacts/1502",
      "BDAY;VALUE=DATE:19850302",
      "ANNIVERSARY:20120901",
      "PHOTO:data:image/png;base64,iVBORw0KGgo=",
      "UID:easy-contact-1502@demo.easyproject.cz",
    );
    const out = patchItem({ target: server, before, after, lossySource: true });
    const l = lines(out);
    expect(l).toContain("VERSION:3.0");
    expect(l).toContain("TEL;TYPE=CELL:+420 777 888 000");
    expect(l).not.toContain("TEL;TYPE=CELL:+420 777 888 999");
    expect(l).toContain("EMAIL;TYPE=INTERNET,WORK,PREF:tomas.stastny@easysoftware.example");
    expect(l).toContain("BDAY:1985-03-02");
    expect(l).toContain("X-ANNIVERSARY:2012-09-01");
    expect(l).toContain("PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=");
    expect(l.some((x) => /VALUE=/i.test(x) || x.startsWith("ANNIVERSARY") || x.includes("data:"))).toBe(false);
    // Untouched lines stay byte for byte.
    for (const keep of ["TEL;TYPE=WORK:+420 222 333 444", "ADR;TYPE=WORK:;;Na Strži 1702/65;Praha 4;;140 00;Česká republika", "PRODID:-//Easy Software//Easy Project CardDAV//CS"]) expect(l).toContain(keep);
  });

  it("an Apple group edited in Thunderbird (KIND / MEMBER) keeps the X-ADDRESSBOOKSERVER-* form", () => {
    const server = corpus("apple-v3-group.vcf");
    const after = card(
      "VERSION:4.0", "N:Projektový tým ERP;;;;", "FN:Projektový tým ERP", "KIND:group",
      "MEMBER:urn:uuid:A7B8C9D0-E1F2-4A3B-9C4D-5E6F7A8B9C0D", "MEMBER:urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "UID:C9D8E7F6-A5B4-4C3D-8E2F-1A0B9C8D7E6F",
    );
    const out = patchItem({ target: server, before: server, after, lossySource: true });
    const l = lines(out);
    expect(l).toContain("X-ADDRESSBOOKSERVER-KIND:group");
    expect(l).toContain("X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:A7B8C9D0-E1F2-4A3B-9C4D-5E6F7A8B9C0D");
    expect(l).toContain("X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    expect(l).not.toContain("X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E");
    expect(l.some((x) => x.startsWith("KIND") || x.startsWith("MEMBER"))).toBe(false);
  });
});

describe("a server 3.0 edit patched onto Thunderbird's 4.0 card", () => {
  it("is written in 4.0 syntax; Thunderbird's card stays 4.0", () => {
    const server = base3("N:Novák;Jan;;;", "TEL;TYPE=CELL:+420 601 000 000", "EMAIL;TYPE=INTERNET,WORK:jan@example.cz", "BDAY:1980-01-15");
    const thunderbird = base4("N:Novák;Jan;;;", "EMAIL;TYPE=work:jan@example.cz", "TEL;VALUE=TEXT;TYPE=cell:+420 601 000 000", "BDAY;VALUE=DATE:19800115", "X-MOZILLA-HTML:TRUE");
    const serverAfter = server
      .replace("TEL;TYPE=CELL:+420 601 000 000", "TEL;TYPE=CELL,PREF:+420 601 111 111")
      .replace("BDAY:1980-01-15", "BDAY:1980-01-16")
      .replace("REV:2026-11-24T12:00:00Z", "PHOTO;VALUE=URL:https://dav.example.cz/photo/1.jpg\r\nREV:2026-11-25T12:00:00Z");
    const out = patchItem({ target: thunderbird, before: server, after: serverAfter });
    const l = lines(out);
    expect(l).toContain("VERSION:4.0");
    expect(l).toContain("TEL;VALUE=TEXT;TYPE=cell;PREF=1:+420 601 111 111");
    expect(l).toContain("BDAY:19800116");
    expect(l).toContain("PHOTO:https://dav.example.cz/photo/1.jpg");
    expect(l).toContain("EMAIL;TYPE=work:jan@example.cz"); // untouched: Thunderbird's own line
    expect(l).toContain("X-MOZILLA-HTML:TRUE");
  });

  it("untouched on both sides: nothing changes either way", () => {
    const server = corpus("apple-v3-bday-omit-year.vcf");
    const tb4 = card("VERSION:4.0", "N:Malý;Ondřej;;;", "FN:Ondřej Malý", "BDAY:--0415", "item1.X-ABDATE;type=pref:2015-09-12", "item1.X-ABLabel:_$!<Anniversary>!$_", "TEL;VALUE=TEXT;TYPE=cell,voice:+420 731 222 333", "UID:B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E", "REV:2026-11-21T08:00:00Z");
    expect(patchItem({ target: server, before: server, after: tb4, lossySource: true })).toBe(server);
    expect(patchItem({ target: tb4, before: server, after: server })).toBe(tb4);
  });
});

describe("mergeFields across versions", () => {
  it("local 4.0 and remote 3.0 edits of different fields merge into the remote's 3.0", () => {
    const base = base3("N:Novák;Jan;;;", "TEL;TYPE=CELL:+420 601 000 000", "TITLE:Analytik");
    const local = base4("N:Novák;Jan;;;", "TEL;VALUE=TEXT;TYPE=cell:+420 601 222 222", "TITLE:Analytik");
    const remote = base.replace("TITLE:Analytik", "TITLE:Vedoucí");
    const m = mergeFields({ base, local, remote, prefer: "remote" });
    expect(m.conflicts).toEqual([]);
    const l = lines(m.text);
    expect(l).toContain("VERSION:3.0");
    expect(l).toContain("TEL;TYPE=CELL:+420 601 222 222");
    expect(l).toContain("TITLE:Vedoucí");
    expect(m.hash).toBe(contentHash({ text: m.text }));
  });
});

describe("corpus: Easy Project's typed 3.0 card and Thunderbird's 4.0 rewrite of it", () => {
  const server = corpus("easy-contact-v3-typed.vcf");
  const photo = lines(server).find((l) => l.startsWith("PHOTO"))?.split(":")[1] ?? "";
  // How Thunderbird 153 writes the same card after an edit in its contact editor (vCard 4.0).
  const rewritten = card(
    "VERSION:4.0", "PRODID:-//Thunderbird//NONSGML Thunderbird 153.0//EN",
    "N:Procházková;Markéta;;Mgr.;", "FN:Mgr. Markéta Procházková", "ORG:Stavby Morava a.s.;Nákup", "TITLE:Vedoucí nákupu",
    "EMAIL;PREF=1;TYPE=work:marketa.prochazkova@stavby-morava.example", "EMAIL;TYPE=home:marketa.p@posta.example",
    "TEL;TYPE=work,voice;VALUE=TEXT:+420 541 000 111", "TEL;TYPE=cell;VALUE=TEXT:+420 603 222 333",
    "ADR;TYPE=work:;;Hybešova 42;Brno;;602 00;Česká republika", "BDAY;VALUE=DATE:19840721", "ANNIVERSARY;VALUE=DATE:20120901",
    "URL:https://demo.easyproject.cz/easy_contacts/1877", `PHOTO:data:image/jpeg;base64,${photo}`, "CATEGORIES:Dodavatelé",
    "X-EASY-ENTITY;X-EASY-TYPE=easy_contact;X-EASY-ID=1877:https://demo.easyproject.cz/easy_contacts/1877",
    "UID:easy-contact-1877@demo.easyproject.cz", "REV:2026-11-24T12:30:00Z",
  );

  it("the rewrite alone changes nothing on the server; an edit in it reaches the server in 3.0 syntax", () => {
    expect(patchItem({ target: server, before: server, after: rewritten, lossySource: true })).toBe(server);
    const edited = rewritten.replace("TEL;TYPE=cell;VALUE=TEXT:+420 603 222 333", "TEL;TYPE=cell;VALUE=TEXT:+420 603 999 000").replace("BDAY;VALUE=DATE:19840721", "BDAY;VALUE=DATE:19840722");
    const out = patchItem({ target: server, before: server, after: edited, lossySource: true });
    expect(lines(out)).toEqual(lines(server).map((l) => l.replace("TEL;TYPE=CELL:+420 603 222 333", "TEL;TYPE=CELL:+420 603 999 000").replace("BDAY:1984-07-21", "BDAY:1984-07-22")));
  });
});

describe("Thunderbird 153's own rewrite: vCard 4 parameters under VERSION:3.0 (measured in tests/e2e/fidelity-people.e2e.test.ts)", () => {
  const server = corpus("easy-contact-v3-typed.vcf");
  const photo = lines(server).find((l) => l.startsWith("PHOTO"))?.split(":")[1] ?? "";
  // contacts.update(id, { JobTitle }) on the corpus card, as Thunderbird 153.7 stored it.
  const rewritten = card(
    "VERSION:3.0", "PRODID:-//Easy Software//Easy Project CardDAV//CS", "N:Procházková;Markéta;;Mgr.;", "FN:Mgr. Markéta Procházková",
    "ORG:Stavby Morava a.s.;Nákup", "TITLE:Ředitelka nákupu", "EMAIL;PREF=1:marketa.prochazkova@stavby-morava.example", "EMAIL:marketa.p@posta.example",
    "TEL;TYPE=work;VALUE=TEXT:+420 541 000 111", "TEL;TYPE=cell;VALUE=TEXT:+420 603 222 333", "ADR;TYPE=work:;;Hybešova 42;Brno;;602 00;Česká republika",
    "BDAY;VALUE=DATE:1984-07-21", "X-ANNIVERSARY:2012-09-01", "URL;TYPE=work;VALUE=URL:https://demo.easyproject.cz/easy_contacts/1877",
    `PHOTO;ENCODING=b;TYPE=JPEG:${photo}`, "CATEGORIES:Dodavatelé",
    "X-EASY-ENTITY;X-EASY-TYPE=easy_contact;X-EASY-ID=1877:https://demo.easyproject.cz/easy_contacts/1877",
    "REV:2026-11-24T12:30:00Z", "UID:easy-contact-1877@demo.easyproject.cz",
  );

  it("only the edit and what the legacy API lost reach the server, in vCard 3 syntax", () => {
    const out = patchItem({ target: server, before: server, after: rewritten, lossySource: true });
    const changed = lines(out).filter((l) => !lines(server).includes(l));
    expect(changed).toEqual([
      "TITLE:Ředitelka nákupu",
      "EMAIL;TYPE=INTERNET,PREF:marketa.prochazkova@stavby-morava.example",
      "EMAIL;TYPE=INTERNET:marketa.p@posta.example",
      "URL;TYPE=WORK:https://demo.easyproject.cz/easy_contacts/1877",
    ]);
    expect(lines(out)).toContain("VERSION:3.0");
  });

  it("a server edit patched onto the rewrite is written in vCard 3 syntax too", () => {
    const serverAfter = server.replace("TEL;TYPE=CELL:+420 603 222 333", "TEL;TYPE=CELL:+420 603 444 555");
    const out = patchItem({ target: rewritten, before: server, after: serverAfter });
    expect(lines(out)).toContain("TEL;TYPE=CELL:+420 603 444 555");
    expect(lines(out)).toContain("TEL;TYPE=work;VALUE=TEXT:+420 541 000 111"); // untouched: Thunderbird's own line
  });
});
