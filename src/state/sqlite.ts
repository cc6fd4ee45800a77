/**
 * The gateway's state on Node, in node:sqlite: idempotency records and breakers in the
 * file STATE_DB names (so a restart still replays a keep), or in memory when it is unset.
 * Several processes may share one file. Tokens and the request budget stay in the
 * process: a live credential is never written to disk, and the cap is per process.
 */
import { closeSync, openSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { EMPTY_WINDOW, type RateWindow, takePermits } from '../core/state/rate-window.ts';
import {
  createSchema,
  SqlBreakers,
  SqlIdempotency,
  type SqlPort,
  type SqlRow,
  type SqlValue,
} from '../core/state/sql.ts';
import { processTokens } from '../core/state/token-holder.ts';
import {
  CLAIM_LEASE_MS,
  type GatewayState,
  IDEMPOTENCY_MAX_PER_SCOPE,
  IDEMPOTENCY_TTL_MS,
  type InstanceState,
  SWEEP_INTERVAL_MS,
} from '../core/state/types.ts';

export interface SqliteStateOptions {
  /** A file path; null keeps everything in memory, as long as the process lives. */
  path: string | null;
  now?: () => number;
  ttlMs?: number;
  /** Records one API key may hold (IDEMPOTENCY_MAX_ENTRIES); its oldest answers go first. */
  maxPerScope?: number;
  sweepIntervalMs?: number;
}

export interface SqliteState extends GatewayState {
  /** Removes expired records now; returns how many. */
  sweep(): number;
  /** Records held, all scopes or one. */
  records(scope?: string): number;
  /** The database's size in bytes, free pages included. */
  bytes(): number;
  /** The database itself, for the events' tables (src/events/node-events.ts). */
  readonly sql: SqlPort;
}

export function openSqliteState(options: SqliteStateOptions): SqliteState {
  const now = options.now ?? Date.now;
  if (options.path !== null) {
    // Created owner-only before SQLite opens it: answers to writes are nobody else's business.
    closeSync(openSync(options.path, 'a', 0o600));
  }
  const db = new DatabaseSync(options.path ?? ':memory:');
  // Several processes may share the file: readers do not block the writer, writers wait.
  db.exec('PRAGMA busy_timeout = 5000');
  if (options.path !== null) {
    db.exec('PRAGMA journal_mode = WAL');
    // Commits survive the process (a crash, a restart) without an fsync each, which would
    // block the event loop on every keep; a power cut may lose the last ones.
    db.exec('PRAGMA synchronous = NORMAL');
  }
  const port = sqlPort(db);
  createSchema(port);

  const records = new SqlIdempotency(port, {
    now,
    ttlMs: options.ttlMs ?? IDEMPOTENCY_TTL_MS,
    leaseMs: CLAIM_LEASE_MS,
    maxPerScope: options.maxPerScope ?? IDEMPOTENCY_MAX_PER_SCOPE,
  });
  const breakers = new SqlBreakers(port, now);
  const instances = new Map<string, InstanceState>();

  const sweep = () => records.sweep();
  sweep();
  const timer = setInterval(sweep, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();

  return {
    description:
      options.path === null
        ? 'in memory (STATE_DB unset): idempotency records last as long as the process'
        : `SQLite file ${options.path}`,
    scope: 'process',
    permitBatch: () => 1,
    idempotency: {
      claim: async (scope, key, fingerprint) => records.claim(scope, key, fingerprint),
      complete: async (scope, key, lease, answer) => records.complete(scope, key, lease, answer),
      release: async (scope, key, lease) => records.release(scope, key, lease),
    },
    instance(name) {
      let state = instances.get(name);
      if (!state) {
        state = processInstance(name, breakers, now);
        instances.set(name, state);
      }
      return state;
    },
    sweep,
    sql: port,
    records: (scope) => records.count(scope),
    bytes: () => {
      const [row] = port.all(
        'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
      );
      return Number(row?.bytes ?? 0);
    },
    close: async () => {
      clearInterval(timer);
      if (db.isOpen) db.close();
    },
  };
}

function processInstance(name: string, breakers: SqlBreakers, now: () => number): InstanceState {
  const tokens = processTokens(now);
  let window: RateWindow = EMPTY_WINDOW;
  return {
    token: (renew, stale) => tokens.token(renew, stale),
    breakerRead: async (policy) => breakers.view(name, policy),
    breakerProbe: async (policy) => breakers.probe(name, policy),
    breakerReport: async (policy, ok, probe) => breakers.report(name, policy, ok, probe),
    permits: async (maxPerSecond, wanted) => {
      const taken = takePermits(window, maxPerSecond, wanted, now());
      window = taken.window;
      return taken.grant;
    },
  };
}

function sqlPort(db: DatabaseSync): SqlPort {
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  let depth = 0;
  return {
    all: (sql, ...params) => prepared(sql).all(...(params as SQLInputValue[])) as SqlRow[],
    run: (sql, ...params: SqlValue[]) => {
      prepared(sql).run(...(params as SQLInputValue[]));
    },
    transaction: (fn) => {
      if (depth > 0) return fn();
      // IMMEDIATE takes the write lock first, so two processes cannot both claim a key.
      db.exec('BEGIN IMMEDIATE');
      depth++;
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
  };
}
