/**
 * The gateway's state on the Worker, in SQLite-backed Durable Objects, so every isolate in
 * every location sees the same answers:
 *
 * - IdempotencyShard: idempotency records, spread over SHARDS objects by a hash of the API
 *   key's name and the Idempotency-Key, so no single object serves every write of the
 *   fleet. An alarm removes expired records.
 * - ProviderInstanceState: one object per provider instance, holding its token (requested
 *   by one isolate at a time, on the object's say), its breaker, its request budget and
 *   its random keys (an unset cursor key). One more object of the class, `gateway-keys`,
 *   holds the gateway's keys that belong to no instance.
 *
 * The classes run inside the Durable Objects; createDurableObjectState is the isolates'
 * side, which reaches them through their namespace bindings.
 */
import { DurableObject } from 'cloudflare:workers';
import { cachedKeys, type NamedKeys, SqlNamedKeys } from '../core/state/named-keys.ts';
import { EMPTY_WINDOW, type RateWindow, takePermits } from '../core/state/rate-window.ts';
import {
  createSchema,
  SqlBreakers,
  SqlIdempotency,
  type SqlPort,
  type SqlRow,
} from '../core/state/sql.ts';
import { type HeldToken, TokenHolder } from '../core/state/token-holder.ts';
import {
  type BreakerChange,
  type BreakerPolicy,
  type BreakerView,
  CLAIM_LEASE_MS,
  type ClaimResult,
  type GatewayState,
  IDEMPOTENCY_MAX_PER_SCOPE,
  IDEMPOTENCY_TTL_MS,
  type InstanceState,
  type PermitGrant,
  type StoredAnswer,
  SWEEP_INTERVAL_MS,
  type TokenOutcome,
  type TokenRenewal,
} from '../core/state/types.ts';

/**
 * Enough for the fleet's writes: an object serves several hundred small SQL requests a
 * second, keeps and deletes come far slower. Changing it moves keys between objects, so
 * records made before the change are not found after it.
 */
export const IDEMPOTENCY_SHARDS = 16;

/** What wrangler.toml binds: the two namespaces. */
export type StateBindings = Pick<Env, 'IDEMPOTENCY' | 'INSTANCE_STATE'>;

/** An object's SQLite storage as the shared SQL stores use it. */
export function storagePort(ctx: DurableObjectState): SqlPort {
  const { sql } = ctx.storage;
  return {
    all: (query, ...params) => sql.exec<SqlRow>(query, ...params).toArray(),
    run: (query, ...params) => {
      sql.exec(query, ...params);
    },
    transaction: (fn) => ctx.storage.transactionSync(fn),
  };
}

export class IdempotencyShard extends DurableObject<Env> {
  private readonly records: SqlIdempotency;
  /** The alarm as last set here; undefined until read from storage. */
  private alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const port = storagePort(ctx);
    createSchema(port);
    this.records = new SqlIdempotency(port, {
      now: Date.now,
      ttlMs: IDEMPOTENCY_TTL_MS,
      leaseMs: CLAIM_LEASE_MS,
    });
  }

  /** `maxPerScope`: this shard's share of the records one API key may hold. */
  async claim(
    scope: string,
    key: string,
    fingerprint: string,
    maxPerScope: number,
  ): Promise<ClaimResult> {
    const result = this.records.claim(scope, key, fingerprint, maxPerScope);
    if (result.kind === 'claimed') await this.arm();
    return result;
  }

  async complete(scope: string, key: string, lease: string, answer: StoredAnswer): Promise<void> {
    this.records.complete(scope, key, lease, answer);
  }

  async release(scope: string, key: string, lease: string): Promise<void> {
    this.records.release(scope, key, lease);
  }

  override async alarm(): Promise<void> {
    this.records.sweep();
    this.alarmAt = null;
    await this.arm();
  }

  /**
   * One alarm at a time, at the next expiry but at most once per SWEEP_INTERVAL_MS: an
   * expired record is already ignored by `claim`, the alarm only frees its storage.
   */
  private async arm(): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt !== null) return;
    const next = this.records.nextExpiry();
    if (next === null) return;
    this.alarmAt = Math.max(next, Date.now() + SWEEP_INTERVAL_MS);
    await this.ctx.storage.setAlarm(this.alarmAt);
  }
}

/** The object of one provider instance: its token, breaker and request budget. */
export class ProviderInstanceState extends DurableObject<Env> implements InstanceState {
  private readonly breakers: SqlBreakers;
  private readonly tokens: TokenHolder;
  private readonly keys: SqlNamedKeys;
  // In memory: the object lives as long as requests keep arriving, and a window is a second.
  private window: RateWindow = EMPTY_WINDOW;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const port = storagePort(ctx);
    createSchema(port);
    port.run(
      'CREATE TABLE IF NOT EXISTS token (id INTEGER PRIMARY KEY, value TEXT, expires_at INTEGER)',
    );
    this.breakers = new SqlBreakers(port, Date.now);
    this.keys = new SqlNamedKeys(port);
    // Stored, so an evicted object hands out the same token when it comes back.
    this.tokens = new TokenHolder(
      {
        load: () => {
          const [row] = port.all('SELECT value, expires_at FROM token WHERE id = 1');
          return row && typeof row.value === 'string'
            ? ({ value: row.value, expiresAt: Number(row.expires_at) } satisfies HeldToken)
            : null;
        },
        save: (token) => {
          if (token === null) port.run('DELETE FROM token WHERE id = 1');
          else
            port.run(
              'INSERT OR REPLACE INTO token (id, value, expires_at) VALUES (1, ?, ?)',
              token.value,
              token.expiresAt,
            );
        },
      },
      Date.now,
    );
  }

  token(renew: TokenRenewal, stale: string | null, freshRejected?: boolean): Promise<TokenOutcome> {
    return this.tokens.token(renew, stale, freshRejected);
  }

  async breakerRead(policy: BreakerPolicy): Promise<BreakerView> {
    return this.breakers.view('self', policy);
  }

  async breakerProbe(policy: BreakerPolicy): Promise<BreakerChange & { granted: boolean }> {
    return this.breakers.probe('self', policy);
  }

  async breakerReport(policy: BreakerPolicy, ok: boolean, probe: boolean): Promise<BreakerChange> {
    return this.breakers.report('self', policy, ok, probe);
  }

  async permits(
    maxPerSecond: number,
    wanted: number,
    caller?: string,
    own?: boolean,
  ): Promise<PermitGrant> {
    const taken = takePermits(this.window, maxPerSecond, wanted, Date.now(), caller, own);
    this.window = taken.window;
    return taken.grant;
  }

  async key(name: string): Promise<Uint8Array> {
    return this.keys.getOrCreate(name);
  }
}

export interface DurableObjectStateOptions {
  /** Names every object with this prefix: apps with different prefixes share nothing. */
  prefix?: string;
  /**
   * Records one API key may hold (IDEMPOTENCY_MAX_ENTRIES). Each shard keeps its share,
   * so one key's oldest records may go a little before it holds this many in all.
   */
  maxPerScope?: number;
}

/** The isolate's side: the same GatewayState, each call an RPC to the object that holds it. */
export function createDurableObjectState(
  bindings: StateBindings,
  options: DurableObjectStateOptions = {},
): GatewayState {
  const prefix = options.prefix ?? '';
  const shardShare = Math.ceil(
    (options.maxPerScope ?? IDEMPOTENCY_MAX_PER_SCOPE) / IDEMPOTENCY_SHARDS,
  );
  // A stub is cheap, and one that saw an error must not be reused: one per call.
  const shard = (scope: string, key: string) =>
    bindings.IDEMPOTENCY.getByName(
      `${prefix}shard-${fnv1a(`${scope}\n${key}`) % IDEMPOTENCY_SHARDS}`,
    );
  const instance = (name: string) => bindings.INSTANCE_STATE.getByName(`${prefix}instance-${name}`);
  // A kept key never changes: each isolate asks its object once per key.
  const instanceKeys = new Map<string, NamedKeys>();
  const keysOf = (name: string) => {
    let keys = instanceKeys.get(name);
    if (!keys) {
      keys = cachedKeys((key) => instance(name).key(key));
      instanceKeys.set(name, keys);
    }
    return keys;
  };
  return {
    description: `Durable Objects (${IDEMPOTENCY_SHARDS} idempotency shards, one object per provider instance)`,
    scope: 'fleet',
    // A twentieth of the cap at a time: one round trip per 5% of the budget, and an
    // isolate that stops sending strands at most that much of a second's budget.
    permitBatch: (maxPerSecond) => Math.max(1, Math.floor(maxPerSecond / 20)),
    idempotency: {
      claim: (scope, key, fingerprint) =>
        shard(scope, key).claim(scope, key, fingerprint, shardShare),
      complete: (scope, key, lease, answer) =>
        shard(scope, key).complete(scope, key, lease, answer),
      release: (scope, key, lease) => shard(scope, key).release(scope, key, lease),
    },
    keys: cachedKeys((name) =>
      bindings.INSTANCE_STATE.getByName(`${prefix}gateway-keys`).key(name),
    ),
    instance: (name) => ({
      token: (renew, stale, freshRejected) => instance(name).token(renew, stale, freshRejected),
      breakerRead: (policy) => instance(name).breakerRead(policy),
      breakerProbe: (policy) => instance(name).breakerProbe(policy),
      breakerReport: (policy, ok, probe) => instance(name).breakerReport(policy, ok, probe),
      permits: (maxPerSecond, wanted, caller, own) =>
        instance(name).permits(maxPerSecond, wanted, caller, own),
      key: (key) => keysOf(name).getOrCreate(key),
    }),
    close: async () => {},
  };
}

/** 32-bit FNV-1a: spreads keys evenly, the same in every isolate. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
