/**
 * What every GatewayState implementation promises, written once and run against node:sqlite
 * (test/unit/state-sqlite.test.ts) and the Durable Objects in workerd
 * (test/worker/state-objects.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type {
  BreakerPolicy,
  GatewayState,
  StoredAnswer,
  TokenOutcome,
} from '../../src/core/state/types.ts';

export interface StateTarget {
  /** A state that shares nothing with any other this returned. */
  open(): Promise<GatewayState>;
  /** Two states on one store, as two processes on one STATE_DB or two isolates see it. */
  openPair(): Promise<[GatewayState, GatewayState]>;
  /** The clock the state reads. */
  now(): number;
  /** Moves that clock forward. */
  advance(ms: number): void;
}

const HOUR = 60 * 60 * 1000;
const answer = (body: string): StoredAnswer => ({
  status: 200,
  contentType: 'application/json',
  body,
});
const policy: BreakerPolicy = { failureThreshold: 3, cooldownMs: 10_000 };

/** A renewal that counts its calls and answers after a moment, like a provider would. */
function renewals(validForMs = HOUR) {
  let calls = 0;
  const renew = async (): Promise<TokenOutcome> => {
    calls += 1;
    const value = `token-${calls}`;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { ok: true, value, validForMs };
  };
  return { renew, calls: () => calls };
}

const tokenOf = (outcome: TokenOutcome) => (outcome.ok ? outcome.value : outcome.failure.code);

export function describeGatewayState(target: () => StateTarget) {
  describe('idempotency records', () => {
    it('lets one claim of a key through and tells the others it is in use', async () => {
      const { idempotency } = await target().open();
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => idempotency.claim('ops', 'k', 'fp')),
      );
      expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
      const others = claims.filter((c) => c.kind !== 'claimed');
      expect(others).toHaveLength(9);
      for (const other of others) expect(other).toEqual({ kind: 'in_use', retryAfterSeconds: 1 });
    });

    it('replays a completed answer, and refuses the key for a different request', async () => {
      const { idempotency } = await target().open();
      const claim = await idempotency.claim('ops', 'k', 'fp');
      if (claim.kind !== 'claimed') throw new Error(`claimed expected, got ${claim.kind}`);
      expect(await idempotency.claim('ops', 'k', 'other')).toEqual({ kind: 'mismatch' });
      await idempotency.complete('ops', 'k', claim.lease, answer('{"done":1}'));
      expect(await idempotency.claim('ops', 'k', 'fp')).toEqual({
        kind: 'replay',
        answer: answer('{"done":1}'),
      });
      expect(await idempotency.claim('ops', 'k', 'other')).toEqual({ kind: 'mismatch' });
    });

    it('frees a released key for the next attempt', async () => {
      const { idempotency } = await target().open();
      const first = await idempotency.claim('ops', 'k', 'fp');
      if (first.kind !== 'claimed') throw new Error('claimed expected');
      await idempotency.release('ops', 'k', first.lease);
      const second = await idempotency.claim('ops', 'k', 'fp');
      expect(second.kind).toBe('claimed');
    });

    it('keeps callers apart', async () => {
      const { idempotency } = await target().open();
      expect((await idempotency.claim('ops', 'k', 'fp')).kind).toBe('claimed');
      expect((await idempotency.claim('reporting', 'k', 'fp')).kind).toBe('claimed');
    });

    it('frees a claim whose holder vanished, and ignores that holder when it comes back', async () => {
      const clock = target();
      const { idempotency } = await clock.open();
      const lost = await idempotency.claim('ops', 'k', 'fp');
      if (lost.kind !== 'claimed') throw new Error('claimed expected');
      clock.advance(2 * 60 * 1000 + 1);
      const next = await idempotency.claim('ops', 'k', 'fp');
      if (next.kind !== 'claimed') throw new Error(`claimed expected, got ${next.kind}`);
      await idempotency.complete('ops', 'k', lost.lease, answer('late'));
      await idempotency.release('ops', 'k', lost.lease);
      expect((await idempotency.claim('ops', 'k', 'fp')).kind).toBe('in_use');
      await idempotency.complete('ops', 'k', next.lease, answer('current'));
      expect(await idempotency.claim('ops', 'k', 'fp')).toMatchObject({
        answer: { body: 'current' },
      });
    });

    it('replays for 24 hours, then forgets the key', async () => {
      const clock = target();
      const { idempotency } = await clock.open();
      const claim = await idempotency.claim('ops', 'k', 'fp');
      if (claim.kind !== 'claimed') throw new Error('claimed expected');
      await idempotency.complete('ops', 'k', claim.lease, answer('kept'));
      clock.advance(24 * HOUR - 1000);
      expect((await idempotency.claim('ops', 'k', 'fp')).kind).toBe('replay');
      clock.advance(1001);
      // Gone: the same key is free again, even for a different request.
      expect((await idempotency.claim('ops', 'k', 'another request')).kind).toBe('claimed');
    });
  });

  describe("an instance's token", () => {
    it('is requested once for concurrent callers, then handed out', async () => {
      const state = await target().open();
      const { renew, calls } = renewals();
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () => state.instance('verba').token(renew, null)),
      );
      expect(outcomes.map(tokenOf)).toEqual(Array(5).fill('token-1'));
      expect(tokenOf(await state.instance('verba').token(renew, null))).toBe('token-1');
      expect(calls()).toBe(1);
      const [first] = outcomes;
      expect(first?.ok && first.validForMs).toBeGreaterThan(HOUR - 5_000);
    });

    it('is renewed once when reported stale; a report of a replaced token gets the new one', async () => {
      const state = await target().open();
      const { renew, calls } = renewals();
      await state.instance('verba').token(renew, null);
      const renewed = await Promise.all([
        state.instance('verba').token(renew, 'token-1'),
        state.instance('verba').token(renew, 'token-1'),
      ]);
      expect(renewed.map(tokenOf)).toEqual(['token-2', 'token-2']);
      expect(tokenOf(await state.instance('verba').token(renew, 'token-1'))).toBe('token-2');
      expect(calls()).toBe(2);
    });

    it('is renewed when its time is up', async () => {
      const clock = target();
      const state = await clock.open();
      const { renew, calls } = renewals(10_000);
      await state.instance('verba').token(renew, null);
      clock.advance(10_001);
      expect(tokenOf(await state.instance('verba').token(renew, null))).toBe('token-2');
      expect(calls()).toBe(2);
    });

    it('passes a failed renewal to every waiter, and tries again on the next call', async () => {
      const state = await target().open();
      let calls = 0;
      const failing = async (): Promise<TokenOutcome> => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return {
          ok: false,
          failure: {
            status: 502,
            code: 'provider_auth_failed',
            detail: 'refused',
            extras: { instance: 'verba' },
            headers: {},
          },
        };
      };
      const outcomes = await Promise.all([
        state.instance('verba').token(failing, null),
        state.instance('verba').token(failing, null),
      ]);
      expect(outcomes).toEqual([
        expect.objectContaining({ ok: false, failure: expect.objectContaining({ status: 502 }) }),
        expect.objectContaining({ ok: false }),
      ]);
      expect(calls).toBe(1);
      await state.instance('verba').token(failing, null);
      expect(calls).toBe(2);
    });

    it('is separate per instance', async () => {
      const state = await target().open();
      const { renew, calls } = renewals();
      await state.instance('verba').token(renew, null);
      expect(tokenOf(await state.instance('verba-eu').token(renew, null))).toBe('token-2');
      expect(calls()).toBe(2);
    });
  });

  describe("an instance's breaker", () => {
    it('opens after the threshold of failures, refuses until the cooldown, then lets one probe', async () => {
      const clock = target();
      const state = await clock.open();
      const breaker = state.instance('verba');
      expect(await breaker.breakerRead(policy)).toMatchObject({ state: 'closed', failures: 0 });
      expect((await breaker.breakerReport(policy, false, false)).transition).toBeNull();
      await breaker.breakerReport(policy, false, false);
      const opened = await breaker.breakerReport(policy, false, false);
      expect(opened.transition).toEqual({ from: 'closed', to: 'open' });
      expect(opened.view).toMatchObject({ state: 'open', failures: 3, coolingForMs: 10_000 });
      expect((await breaker.breakerProbe(policy)).granted).toBe(false);

      clock.advance(10_000);
      const probes = await Promise.all([
        breaker.breakerProbe(policy),
        breaker.breakerProbe(policy),
      ]);
      expect(probes.map((p) => p.granted).sort()).toEqual([false, true]);
      expect(probes.find((p) => p.granted)?.transition).toEqual({ from: 'open', to: 'half_open' });
      const closed = await breaker.breakerReport(policy, true, true);
      expect(closed.transition).toEqual({ from: 'half_open', to: 'closed' });
      expect(closed.view).toMatchObject({ state: 'closed', failures: 0 });
    });

    it('reopens when the probe fails', async () => {
      const clock = target();
      const state = await clock.open();
      const breaker = state.instance('verba');
      for (let i = 0; i < 3; i++) await breaker.breakerReport(policy, false, false);
      clock.advance(10_000);
      expect((await breaker.breakerProbe(policy)).granted).toBe(true);
      const reopened = await breaker.breakerReport(policy, false, true);
      expect(reopened.transition).toEqual({ from: 'half_open', to: 'open' });
      expect(reopened.view.coolingForMs).toBe(10_000);
    });

    it('lets another probe go when the first one never reported', async () => {
      const clock = target();
      const state = await clock.open();
      const breaker = state.instance('verba');
      for (let i = 0; i < 3; i++) await breaker.breakerReport(policy, false, false);
      clock.advance(10_000);
      expect((await breaker.breakerProbe(policy)).granted).toBe(true);
      expect((await breaker.breakerProbe(policy)).granted).toBe(false);
      clock.advance(30_000);
      expect((await breaker.breakerProbe(policy)).granted).toBe(true);
    });

    it('counts failures only until a success', async () => {
      const state = await target().open();
      const breaker = state.instance('verba');
      await breaker.breakerReport(policy, false, false);
      await breaker.breakerReport(policy, false, false);
      await breaker.breakerReport(policy, true, false);
      await breaker.breakerReport(policy, false, false);
      expect(await breaker.breakerRead(policy)).toMatchObject({ state: 'closed', failures: 1 });
      expect((await state.instance('verba-eu').breakerRead(policy)).failures).toBe(0);
    });
  });

  describe("an instance's request budget", () => {
    it('grants at most the cap per second, whoever asks, and refills the next second', async () => {
      const clock = target();
      const state = await clock.open();
      const budget = state.instance('verba');
      // Start at the beginning of a second, so the window does not turn mid-test.
      clock.advance(1000 - (clock.now() % 1000));
      const grants = await Promise.all([
        budget.permits(5, 2),
        budget.permits(5, 2),
        budget.permits(5, 2),
      ]);
      expect(grants.map((g) => g.granted).reduce((a, b) => a + b)).toBe(5);
      const refused = await budget.permits(5, 1);
      expect(refused.granted).toBe(0);
      expect(refused.validForMs).toBeGreaterThan(0);
      expect(refused.validForMs).toBeLessThanOrEqual(1000);
      clock.advance(refused.validForMs);
      expect((await budget.permits(5, 5)).granted).toBe(5);
      expect((await state.instance('verba-eu').permits(5, 5)).granted).toBe(5);
    });
  });

  describe('named random keys', () => {
    it('makes a 32-byte random key once and gives it again', async () => {
      const { keys } = await target().open();
      const first = await keys.getOrCreate('links');
      expect(first).toBeInstanceOf(Uint8Array);
      expect(first).toHaveLength(32);
      expect(await keys.getOrCreate('links')).toEqual(first);
      expect(await keys.getOrCreate('other')).not.toEqual(first);
    });

    it('gives every concurrent first use the same key', async () => {
      const [one, two] = await target().openPair();
      const got = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).keys.getOrCreate('race')),
      );
      for (const key of got) expect(key).toEqual(got[0]);
    });

    it('shares the keys between the states on one store, not beyond it', async () => {
      const [one, two] = await target().openPair();
      const made = await one.keys.getOrCreate('links');
      expect(await two.keys.getOrCreate('links')).toEqual(made);
      const cursor = await one.instance('verba').key('cursor');
      expect(await two.instance('verba').key('cursor')).toEqual(cursor);
      const elsewhere = await target().open();
      expect(await elsewhere.keys.getOrCreate('links')).not.toEqual(made);
      expect(await elsewhere.instance('verba').key('cursor')).not.toEqual(cursor);
    });

    it("keeps each instance's keys apart from the others' and the gateway's", async () => {
      const state = await target().open();
      const verba = await state.instance('verba').key('cursor');
      expect(verba).toHaveLength(32);
      expect(await state.instance('verba').key('cursor')).toEqual(verba);
      expect(await state.instance('callfire').key('cursor')).not.toEqual(verba);
      expect(await state.keys.getOrCreate('cursor')).not.toEqual(verba);
    });
  });
}
