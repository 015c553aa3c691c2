// Which local folders may have changed since a run last listed them. Thunderbird tells us about
// every edit (the change trigger's events), so a folder nobody touched since its last listing
// need not be listed again: the store's cache of versions and hashes is exactly what a listing
// would give. Conservative by construction: unknown (after start-up) = changed; any event of
// someone else, or a bulk write of ours (whose per-item events Thunderbird is not told), = changed;
// and a folder is listed at least once an hour anyway, in case an edit slipped past the events.
export const FULL_LISTING_EVERY_MS = 60 * 60 * 1000;

export class LocalChangeLedger {
  /** Folder id → when its last listing started; present only while no change was seen since. */
  private readonly listedAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A listing of the folder starts now; changes from here on make it changed again. */
  listing(folderId: string): void {
    this.listedAt.set(folderId, this.now());
  }

  changed(folderId: string): void {
    this.listedAt.delete(folderId);
  }

  /** True when the folder's last listing is still what it holds (and not older than an hour). */
  unchangedSinceListing(folderId: string): boolean {
    const at = this.listedAt.get(folderId);
    return at !== undefined && this.now() - at < FULL_LISTING_EVERY_MS;
  }
}
