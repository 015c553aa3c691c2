// EchoFilter: tells the add-on's own writes apart from user edits. Every write we make to a
// Thunderbird calendar or address book fires the same added / modified / removed events as a
// user's edit; without this, each sync would trigger another sync ~10 s later, forever.
// Contract: stores call begin() before a write and end() after it with the version it produced;
// the change trigger asks isEcho() for every event. Pure (clock injected).

/** Which item an event concerns: the calendar / book id and the item id in it. */
export interface EchoKey {
  folderId: string;
  itemId: string;
}

export interface EchoFilterOptions {
  /** How long a finished write still explains events for it (Thunderbird fires them late). */
  holdMs?: number;
  now?: () => number;
}

/**
 * Versions our finished writes left behind ("deleted" for a delete, UNKNOWN when the store could
 * not tell), each with its expiry. Several per item: Thunderbird may deliver the event of an add
 * after we already modified the item again.
 */
type Recent = Map<string, number>;

const UNKNOWN = "\u0000unknown";

const DEFAULT_HOLD_MS = 5_000;

const keyOf = (k: EchoKey): string => `${k.folderId}\u0000${k.itemId}`;

export class EchoFilter {
  private readonly pending = new Map<string, number>();
  private readonly recent = new Map<string, Recent>();
  private readonly holdMs: number;
  private readonly now: () => number;

  constructor(options: EchoFilterOptions = {}) {
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.now = options.now ?? Date.now;
  }

  /** Marks a write as in flight; Thunderbird fires its event before the write call returns. */
  begin(key: EchoKey): void {
    const k = keyOf(key);
    this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
  }

  /** The write finished (or failed: version undefined and nothing to remember). */
  end(params: { key: EchoKey; version?: string | undefined; failed?: boolean }): void {
    const k = keyOf(params.key);
    const left = (this.pending.get(k) ?? 1) - 1;
    if (left > 0) this.pending.set(k, left);
    else this.pending.delete(k);
    if (params.failed) return;
    const versions = this.recent.get(k) ?? new Map<string, number>();
    versions.set(params.version ?? UNKNOWN, this.now() + this.holdMs);
    this.recent.set(k, versions);
  }

  /**
   * True when the event is explained by our own write: one is in flight for the item, or one just
   * finished and left exactly this version. A user edit racing our write of the same item is
   * taken for an echo; the next sync still sees it (its version differs from the status).
   */
  isEcho(params: { key: EchoKey; version?: string | undefined }): boolean {
    this.prune();
    const k = keyOf(params.key);
    if ((this.pending.get(k) ?? 0) > 0) return true;
    const recent = this.recent.get(k);
    if (!recent) return false;
    // Versions unknown on either side: within the hold time the write is the likelier cause.
    if (recent.has(UNKNOWN) || params.version === undefined) return true;
    return recent.has(params.version);
  }

  private prune(): void {
    const now = this.now();
    for (const [k, versions] of this.recent) {
      for (const [version, until] of versions) if (until <= now) versions.delete(version);
      if (versions.size === 0) this.recent.delete(k);
    }
  }
}
