/**
 * Remembered answers to writes sent with an `Idempotency-Key`: a bounded, least recently
 * used map whose entries expire. It lives in memory, in one process on Node or one isolate
 * on the Worker (see README: a repeat that lands elsewhere is not recognized).
 */

export interface StoredAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export type IdempotencyEntry =
  | { state: 'pending'; fingerprint: string; done: Promise<StoredAnswer> }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

export interface IdempotencyStoreOptions {
  maxEntries: number;
  ttlMs: number;
  now: () => number;
}

export const IDEMPOTENCY_DEFAULTS = { maxEntries: 10_000, ttlMs: 24 * 60 * 60 * 1000 };

export class IdempotencyStore {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  private readonly entries = new Map<string, { entry: IdempotencyEntry; expires: number }>();
  private readonly options: IdempotencyStoreOptions;

  constructor(options: Partial<IdempotencyStoreOptions> = {}) {
    this.options = { ...IDEMPOTENCY_DEFAULTS, now: Date.now, ...options };
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): IdempotencyEntry | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    if (found.expires <= this.options.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, found);
    return found.entry;
  }

  set(key: string, entry: IdempotencyEntry): void {
    this.entries.delete(key);
    this.entries.set(key, { entry, expires: this.options.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
