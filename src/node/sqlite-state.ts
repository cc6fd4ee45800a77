/**
 * The gateway's state on Node, in node:sqlite: idempotency records and breakers in the
 * file STATE_DB names (so a restart still replays a keep), or in memory when it is unset.
 * Tokens and the request budget stay in the process: a live credential is never written
 * to disk, and the cap is per process.
 *
 * Several processes may share one file (WAL: readers never wait), and then share the random
 * keys the gateway makes for itself (an unset cursor key), so each accepts the others'
 * cursors. node:sqlite is synchronous, so a write lock held by another process is never
 * waited for on the event loop: a write that meets it is tried again on timers, for a
 * bounded time, and then fails (an idempotency claim becomes a 503 `state_unavailable`; a
 * breaker update is skipped, as when the state is out of reach). A file deleted or
 * replaced under the running process is noticed: it is logged, and keyed writes are
 * refused from then on, rather than kept in a store no other process and no restart will see.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/logger.ts';
import {
  cachedKeys,
  instanceKeyName,
  type NamedKeys,
  SqlNamedKeys,
} from '../core/state/named-keys.ts';
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
  /** Hears of a deleted or replaced file. */
  logger?: Pick<Logger, 'error'>;
}

/** How long a keyed write waits, on timers, for another process's write lock. */
export const CLAIM_LOCK_WAIT_MS = 1_000;
/** Completing a record is worth a longer wait: the provider has already answered. */
export const COMPLETE_LOCK_WAIT_MS = 5_000;
/** How often the file's identity is checked between writes (each keyed write checks it too). */
const FILE_CHECK_MS = 5_000;

export interface SqliteState extends GatewayState {
  /** Removes expired records now; returns how many. */
  sweep(): number;
  /** Records held, all scopes or one. */
  records(scope?: string): number;
  /** The database's size in bytes, free pages included. */
  bytes(): number;
  /** SQL statements run since the state was opened: what a request costs the database. */
  statements(): number;
  /** The database itself, for the events' tables (src/node/events.ts). */
  readonly sql: SqlPort;
}

export function openSqliteState(options: SqliteStateOptions): SqliteState {
  const now = options.now ?? Date.now;
  if (options.path !== null) {
    // Created owner-only before SQLite opens it: answers to writes are nobody else's business.
    closeSync(openSync(options.path, 'a', 0o600));
  }
  const db = new DatabaseSync(options.path ?? ':memory:');
  // While opening, nothing is served yet: waiting for another process's lock blocks nobody.
  db.exec('PRAGMA busy_timeout = 5000');
  if (options.path !== null) {
    db.exec('PRAGMA journal_mode = WAL');
    // Commits survive the process (a crash, a restart) without an fsync each, which would
    // block the event loop on every keep; a power cut may lose the last ones.
    db.exec('PRAGMA synchronous = NORMAL');
  }
  const counted = { statements: 0 };
  const port = sqlPort(db, counted);
  createSchema(port);
  // From now on a lock held elsewhere fails at once (SQLITE_BUSY) instead of blocking the
  // event loop; `patiently` below waits for it on timers.
  db.exec('PRAGMA busy_timeout = 0');

  const records = new SqlIdempotency(port, {
    now,
    ttlMs: options.ttlMs ?? IDEMPOTENCY_TTL_MS,
    leaseMs: CLAIM_LEASE_MS,
    maxPerScope: options.maxPerScope ?? IDEMPOTENCY_MAX_PER_SCOPE,
  });
  const breakers = new SqlBreakers(port, now);
  const named = new SqlNamedKeys(port);
  // Made once, on first use: a lock held elsewhere is waited for on timers, like any write.
  const keys = cachedKeys((name) =>
    patiently(() => named.getOrCreate(name), COMPLETE_LOCK_WAIT_MS),
  );
  const instances = new Map<string, InstanceState>();
  const file = options.path === null ? null : watchFile(options.path, options.logger);
  /** A keyed write: refused once the file is gone, retried on timers while it is locked. */
  const keyed = <T>(waitMs: number, write: () => T): Promise<T> => {
    file?.check();
    return patiently(write, waitMs);
  };

  const sweep = () => {
    try {
      return records.sweep();
    } catch (error) {
      // Another process holds the lock: the next sweep will do (expired records are ignored).
      if (isBusy(error)) return 0;
      throw error;
    }
  };
  sweep();
  const timer = setInterval(sweep, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();
  // Noticed even while nothing is written (the check throws once the file is lost).
  const watch = setInterval(() => {
    try {
      file?.check();
    } catch {
      clearInterval(watch);
    }
  }, FILE_CHECK_MS);
  watch.unref();

  return {
    description:
      options.path === null
        ? 'in memory (STATE_DB unset): idempotency records and keys made for unset cursor keys last as long as the process'
        : `SQLite file ${options.path}`,
    scope: 'process',
    permitBatch: () => 1,
    idempotency: {
      claim: (scope, key, fingerprint) =>
        keyed(CLAIM_LOCK_WAIT_MS, () => records.claim(scope, key, fingerprint)),
      complete: (scope, key, lease, answer) =>
        keyed(COMPLETE_LOCK_WAIT_MS, () => records.complete(scope, key, lease, answer)),
      release: (scope, key, lease) =>
        keyed(COMPLETE_LOCK_WAIT_MS, () => records.release(scope, key, lease)),
    },
    keys,
    instance(name) {
      let state = instances.get(name);
      if (!state) {
        state = processInstance(name, breakers, keys, now);
        instances.set(name, state);
      }
      return state;
    },
    sweep,
    sql: port,
    records: (scope) => records.count(scope),
    statements: () => counted.statements,
    bytes: () => {
      const [row] = port.all(
        'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
      );
      return Number(row?.bytes ?? 0);
    },
    close: async () => {
      clearInterval(timer);
      clearInterval(watch);
      if (db.isOpen) db.close();
    },
  };
}

function processInstance(
  name: string,
  breakers: SqlBreakers,
  keys: NamedKeys,
  now: () => number,
): InstanceState {
  const tokens = processTokens(now);
  let window: RateWindow = EMPTY_WINDOW;
  return {
    token: (renew, stale, freshRejected) => tokens.token(renew, stale, freshRejected),
    breakerRead: async (policy) => breakers.view(name, policy),
    breakerProbe: async (policy) => breakers.probe(name, policy),
    breakerReport: async (policy, ok, probe) => breakers.report(name, policy, ok, probe),
    permits: async (maxPerSecond, wanted, caller, own) => {
      const taken = takePermits(window, maxPerSecond, wanted, now(), caller, own);
      window = taken.window;
      return taken.grant;
    },
    key: (key) => keys.getOrCreate(instanceKeyName(name, key)),
  };
}

/** Thrown when the write lock stayed with another process for the whole wait. */
export class StateBusyError extends Error {
  constructor(waitedMs: number) {
    super(`the STATE_DB file stayed locked by another process for ${waitedMs} ms`);
    this.name = 'StateBusyError';
  }
}

/** SQLITE_BUSY (5) and its extended codes: another connection holds the lock. */
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === 'number' && (code & 0xff) === 5;
}

/**
 * `write` now, or again after 5, 10, 20… ms (at most 100 ms apart) while another process
 * holds the lock, until `waitMs` have passed. Each try is one transaction that either
 * happened or did not, so a refusal leaves nothing half-written.
 */
async function patiently<T>(write: () => T, waitMs: number): Promise<T> {
  const started = performance.now();
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (performance.now() - started + delay > waitMs) throw new StateBusyError(waitMs);
    }
    await sleep(delay);
  }
}

/**
 * The file SQLite opened, by device and inode: a path that no longer leads to it (deleted,
 * or replaced by another file) means this process writes where nobody else reads.
 */
function watchFile(path: string, logger: SqliteStateOptions['logger']): { check(): void } {
  const opened = statSync(path);
  let lost: string | null = null;
  return {
    check() {
      if (lost === null) {
        const now = statSync(path, { throwIfNoEntry: false });
        if (!now || now.ino !== opened.ino || now.dev !== opened.dev) {
          lost = now ? 'replaced' : 'deleted';
          logger?.error(
            { stateDb: path },
            `STATE_DB file was deleted or replaced (${lost}) while the gateway runs: its idempotency records are no longer shared with other processes or kept for a restart, so writes with an Idempotency-Key are refused (503 state_unavailable) until the gateway is restarted`,
          );
        }
      }
      if (lost !== null) throw new Error(`the STATE_DB file was ${lost} while in use`);
    },
  };
}

function sqlPort(db: DatabaseSync, counted: { statements: number }): SqlPort {
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
    all: (sql, ...params) => {
      counted.statements++;
      return prepared(sql).all(...(params as SQLInputValue[])) as SqlRow[];
    },
    run: (sql, ...params: SqlValue[]) => {
      counted.statements++;
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
