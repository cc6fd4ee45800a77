/**
 * An isolate's view of the fleet's breaker, two views standing in for two isolates over
 * one holder (node:sqlite in memory), on a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceState } from '../../src/core/state/types.ts';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';
import { CircuitOpenError, SharedBreaker } from '../../src/resilience/breaker.ts';

const opened: SqliteState[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const policy = { failureThreshold: 3, cooldownMs: 10_000 };

function fleet(syncMs: number) {
  let clock = 1_000_000_000;
  const state = openSqliteState({ path: null, now: () => clock });
  opened.push(state);
  const calls: string[] = [];
  const holder = state.instance('verba');
  // Counts what reaches the holder: on the Worker, each is a Durable Object request.
  const counted: InstanceState = {
    ...holder,
    breakerRead: (p) => {
      calls.push('read');
      return holder.breakerRead(p);
    },
    breakerProbe: (p) => {
      calls.push('probe');
      return holder.breakerProbe(p);
    },
    breakerReport: (p, ok, probe) => {
      calls.push(`report ${ok}`);
      return holder.breakerReport(p, ok, probe);
    },
  };
  const transitions: string[] = [];
  const isolate = () =>
    new SharedBreaker({
      state: counted,
      policy,
      syncMs,
      now: () => clock,
      onTransition: (t) => transitions.push(`${t.from}->${t.to}`),
    });
  return {
    isolate,
    calls,
    transitions,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

async function refused(breaker: SharedBreaker): Promise<number> {
  try {
    await breaker.acquire();
  } catch (error) {
    if (error instanceof CircuitOpenError) return error.retryAfterSeconds;
    throw error;
  }
  throw new Error('the breaker let the request through');
}

describe('SharedBreaker', () => {
  it('asks the holder nothing on the healthy path but one read per sync interval', async () => {
    const f = fleet(1000);
    const a = f.isolate();
    for (let i = 0; i < 50; i++) {
      await (await a.acquire()).success();
      f.advance(10);
    }
    // 50 requests over 500 ms: the first read only.
    expect(f.calls).toEqual(['read']);
    f.advance(600);
    await (await a.acquire()).success();
    expect(f.calls).toEqual(['read', 'read']);
  });

  it('adds up failures across isolates, and opens everywhere within one sync interval', async () => {
    const f = fleet(1000);
    const [a, b] = [f.isolate(), f.isolate()];
    await (await a.acquire()).success();
    await (await b.acquire()).success();
    await (await a.acquire()).failure();
    await (await b.acquire()).failure();
    await (await a.acquire()).failure();
    expect(f.transitions).toEqual(['closed->open']);
    // a learned it from its own report; b acts on its view until the interval is up.
    expect(await refused(a)).toBe(10);
    const inFlight = await b.acquire();
    f.advance(1000);
    expect(await refused(b)).toBe(9);
    await inFlight.failure();
    expect(await refused(b)).toBe(10);
  });

  it('lets one isolate probe after the cooldown; its success closes the breaker for all', async () => {
    const f = fleet(1000);
    const [a, b] = [f.isolate(), f.isolate()];
    for (let i = 0; i < 3; i++) await (await a.acquire()).failure();
    await refused(b);
    f.advance(10_000);
    const probe = await a.acquire();
    expect(await refused(b)).toBe(1);
    await probe.success();
    expect(f.transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
    f.advance(1000);
    await (await b.acquire()).success();
    expect(await b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('shows the holder state in its snapshot, past cooldown as half-open', async () => {
    const f = fleet(1000);
    const [a, b] = [f.isolate(), f.isolate()];
    for (let i = 0; i < 3; i++) await (await a.acquire()).failure();
    expect(await b.snapshot()).toMatchObject({
      state: 'open',
      consecutiveFailures: 3,
      retryAfterSeconds: 10,
    });
    f.advance(10_000);
    expect(await b.snapshot()).toMatchObject({ state: 'half_open', retryAfterSeconds: null });
  });

  it('answers snapshots within the sync interval from its view: /readyz costs the holder nothing more', async () => {
    const f = fleet(1000);
    const a = f.isolate();
    for (let i = 0; i < 20; i++) await a.snapshot();
    expect(f.calls).toEqual(['read']);
    f.advance(1000);
    await a.snapshot();
    expect(f.calls).toEqual(['read', 'read']);
    // Its cooldown runs on from the view it has, without asking again.
    for (let i = 0; i < 3; i++) await (await a.acquire()).failure();
    f.advance(600);
    const reads = f.calls.filter((c) => c === 'read').length;
    expect(await a.snapshot()).toMatchObject({ state: 'open', retryAfterSeconds: 10 });
    expect(f.calls.filter((c) => c === 'read')).toHaveLength(reads);
    f.advance(9_400);
    expect(await a.snapshot()).toMatchObject({ state: 'half_open', retryAfterSeconds: null });
  });

  it('reports successes while failures are counted, resetting them for the fleet', async () => {
    const f = fleet(0);
    const [a, b] = [f.isolate(), f.isolate()];
    await (await a.acquire()).failure();
    await (await a.acquire()).failure();
    await (await b.acquire()).success();
    expect(f.calls.filter((c) => c === 'report true')).toHaveLength(1);
    await (await a.acquire()).failure();
    expect(await a.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });

  it('goes on with its last view when the holder cannot be reached', async () => {
    const errors: unknown[] = [];
    const breaker = new SharedBreaker({
      state: {
        breakerRead: () => Promise.reject(new Error('object unreachable')),
        breakerProbe: () => Promise.reject(new Error('object unreachable')),
        breakerReport: () => Promise.reject(new Error('object unreachable')),
      },
      policy,
      syncMs: 1000,
      now: () => 0,
      onStateError: (error) => errors.push(error),
    });
    await (await breaker.acquire()).failure();
    await (await breaker.acquire()).success();
    expect(errors).toHaveLength(2);
  });
});
