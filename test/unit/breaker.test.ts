/** The circuit breaker on a fake clock: opens, refuses, half-opens, probes, closes. */
import { describe, expect, it } from 'vitest';
import {
  type BreakerTransition,
  CircuitBreaker,
  CircuitOpenError,
} from '../../src/resilience/breaker.ts';

function breaker(failureThreshold = 3, cooldownMs = 10_000) {
  let clock = 1_000_000;
  const transitions: BreakerTransition[] = [];
  const b = new CircuitBreaker({
    failureThreshold,
    cooldownMs,
    now: () => clock,
    onTransition: (t) => transitions.push(t),
  });
  return {
    b,
    transitions,
    advance: (ms: number) => {
      clock += ms;
    },
    fail: () => b.acquire().failure(),
    succeed: () => b.acquire().success(),
  };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { b, fail, succeed } = breaker(3);
    fail();
    fail();
    succeed();
    fail();
    fail();
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
  });

  it('opens on the threshold-th consecutive failure and refuses at once with Retry-After', () => {
    const { b, fail, transitions, advance } = breaker(3, 10_000);
    fail();
    fail();
    fail();
    expect(transitions.map((t) => t.to)).toEqual(['open']);
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    try {
      b.acquire();
    } catch (error) {
      expect((error as CircuitOpenError).retryAfterSeconds).toBe(10);
    }
    advance(7_500);
    expect(b.snapshot()).toMatchObject({ state: 'open', retryAfterSeconds: 3 });
  });

  it('half-opens after the cooldown and lets exactly one probe through', () => {
    const { b, fail, advance, transitions } = breaker(2, 5_000);
    fail();
    fail();
    advance(4_999);
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    advance(1);
    expect(b.snapshot().state).toBe('half_open');
    const probe = b.acquire();
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    probe.success();
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('reopens for a full cooldown when the probe fails', () => {
    const { b, fail, advance, transitions } = breaker(2, 5_000);
    fail();
    fail();
    advance(5_000);
    b.acquire().failure();
    expect(b.snapshot()).toMatchObject({ state: 'open', retryAfterSeconds: 5 });
    advance(4_000);
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    expect(transitions.map((t) => [t.from, t.to])).toEqual([
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'open'],
    ]);
  });

  it('counts a permit once, however often it is settled', () => {
    const { b } = breaker(2);
    const permit = b.acquire();
    permit.failure();
    permit.failure();
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });
});
