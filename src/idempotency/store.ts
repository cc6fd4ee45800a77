/**
 * Remembered answers to writes sent with an `Idempotency-Key`. Records are kept per scope
 * (the caller's API key), each scope a bounded, least recently used map whose entries
 * expire: one caller's traffic can only ever push out that caller's own records. It lives
 * in memory, in one process on Node or one isolate on the Worker (see README: a repeat that
 * lands elsewhere is not recognized).
 */

/** What a replay needs of the first answer, and nothing more. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type IdempotencyEntry =
  | { state: 'pending'; fingerprint: string; done: Promise<StoredAnswer> }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

export interface IdempotencyStoreOptions {
  /** Records kept per scope (API key); its least recently used go first beyond that. */
  maxEntries: number;
  ttlMs: number;
  now: () => number;
}

export const IDEMPOTENCY_DEFAULTS = { maxEntries: 1_000, ttlMs: 24 * 60 * 60 * 1000 };

type Records = Map<string, { entry: IdempotencyEntry; expires: number }>;

export class IdempotencyStore {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  private readonly scopes = new Map<string, Records>();
  private readonly options: IdempotencyStoreOptions;

  constructor(options: Partial<IdempotencyStoreOptions> = {}) {
    this.options = { ...IDEMPOTENCY_DEFAULTS, now: Date.now, ...options };
  }

  /** Records held, every scope together. */
  get size(): number {
    let size = 0;
    for (const records of this.scopes.values()) size += records.size;
    return size;
  }

  get(scope: string, key: string): IdempotencyEntry | undefined {
    const records = this.scopes.get(scope);
    const found = records?.get(key);
    if (!records || !found) return undefined;
    records.delete(key);
    if (found.expires <= this.options.now()) {
      if (records.size === 0) this.scopes.delete(scope);
      return undefined;
    }
    records.set(key, found);
    return found.entry;
  }

  set(scope: string, key: string, entry: IdempotencyEntry): void {
    let records = this.scopes.get(scope);
    if (!records) {
      records = new Map();
      this.scopes.set(scope, records);
    }
    records.delete(key);
    records.set(key, { entry, expires: this.options.now() + this.options.ttlMs });
    while (records.size > this.options.maxEntries) {
      const oldest = records.keys().next().value;
      if (oldest === undefined) break;
      records.delete(oldest);
    }
  }

  delete(scope: string, key: string): void {
    const records = this.scopes.get(scope);
    if (!records) return;
    records.delete(key);
    if (records.size === 0) this.scopes.delete(scope);
  }
}
