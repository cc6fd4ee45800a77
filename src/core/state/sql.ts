/**
 * Idempotency records and breakers in SQLite, written once for both engines that run it:
 * node:sqlite on Node and a Durable Object's storage on the Worker. Each engine hands in
 * a SqlPort; every method here runs in one transaction and never awaits, so it is atomic
 * in a Durable Object (single-threaded) and across processes sharing a file (BEGIN
 * IMMEDIATE).
 */
import {
  type BreakerRecord,
  breakerChange,
  breakerView,
  CLOSED_BREAKER,
  probeBreaker,
  reportToBreaker,
} from './breaker-record.ts';
import {
  type BreakerChange,
  type BreakerPolicy,
  type BreakerView,
  type ClaimResult,
  LIVE_CLAIM_MS,
  type StoredAnswer,
} from './types.ts';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlPort {
  all(sql: string, ...params: SqlValue[]): SqlRow[];
  run(sql: string, ...params: SqlValue[]): void;
  transaction<T>(fn: () => T): T;
}

export const STATE_SCHEMA = [
  // `lease` is set while the first request runs, `answer` once it has answered.
  `CREATE TABLE IF NOT EXISTS idempotency (
     scope TEXT NOT NULL,
     key TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     lease TEXT,
     answer TEXT,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (scope, key)
   )`,
  'CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (expires_at)',
  'CREATE INDEX IF NOT EXISTS idempotency_scope ON idempotency (scope, expires_at)',
  `CREATE TABLE IF NOT EXISTS breaker (
     instance TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     failures INTEGER NOT NULL,
     opened_at INTEGER,
     probe_until INTEGER
   )`,
];

export function createSchema(db: SqlPort): void {
  for (const statement of STATE_SCHEMA) db.run(statement);
}

export interface SqlIdempotencyOptions {
  now: () => number;
  ttlMs: number;
  leaseMs: number;
  /** Records one scope may hold in this database; a claim may say otherwise. */
  maxPerScope?: number;
  newLease?: () => string;
}

export class SqlIdempotency {
  private readonly db: SqlPort;
  private readonly options: SqlIdempotencyOptions;
  private readonly newLease: () => string;

  constructor(db: SqlPort, options: SqlIdempotencyOptions) {
    this.db = db;
    this.options = options;
    this.newLease = options.newLease ?? (() => crypto.randomUUID());
  }

  claim(
    scope: string,
    key: string,
    fingerprint: string,
    maxPerScope = this.options.maxPerScope ?? Number.POSITIVE_INFINITY,
  ): ClaimResult {
    return this.db.transaction(() => {
      const now = this.options.now();
      const [row] = this.db.all(
        'SELECT fingerprint, lease, answer, expires_at FROM idempotency WHERE scope = ? AND key = ? AND expires_at > ?',
        scope,
        key,
        now,
      );
      if (row) {
        if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (typeof row.answer === 'string') {
          return { kind: 'replay', answer: JSON.parse(row.answer) as StoredAnswer };
        }
        return { kind: 'in_use', retryAfterSeconds: this.retryAfter(Number(row.expires_at), now) };
      }
      const lease = this.newLease();
      this.db.run(
        `INSERT INTO idempotency (scope, key, fingerprint, lease, answer, expires_at)
         VALUES (?, ?, ?, ?, NULL, ?)
         ON CONFLICT (scope, key) DO UPDATE SET
           fingerprint = excluded.fingerprint, lease = excluded.lease, answer = NULL,
           expires_at = excluded.expires_at`,
        scope,
        key,
        fingerprint,
        lease,
        now + this.options.leaseMs,
      );
      this.bound(scope, maxPerScope);
      return { kind: 'claimed', lease };
    });
  }

  /**
   * How long a repeat should wait for a claim that expires at `expiresAt`: a young claim's
   * request is most likely running and answers within seconds; one older than
   * LIVE_CLAIM_MS belongs to a request that died with its runtime, and the key is free
   * only when the claim lapses.
   */
  private retryAfter(expiresAt: number, now: number): number {
    const age = now - (expiresAt - this.options.leaseMs);
    if (age < LIVE_CLAIM_MS) return 1;
    return Math.max(1, Math.ceil((expiresAt - now) / 1000));
  }

  complete(scope: string, key: string, lease: string, answer: StoredAnswer): void {
    this.db.run(
      'UPDATE idempotency SET lease = NULL, answer = ?, expires_at = ? WHERE scope = ? AND key = ? AND lease = ?',
      JSON.stringify(answer),
      this.options.now() + this.options.ttlMs,
      scope,
      key,
      lease,
    );
  }

  release(scope: string, key: string, lease: string): void {
    this.db.run(
      'DELETE FROM idempotency WHERE scope = ? AND key = ? AND lease = ?',
      scope,
      key,
      lease,
    );
  }

  /** Removes expired records; returns how many. */
  sweep(): number {
    return this.db.transaction(() => {
      const now = this.options.now();
      const [row] = this.db.all('SELECT COUNT(*) AS n FROM idempotency WHERE expires_at <= ?', now);
      this.db.run('DELETE FROM idempotency WHERE expires_at <= ?', now);
      return Number(row?.n ?? 0);
    });
  }

  /** When the next record expires, or null when there is none. */
  nextExpiry(): number | null {
    const [row] = this.db.all('SELECT MIN(expires_at) AS at FROM idempotency');
    return typeof row?.at === 'number' ? row.at : null;
  }

  count(scope?: string): number {
    const [row] =
      scope === undefined
        ? this.db.all('SELECT COUNT(*) AS n FROM idempotency')
        : this.db.all('SELECT COUNT(*) AS n FROM idempotency WHERE scope = ?', scope);
    return Number(row?.n ?? 0);
  }

  /**
   * One scope's records beyond its share go, oldest answers first: one API key's traffic
   * never evicts another's, and claims in flight are never dropped.
   */
  private bound(scope: string, maxPerScope: number): void {
    const excess = this.count(scope) - maxPerScope;
    if (excess <= 0) return;
    this.db.run(
      `DELETE FROM idempotency WHERE scope = ? AND key IN (
         SELECT key FROM idempotency WHERE scope = ? AND lease IS NULL
         ORDER BY expires_at LIMIT ?)`,
      scope,
      scope,
      excess,
    );
  }
}

/** Breaker records by instance name; the moves themselves are in breaker-record.ts. */
export class SqlBreakers {
  private readonly db: SqlPort;
  private readonly now: () => number;

  constructor(db: SqlPort, now: () => number) {
    this.db = db;
    this.now = now;
  }

  view(instance: string, policy: BreakerPolicy): BreakerView {
    return breakerView(this.read(instance), policy, this.now());
  }

  probe(instance: string, policy: BreakerPolicy): BreakerChange & { granted: boolean } {
    return this.update(instance, policy, (record, now) => probeBreaker(record, policy, now));
  }

  report(instance: string, policy: BreakerPolicy, ok: boolean, probe: boolean): BreakerChange {
    return this.update(instance, policy, (record, now) => ({
      record: reportToBreaker(record, policy, ok, probe, now),
    }));
  }

  private read(instance: string): BreakerRecord {
    const [row] = this.db.all(
      'SELECT state, failures, opened_at, probe_until FROM breaker WHERE instance = ?',
      instance,
    );
    if (!row) return CLOSED_BREAKER;
    return {
      state: row.state as BreakerRecord['state'],
      failures: Number(row.failures),
      openedAt: typeof row.opened_at === 'number' ? row.opened_at : null,
      probeUntil: typeof row.probe_until === 'number' ? row.probe_until : null,
    };
  }

  /** Reads, moves and writes back in one transaction. */
  private update<T extends { record: BreakerRecord }>(
    instance: string,
    policy: BreakerPolicy,
    move: (record: BreakerRecord, now: number) => T,
  ): Omit<T, 'record'> & BreakerChange {
    return this.db.transaction(() => {
      const now = this.now();
      const before = this.read(instance);
      const { record: after, ...rest } = move(before, now);
      if (after !== before) {
        this.db.run(
          `INSERT INTO breaker (instance, state, failures, opened_at, probe_until)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (instance) DO UPDATE SET state = excluded.state,
             failures = excluded.failures, opened_at = excluded.opened_at,
             probe_until = excluded.probe_until`,
          instance,
          after.state,
          after.failures,
          after.openedAt,
          after.probeUntil,
        );
      }
      return {
        ...rest,
        view: breakerView(after, policy, now),
        transition: breakerChange(before, after),
      };
    });
  }
}
