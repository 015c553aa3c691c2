// AddressBookStore: one Thunderbird address book as a core Store, over messenger.contacts with
// vCard text (MV2: node.properties.vCard). Item id = the contact's id = its local vCard UID;
// version = a hash of the stored vCard text (the contacts API has no revision counter).
// Thunderbird refuses a UID that exists in any other book, so a card already present elsewhere
// gets a local UID (vcard-uid.ts) and `uidMap` translates it back: the server only ever sees its
// own UID. Every write is announced to the EchoFilter.
import { PreconditionFailed, type ItemState, type Store, type StoredItem, type WriteResult } from "../core";
import { fnv1a64 } from "../ical/hash";
import type { EchoFilter } from "./echo-filter";
import { describeItem, pruneCache, toItemState, type CachedItem, type ItemCache } from "./item-cache";
import { localUidFor, withVcardUid } from "./vcard-uid";

type Contacts = typeof messenger.contacts;
export type ContactsApi = Pick<Contacts, "list" | "get" | "create" | "update" | "delete">;

export interface AddressBookStoreParams {
  api: ContactsApi;
  bookId: string;
  readOnly: boolean;
  cache: ItemCache;
  /** Local contact id → server UID, for cards that needed a local UID (persisted by the caller). */
  uidMap: Record<string, string>;
  echo: EchoFilter;
  /**
   * Optional spelling of cards for Thunderbird (src/dav/fetch-photo.ts contactPhotoForm: server
   * photos inlined): `toThunderbird` before every create / update, `fromThunderbird` on every read,
   * so the engine only ever sees the server's form.
   */
  cardForm?: { toThunderbird(p: { content: string }): Promise<string>; fromThunderbird(p: { text: string }): string };
}

type ContactNode = messenger.contacts.ContactNode;

export function contactVersion(vCard: string): string {
  return fnv1a64({ text: vCard });
}

const vCardOf = (node: ContactNode): string => node.properties.vCard ?? "";

export class AddressBookStore implements Store {
  readonly readOnly: boolean;
  private readonly p: AddressBookStoreParams;

  constructor(params: AddressBookStoreParams) {
    this.p = params;
    this.readOnly = params.readOnly;
  }

  async list(): Promise<ItemState[]> {
    const nodes = (await this.p.api.list(this.p.bookId)).filter((n) => n.type === "contact");
    pruneCache({ cache: this.p.cache, keep: nodes.map((n) => n.id) });
    return nodes.map((node) => toItemState({ id: node.id, cached: this.describe(node) }));
  }

  async get(params: { id: string }): Promise<StoredItem | undefined> {
    const node = await this.find(params.id);
    if (!node || node.parentId !== this.p.bookId) return undefined;
    const state = toItemState({ id: node.id, cached: this.describe(node) });
    return { state, content: this.serverText(node) };
  }

  async create(params: { uid: string; content: string }): Promise<WriteResult> {
    const { api, bookId, echo } = this.p;
    // The UID is taken when any book (this one included: a race) already holds it.
    const taken = await this.find(params.uid);
    if (taken?.parentId === bookId) throw new PreconditionFailed({ reason: "exists", id: params.uid });
    const localUid = taken ? localUidFor({ uid: params.uid, bookId }) : params.uid;
    const content = this.p.cardForm ? await this.p.cardForm.toThunderbird({ content: params.content }) : params.content;
    const vCard = taken ? withVcardUid({ text: content, uid: localUid }) : content;
    const key = { folderId: bookId, itemId: localUid };
    echo.begin(key);
    try {
      const id = await api.create(bookId, localUid, { vCard });
      if (taken) this.p.uidMap[id] = params.uid;
      return await this.written({ id, content: params.content });
    } catch (error) {
      echo.end({ key, failed: true });
      throw error;
    }
  }

  async update(params: { id: string; version: string; content: string }): Promise<WriteResult> {
    await this.expectVersion(params);
    const key = { folderId: this.p.bookId, itemId: params.id };
    const mapped = this.p.uidMap[params.id] !== undefined;
    const content = this.p.cardForm ? await this.p.cardForm.toThunderbird({ content: params.content }) : params.content;
    const vCard = mapped ? withVcardUid({ text: content, uid: params.id }) : content;
    this.p.echo.begin(key);
    try {
      await this.p.api.update(params.id, { vCard });
      return await this.written({ id: params.id, content: params.content });
    } catch (error) {
      this.p.echo.end({ key, failed: true });
      throw error;
    }
  }

  async delete(params: { id: string; version: string }): Promise<void> {
    await this.expectVersion(params);
    const key = { folderId: this.p.bookId, itemId: params.id };
    this.p.echo.begin(key);
    try {
      await this.p.api.delete(params.id);
      this.p.echo.end({ key, version: "deleted" });
      delete this.p.cache[params.id];
      delete this.p.uidMap[params.id];
    } catch (error) {
      this.p.echo.end({ key, failed: true });
      throw error;
    }
  }

  /** The contact if it exists in *this* book; contacts.get throws for unknown ids. */
  private async find(id: string): Promise<ContactNode | undefined> {
    try {
      return await this.p.api.get(id);
    } catch {
      return undefined;
    }
  }

  private async expectVersion(params: { id: string; version: string }): Promise<void> {
    const node = await this.find(params.id);
    if (!node || node.parentId !== this.p.bookId) throw new PreconditionFailed({ reason: "gone", id: params.id });
    if (contactVersion(vCardOf(node)) !== params.version) throw new PreconditionFailed({ reason: "changed", id: params.id });
  }

  /** The card as the server should see it: with its server UID when it has a local one. */
  private serverText(node: ContactNode): string {
    const uid = this.p.uidMap[node.id];
    const text = this.p.cardForm ? this.p.cardForm.fromThunderbird({ text: vCardOf(node) }) : vCardOf(node);
    return uid === undefined ? text : withVcardUid({ text, uid });
  }

  private describe(node: ContactNode): CachedItem {
    const version = contactVersion(vCardOf(node));
    const cached = this.p.cache[node.id];
    if (cached?.version === version) return cached;
    const fresh = describeItem({ id: node.id, version, text: this.serverText(node) });
    this.p.cache[node.id] = fresh;
    return fresh;
  }

  /** Thunderbird rewrites the card (vCard 4, its own PRODID): remember our text's hash for its version. */
  private async written(params: { id: string; content: string }): Promise<WriteResult> {
    const key = { folderId: this.p.bookId, itemId: params.id };
    const node = await this.find(params.id);
    const version = node ? contactVersion(vCardOf(node)) : "";
    this.p.echo.end({ key, version });
    this.p.cache[params.id] = describeItem({ id: params.id, version, text: params.content });
    return { id: params.id, version };
  }
}
