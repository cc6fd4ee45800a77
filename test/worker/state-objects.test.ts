/** The gateway's state on the Worker: the Durable Objects, run by workerd. */
import {
  env,
  evictDurableObject,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredAnswer, TokenOutcome } from '../../src/core/state/types.ts';
import { createDurableObjectState, IDEMPOTENCY_SHARDS } from '../../src/worker/durable-objects.ts';
import { describeGatewayState } from '../shared/state-contract.ts';

const bindings = env;
const open = (prefix = `${crypto.randomUUID()}:`) => createDurableObjectState(bindings, { prefix });

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
    // Two isolates' views of one namespace: each its own cache, the same objects.
    openPair: async () => {
      const prefix = `${crypto.randomUUID()}:`;
      return [open(prefix), open(prefix)];
    },
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
    const lease = async (key: string) => {
      const claim = await stub.claim('ops', key, 'fp', 100);
      if (claim.kind !== 'claimed') throw new Error(`claimed expected, got ${claim.kind}`);
      return claim.lease;
    };
    for (const key of ['a', 'b']) await stub.complete('ops', key, await lease(key), answer);
    expect(await rows(stub)).toHaveLength(2);
    const alarm = await runInDurableObject(stub, (_, ctx) => ctx.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now());

    vi.setSystemTime(Date.now() + 12 * 60 * 60 * 1000);
    await stub.complete('ops', 'c', await lease('c'), answer);
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
    const stub = bindings.INSTANCE_STATE.getByName(name);
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
