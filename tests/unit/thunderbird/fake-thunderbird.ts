// In-memory stand-ins for the davsyncCalendar experiment and messenger.contacts, close enough to
// Thunderbird for the stores' contract: ids are UIDs, UIDs are unique across address books, every
// modify bumps the generation, and every write fires the listener like Thunderbird's observers.
import { CalendarStore, type CalendarApi, type CalendarStoreParams } from "../../../src/thunderbird/calendar-store";
import { EchoFilter } from "../../../src/thunderbird/echo-filter";
import type { ContactsApi } from "../../../src/thunderbird/address-book-store";

type Summary = messenger.davsyncCalendar.ItemSummary;

const uidOf = (text: string) => /\nUID:(.*)/.exec(text.replace(/\r/g, ""))?.[1]?.trim() ?? "";
const typeOf = (text: string): "event" | "task" => (text.includes("BEGIN:VTODO") ? "task" : "event");

export class FakeCalendar implements CalendarApi {
  readonly items = new Map<string, { ics: string; generation: number; lastModified: number }>();
  readonly events: { kind: string; summary: Summary | string }[] = [];
  clock = 1_000;

  constructor(readonly calendarId: string) {}

  private summary(id: string): Summary {
    const item = this.items.get(id)!;
    return { calendarId: this.calendarId, id, type: typeOf(item.ics), title: "", lastModified: item.lastModified, generation: item.generation };
  }

  /** A user's edit (Thunderbird stamps LAST-MODIFIED and bumps the generation). */
  userEdit(id: string, ics: string): void {
    const item = this.items.get(id)!;
    this.clock += 1000;
    this.items.set(id, { ics, generation: item.generation + 1, lastModified: this.clock });
  }

  listItems = async (calendarId: string) => [...this.items.keys()].filter(() => calendarId === this.calendarId).map((id) => this.summary(id));
  getItems = async (_calendarId: string, ids: string[]) =>
    ids.map((id) => ({ id, ics: this.items.get(id)?.ics ?? null, summary: this.items.has(id) ? this.summary(id) : null }));
  addItem = async (_calendarId: string, ics: string) => {
    const id = uidOf(ics);
    if (this.items.has(id)) throw new Error(`Item ${id} already exists in calendar ${this.calendarId}; use modifyItem`);
    this.items.set(id, { ics, generation: 0, lastModified: this.clock });
    this.events.push({ kind: "added", summary: this.summary(id) });
    return this.summary(id);
  };
  modifyItem = async (_calendarId: string, ics: string) => {
    const id = uidOf(ics);
    const old = this.items.get(id);
    if (!old) throw new Error(`Item ${id} does not exist in calendar ${this.calendarId}; use addItem`);
    this.items.set(id, { ics, generation: old.generation + 1, lastModified: old.lastModified });
    this.events.push({ kind: "modified", summary: this.summary(id) });
    return this.summary(id);
  };
  deleteItem = async (_calendarId: string, id: string) => {
    if (!this.items.delete(id)) throw new Error(`Item ${id} does not exist in calendar ${this.calendarId}`);
    this.events.push({ kind: "removed", summary: id });
  };
}

/** A CalendarStore over `api` for the events of "cal-1", writable, with a fresh cache and echo filter unless given. */
export function eventStore(params: Partial<CalendarStoreParams> & { api: CalendarApi }): CalendarStore {
  return new CalendarStore({ calendarId: "cal-1", itemType: "event", readOnly: false, asOwner: false, cache: {}, echo: new EchoFilter(), ...params });
}

type Node = messenger.contacts.ContactNode;

/** Thunderbird rewrites every card it stores; the fake appends a PRODID line to show that. */
export class FakeContacts implements ContactsApi {
  readonly cards = new Map<string, { parentId: string; vCard: string }>();

  private node(id: string): Node {
    const card = this.cards.get(id)!;
    return { id, parentId: card.parentId, type: "contact", properties: { vCard: card.vCard } };
  }

  list = async (parentId: string) => [...this.cards].filter(([, c]) => c.parentId === parentId).map(([id]) => this.node(id));
  get = async (id: string) => {
    if (!this.cards.has(id)) throw new Error(`contact ${id} not found`);
    return this.node(id);
  };
  create = (async (parentId: string, id: string, properties: { vCard?: string | null }) => {
    const vCard = properties.vCard ?? "";
    if (uidOf(vCard) !== id) throw new Error(`The card's UID ${uidOf(vCard)} should be matching the provided id ${id}`);
    if (this.cards.has(id)) throw new Error(`Duplicate contact id: ${id}`);
    this.cards.set(id, { parentId, vCard: vCard.replace("END:VCARD", "PRODID:-//Thunderbird//EN\r\nEND:VCARD") });
    return id;
  }) as ContactsApi["create"];
  update = async (id: string, properties: { [key: string]: string | null }) => {
    const card = this.cards.get(id)!;
    this.cards.set(id, { ...card, vCard: String(properties.vCard).replace("END:VCARD", "PRODID:-//Thunderbird//EN\r\nEND:VCARD") });
  };
  delete = async (id: string) => void this.cards.delete(id);
}
