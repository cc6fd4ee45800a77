/** The gateway's state on the Worker: the Durable Objects, run by workerd. */
import {
  type DurableObjectNamespace,
  type DurableObjectStub,
  env,
  evictDurableObject,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredAnswer, TokenOutcome } from '../../src/core/state/types.ts';
import {
  createDurableObjectState,
  IDEMPOTENCY_SHARDS,
  type StateBindings,
} from '../../src/state/durable-objects.ts';
import { describeGatewayState } from '../shared/state-contract.ts';

const bindings = env as unknown as StateBindings & {
  IDEMPOTENCY: DurableObjectNamespace;
  INSTANCE_STATE: DurableObjectNamespace;
};
const open = (prefix = `${crypto.randomUUID()}:`) =>
  createDurableObjectState(bindings, { prefix, breakerSyncMs: 1000 });

// Only Date is faked: the objects read it, and timers keep running for real.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Durable Objects state', () => {
  describeGatewayState(() => ({
    open: async () => open(),
    now: () => Date.now(),
    advance: (ms) => vi.setSystemTime(Date.now() + ms),
  }));

  it('spreads idempotency keys over the shards', async () => {
    const prefix = `${crypto.randomUUID()}:`;
    const state = open(prefix);
    for (let i = 0; i < 64; i++) await state.idempotency.claim('ops', `key-${i}`, 'fp');
    const ids = new Set((await listDurableObjectIds(bindings.IDEMPOTENCY)).map(String));
    const used = Array.from({ length: IDEMPOTENCY_SHARDS }, (_, n) =>
      bindings.IDEMPOTENCY.idFromName(`${prefix}shard-${n}`).toString(),
    ).filter((id) => ids.has(id));
    expect(used.length).toBeGreaterThan(IDEMPOTENCY_SHARDS / 2);
  });
});

describe('an idempotency shard', () => {
  const answer: StoredAnswer = { status: 200, contentType: 'application/json', body: '{}' };
  const rows = (stub: DurableObjectStub) =>
    runInDurableObject(stub, (_, ctx) =>
      ctx.storage.sql.exec('SELECT key FROM idempotency ORDER BY key').toArray(),
    );

  it('sets an alarm that removes records once they are 24 hours old', async () => {
    const stub = bindings.IDEMPOTENCY.getByName(`${crypto.randomUUID()}:shard`);
    const shard = stub as unknown as {
      claim(
        s: string,
        k: string,
        f: string,
        max: number,
      ): Promise<{ kind: string; lease?: string }>;
      complete(s: string, k: string, l: string, a: StoredAnswer): Promise<void>;
    };
    for (const key of ['a', 'b']) {
      const claim = await shard.claim('ops', key, 'fp', 100);
      await shard.complete('ops', key, claim.lease ?? '', answer);
    }
    expect(await rows(stub)).toHaveLength(2);
    const alarm = await runInDurableObject(stub, (_, ctx) => ctx.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now());

    vi.setSystemTime(Date.now() + 12 * 60 * 60 * 1000);
    const young = await shard.claim('ops', 'c', 'fp', 100);
    await shard.complete('ops', 'c', young.lease ?? '', answer);
    vi.setSystemTime(Date.now() + 12 * 60 * 60 * 1000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rows(stub)).toEqual([{ key: 'c' }]);
    // Re-armed for the record that is left.
    expect(await runInDurableObject(stub, (_, ctx) => ctx.storage.getAlarm())).not.toBeNull();
  });
});

describe('a provider instance object', () => {
  it('keeps its token across an eviction', async () => {
    const name = `${crypto.randomUUID()}:instance-verba`;
    const stub = bindings.INSTANCE_STATE.getByName(name) as unknown as {
      token(renew: () => Promise<TokenOutcome>, stale: string | null): Promise<TokenOutcome>;
    };
    let calls = 0;
    const renew = async (): Promise<TokenOutcome> => {
      calls += 1;
      return { ok: true, value: `token-${calls}`, validForMs: 60_000 };
    };
    await stub.token(renew, null);
    await evictDurableObject(bindings.INSTANCE_STATE.getByName(name));
    expect(await stub.token(renew, null)).toMatchObject({ ok: true, value: 'token-1' });
    expect(calls).toBe(1);
  });
});
