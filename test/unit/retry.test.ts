/** Retries on a fake clock: which failures are retried, how long between, and never writes. */
import { describe, expect, it } from 'vitest';
import {
  type HttpClient,
  UpstreamError,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../src/core/upstream.ts';
import {
  RETRY_AFTER_CEILING_SECONDS,
  retryAfterMs,
  withRetries,
} from '../../src/resilience/retry.ts';

const read: UpstreamRequest = {
  operation: 'Read',
  method: 'GET',
  url: 'http://upstream.test/x',
  timeoutMs: 10_000,
  maxBodyBytes: 1024,
  idempotent: true,
};
const write: UpstreamRequest = { ...read, idempotent: false };

const answer = (status: number, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  header: (name) => headers[name.toLowerCase()],
  body: '',
});

/** A client that plays `script` in order, and a fake clock whose sleeps are recorded. */
function scripted(script: Array<UpstreamResponse | UpstreamError>, random = 0.5) {
  let clock = 0;
  const sleeps: number[] = [];
  let calls = 0;
  const client: HttpClient = async () => {
    const next = script[Math.min(calls, script.length - 1)];
    calls += 1;
    if (next instanceof UpstreamError) throw next;
    return next as UpstreamResponse;
  };
  const retrying = withRetries(
    client,
    { retries: 2, baseMs: 100, maxDelayMs: 2_000 },
    {
      now: () => clock,
      random: () => random,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    },
  );
  return { retrying, sleeps, calls: () => calls };
}

const reset = () => new UpstreamError('network', true, 'socket hang up (ECONNRESET)');

describe('withRetries', () => {
  it('retries a read after network errors with jittered, doubling backoff', async () => {
    const { retrying, sleeps, calls } = scripted([reset(), reset(), answer(200)], 0.5);
    expect((await retrying(read)).status).toBe(200);
    expect(calls()).toBe(3);
    // Full jitter: random × min(max, base × 2^attempt).
    expect(sleeps).toEqual([50, 100]);
  });

  for (const status of [502, 503, 504, 429]) {
    it(`retries a read answered ${status}`, async () => {
      const { retrying, calls } = scripted([answer(status), answer(200)]);
      expect((await retrying(read)).status).toBe(200);
      expect(calls()).toBe(2);
    });
  }

  it('gives up after the configured retries and returns the last answer', async () => {
    const { retrying, calls } = scripted([answer(503)]);
    expect((await retrying(read)).status).toBe(503);
    expect(calls()).toBe(3);
  });

  it('honors Retry-After when it is within the longest wait', async () => {
    const { retrying, sleeps } = scripted([answer(429, { 'retry-after': '1' }), answer(200)]);
    expect((await retrying(read)).status).toBe(200);
    expect(sleeps).toEqual([1_000]);
  });

  it('does not wait out a Retry-After longer than the longest wait', async () => {
    const { retrying, calls } = scripted([answer(503, { 'retry-after': '120' }), answer(200)]);
    expect((await retrying(read)).status).toBe(503);
    expect(calls()).toBe(1);
  });

  it('reads a Retry-After of 10 digits or more as longer than it waits, and does not retry', async () => {
    for (const huge of ['9999999999', '99999999999999999999', '9'.repeat(400)]) {
      const { retrying, calls, sleeps } = scripted([
        answer(429, { 'retry-after': huge }),
        answer(200),
      ]);
      expect((await retrying(read)).status).toBe(429);
      expect(calls()).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('never retries a write, whatever happened', async () => {
    for (const outcome of [reset(), answer(503), answer(502)]) {
      const { retrying, calls } = scripted([outcome, answer(200)]);
      await retrying(write).catch(() => {});
      expect(calls()).toBe(1);
    }
  });

  it('does not retry timeouts, 500 or answers it could not use', async () => {
    for (const outcome of [
      new UpstreamError('timeout', true, 'no answer before the deadline'),
      new UpstreamError('too_large', true, 'answer exceeds 1024 bytes'),
      new UpstreamError('circuit_open', false, 'circuit breaker open', 3),
      answer(500),
      answer(404),
    ]) {
      const { retrying, calls } = scripted([outcome, answer(200)]);
      await retrying(read).catch(() => {});
      expect(calls()).toBe(1);
    }
  });

  it("keeps retries within the request's deadline", async () => {
    const { retrying, calls } = scripted([answer(503, { 'retry-after': '2' }), answer(200)]);
    expect((await retrying({ ...read, timeoutMs: 1_500 })).status).toBe(503);
    expect(calls()).toBe(1);
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Fri, 20 Nov 2026 10:00:07 GMT', now)).toBe(7_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });

  it('reads any run of digits, a huge one as the longest hint it passes on (an hour)', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(retryAfterMs('123456789', now)).toBe(RETRY_AFTER_CEILING_SECONDS * 1000);
    expect(retryAfterMs('9999999999', now)).toBe(RETRY_AFTER_CEILING_SECONDS * 1000);
    expect(retryAfterMs('9'.repeat(400), now)).toBe(RETRY_AFTER_CEILING_SECONDS * 1000);
    expect(retryAfterMs('Fri, 20 Nov 2099 10:00:07 GMT', now)).toBe(
      RETRY_AFTER_CEILING_SECONDS * 1000,
    );
  });
});
