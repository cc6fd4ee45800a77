/** One deadline per request, on a fake clock: each exchange gets what is left of it. */
import { describe, expect, it } from 'vitest';
import { type HttpClient, UpstreamError, type UpstreamRequest } from '../../src/core/upstream.ts';
import { withDeadline } from '../../src/resilience/deadline.ts';
import { withRetries } from '../../src/resilience/retry.ts';

const read: UpstreamRequest = {
  operation: 'Read',
  method: 'GET',
  url: 'http://upstream.test/x',
  timeoutMs: 2_000,
  maxBodyBytes: 1024,
  idempotent: true,
};

/** A client on a fake clock: each exchange takes `ms`, or times out at its own limit. */
function slow(ms: number) {
  let clock = 0;
  const given: number[] = [];
  const client: HttpClient = async (request) => {
    given.push(request.timeoutMs);
    if (ms >= request.timeoutMs) {
      clock += request.timeoutMs;
      throw new UpstreamError('timeout', true, 'no answer before the deadline');
    }
    clock += ms;
    return { status: 200, header: () => undefined, body: '' };
  };
  return { client, given, clock: () => clock, advance: (by: number) => (clock += by) };
}

describe('withDeadline', () => {
  it('gives each exchange of a request what is left of one deadline', async () => {
    const upstream = slow(700);
    const bounded = withDeadline(upstream.client, upstream.clock);
    await bounded(read);
    await bounded(read);
    // The third would need 700 ms of the 600 left: it is cut at the deadline.
    const error = await bounded(read).catch((e: unknown) => e);
    expect(upstream.given).toEqual([2_000, 1_300, 600]);
    expect(error).toMatchObject({ failure: 'timeout', sent: true, deadlineMs: 2_000 });
    expect(upstream.clock()).toBe(2_000);
  });

  it('sends nothing once the deadline has passed, and says nothing was sent', async () => {
    const upstream = slow(10);
    const bounded = withDeadline(upstream.client, upstream.clock);
    upstream.advance(2_000);
    const error = await bounded(read).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'timeout', sent: false, deadlineMs: 2_000 });
    expect(upstream.given).toEqual([]);
  });

  it('leaves a timeout of a shorter phase limit as it was', async () => {
    let clock = 0;
    const client: HttpClient = async () => {
      clock += 500;
      throw new UpstreamError('timeout', true, 'no answer before the deadline');
    };
    const error = await withDeadline(client, () => clock)(read).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).deadlineMs).toBeUndefined();
  });

  it('bounds retries too: a retry gets only what the attempts before it left', async () => {
    let clock = 0;
    const given: number[] = [];
    // Fails after 800 ms, or times out at its limit when that comes first.
    const failing: HttpClient = async (request) => {
      given.push(request.timeoutMs);
      if (request.timeoutMs <= 800) {
        clock += request.timeoutMs;
        throw new UpstreamError('timeout', true, 'no answer before the deadline');
      }
      clock += 800;
      throw new UpstreamError('network', true, 'socket hang up (ECONNRESET)');
    };
    const retrying = withRetries(
      failing,
      { retries: 5, baseMs: 100, maxDelayMs: 2_000 },
      {
        now: () => clock,
        random: () => 0.5,
        sleep: async (ms) => {
          clock += ms;
        },
      },
    );
    const error = await withDeadline(retrying, () => clock)(read).catch((e: unknown) => e);
    // 800 ms per attempt plus backoff: the third attempt gets the 250 ms left, and no more.
    expect(given).toEqual([2_000, 1_150, 250]);
    expect(error).toMatchObject({ failure: 'timeout', deadlineMs: 2_000 });
    expect(clock).toBe(2_000);
  });
});
