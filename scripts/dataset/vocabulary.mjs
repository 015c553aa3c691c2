// @ts-check
// Word lists for realistic Easy Project data: Czech text with diacritics (plus a little English and
// other scripts), people, companies and places. Only data; the generators pick from these lists.

export const MEETING_SUMMARIES = [
  "Porada projektového týmu",
  "Schůzka s klientem – Škoda Auto",
  "Kontrolní den: nasazení verze 3.2",
  "Řízení projektu Intranet",
  "Plánování sprintu č. 42",
  "Retrospektiva – co zlepšit příště",
  "Školení bezpečnosti práce",
  "Jour fixe s vedením",
  "1:1 s Petrem Dvořákem",
  "Prezentace pro zákazníka (ČEZ)",
  "Oběd s obchodním partnerem",
  "Výběrové řízení – pohovor",
  "Workshop: analýza požadavků",
  "Café ☕ stand-up",
  "Revize rozpočtu na 2. čtvrtletí",
  "Meeting with the Vienna office",
  "Velmi dlouhý název schůzky, který rozhodně přesáhne sedmdesát pět oktetů jednoho řádku — ěščřžýáíéůú",
];

export const LOCATIONS = [
  "Zasedačka 3.14 (3. patro)",
  "Praha, Karlovo náměstí 13",
  "Brno; kancelář B, Křenová 65",
  "Online – Microsoft Teams",
  "Ostrava, Nádražní 12",
  "",
  "",
];

export const CATEGORIES = ["Práce", "Projekt Intranet", "Schůzky", "Obchod", "Školení", "Osobní", "Důležité"];

export const TODO_SUMMARIES = [
  "Zavolat dodavateli ohledně faktury",
  "Připravit podklady pro poradu",
  "Zkontrolovat výkaz práce za měsíc",
  "Odeslat nabídku – Příklad a.s.",
  "Opravit chybu #",
  "Aktualizovat dokumentaci k API",
  "Schválit dovolenou kolegům",
  "Objednat občerstvení na školení",
  "Review pull requestu #",
];

export const PARAGRAPHS = [
  "Příliš žluťoučký kůň úpěl ďábelské ódy.",
  "Program: 1) přehled stavu, 2) rizika a závislosti, 3) další kroky; prosím připravte podklady předem.",
  "Dokumenty najdete ve sdílené složce „Projekty/2026“ — verze 3.2, změny oproti minulé verzi jsou zvýrazněny.",
  "Parkování je možné v garáži pod budovou, vjezd z ulice Školská; kód k závoře pošleme den předem.",
  "Please bring your laptop, the Wi-Fi password will be shared on site. Dial-in: +420 222 111 000, PIN 1234#.",
];

export const FIRST_NAMES = ["Jana", "Petr", "Lucie", "Tomáš", "Eva", "Jiří", "Zuzana", "Martin", "Kateřina", "Ondřej", "Anna", "Lukáš", "Šárka", "Řehoř"];
export const LAST_NAMES = ["Nováková", "Svoboda", "Dvořáková", "Černý", "Procházková", "Kučera", "Veselá", "Horák", "Němcová", "Marek", "Šťastný", "Müller"];
export const HONORIFICS = ["", "", "Ing.", "Mgr.", "MUDr.", "Bc."];
export const ORGANIZATIONS = ["Easy Software s.r.o.", "Příklad a.s.", "Účetnictví Novák & syn", "Example GmbH", "Stavby Žďár v.o.s."];
export const DEPARTMENTS = ["Vývoj", "Obchod", "Podpora zákazníků", "Účtárna", "Vedení"];
export const TITLES = ["Vedoucí týmu", "Vývojář", "Účetní", "Projektový manažer", "Obchodní zástupce"];
export const STREETS = ["Vodičkova 12", "Husova 5", "Masarykova 220/7", "Na Příkopě 1", "Třída Kpt. Jaroše 3"];
export const CITIES = [
  { city: "Praha", zip: "110 00", region: "Hlavní město Praha" },
  { city: "Brno", zip: "602 00", region: "Jihomoravský kraj" },
  { city: "Ostrava", zip: "702 00", region: "Moravskoslezský kraj" },
  { city: "Plzeň", zip: "301 00", region: "Plzeňský kraj" },
  { city: "České Budějovice", zip: "370 01", region: "Jihočeský kraj" },
];
export const CONTACT_NOTES = [
  "Setkali jsme se na konferenci; preferuje e-mail před telefonem.",
  "Klíčový zákazník — „VIP“ péče, odpovídat do 24 hodin 🙂",
  "Fakturace přes účtárnu, IČO 12345678.",
];
export const CONTACT_CATEGORIES = ["Zákazník", "Dodavatel", "Kolega", "VIP"];

/** ASCII mail-address part of a Czech name: "Šťastný" → "stastny". */
export function asciiName(/** @type {string} */ text) {
  return text.normalize("NFD").replace(/[^\x00-\x7f]/g, "").replace(/[^A-Za-z0-9]+/g, ".").toLowerCase();
}
