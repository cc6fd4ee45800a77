/**
 * The circuit breaker of one process on a fake clock: opens, refuses, half-opens, probes,
 * closes. Its holder is node:sqlite in memory, as on Node with STATE_DB unset; what the
 * fleet shares is in shared-breaker.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';
import { CircuitOpenError, SharedBreaker } from '../../src/resilience/breaker.ts';

const opened: SqliteState[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function breaker(failureThreshold = 3, cooldownMs = 10_000) {
  let clock = 1_000_000;
  const state = openSqliteState({ path: null, now: () => clock });
  opened.push(state);
  const transitions: Array<{ from: string; to: string }> = [];
  const b = new SharedBreaker({
    state: state.instance('verba'),
    policy: { failureThreshold, cooldownMs },
    syncMs: 0,
    now: () => clock,
    onTransition: (t) => transitions.push(t),
  });
  return {
    b,
    transitions,
    advance: (ms: number) => {
      clock += ms;
    },
    fail: async () => (await b.acquire()).failure(),
    succeed: async () => (await b.acquire()).success(),
  };
}

async function refusal(b: SharedBreaker): Promise<CircuitOpenError> {
  const error = await b.acquire().then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CircuitOpenError)) throw new Error('the breaker let the request through');
  return error;
}

describe('the circuit breaker of one process', () => {
  it('stays closed below the threshold, and a success resets the count', async () => {
    const { b, fail, succeed } = breaker(3);
    await fail();
    await fail();
    await succeed();
    await fail();
    await fail();
    expect(await b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
  });

  it('opens on the threshold-th consecutive failure and refuses at once with Retry-After', async () => {
    const { b, fail, transitions, advance } = breaker(3, 10_000);
    await fail();
    await fail();
    await fail();
    expect(transitions.map((t) => t.to)).toEqual(['open']);
    expect((await refusal(b)).retryAfterSeconds).toBe(10);
    advance(7_500);
    expect(await b.snapshot()).toMatchObject({ state: 'open', retryAfterSeconds: 3 });
  });

  it('half-opens after the cooldown and lets exactly one probe through', async () => {
    const { b, fail, advance, transitions } = breaker(2, 5_000);
    await fail();
    await fail();
    advance(4_999);
    await refusal(b);
    advance(1);
    expect((await b.snapshot()).state).toBe('half_open');
    const probe = await b.acquire();
    await refusal(b);
    await probe.success();
    expect(await b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('reopens for a full cooldown when the probe fails', async () => {
    const { b, fail, advance, transitions } = breaker(2, 5_000);
    await fail();
    await fail();
    advance(5_000);
    await (await b.acquire()).failure();
    expect(await b.snapshot()).toMatchObject({ state: 'open', retryAfterSeconds: 5 });
    advance(4_000);
    await refusal(b);
    expect(transitions.map((t) => [t.from, t.to])).toEqual([
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'open'],
    ]);
  });

  it('counts a permit once, however often it is settled', async () => {
    const { b } = breaker(2);
    const permit = await b.acquire();
    await permit.failure();
    await permit.failure();
    expect(await b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });
});
