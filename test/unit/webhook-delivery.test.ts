/** One delivery attempt's outcome: schedule, Retry-After, 410 and five days of failures. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { attemptDelivery, DISABLE_AFTER_MS, type Sender } from '../../src/events/delivery.ts';
import { parseAllowList } from '../../src/events/destinations.ts';
import { newSecret } from '../../src/events/signature.ts';
import type { DueDelivery } from '../../src/events/sql-store.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const secret = newSecret();
const settings = {
  scheduleMs: [5_000, 300_000],
  timeoutMs: 15_000,
  allow: parseAllowList('127.0.0.1/32', []),
  disableAfterMs: DISABLE_AFTER_MS,
};
const due = (over: Partial<DueDelivery> = {}): DueDelivery => ({
  deliveryId: 'dlv_1',
  attempt: 0,
  eventId: 'evt_1',
  body: '{"id":"evt_1","type":"call.kept","timestamp":"2026-12-01T12:00:00.000Z","data":{}}',
  url: 'http://127.0.0.1:9/hooks',
  endpointId: 'whk_1',
  owner: 'ops',
  secrets: { current: secret, previous: null },
  failingSince: null,
  ...over,
});
const answering =
  (
    status: number,
    headers: Record<string, string> = {},
    seen?: Array<Record<string, string>>,
  ): Sender =>
  async (_url, init) => {
    seen?.push(init.headers);
    return new Response(status === 204 ? null : 'busy', { status, headers });
  };

describe('a delivery attempt', () => {
  it('is signed so the standardwebhooks package verifies it', async () => {
    const seen: Array<Record<string, string>> = [];
    const { result } = await attemptDelivery(due(), settings, answering(204, {}, seen), Date.now);
    expect(result.ok).toBe(true);
    const headers = seen[0] ?? {};
    expect(new Webhook(secret).verify(due().body, headers)).toMatchObject({ id: 'evt_1' });
    expect(headers['webhook-id']).toBe('evt_1');
    // The library refuses a body changed after signing.
    expect(() => new Webhook(secret).verify(`${due().body} `, headers)).toThrow();
  });

  it('is retried on the schedule with jitter, or after Retry-After on a 503', async () => {
    const plain = await attemptDelivery(due(), settings, answering(500), () => NOW);
    expect(plain.outcome.nextAt).toBeGreaterThanOrEqual(NOW + 4_500);
    expect(plain.outcome.nextAt).toBeLessThanOrEqual(NOW + 5_500);
    const later = await attemptDelivery(
      due(),
      settings,
      answering(503, { 'retry-after': '120' }),
      () => NOW,
    );
    expect(later.outcome.nextAt).toBe(NOW + 120_000);
    const last = await attemptDelivery(due({ attempt: 2 }), settings, answering(500), () => NOW);
    expect(last.outcome).toEqual({ nextAt: null, disable: null });
  });

  it('disables the endpoint on a 410, and after five days of failures', async () => {
    const gone = await attemptDelivery(due(), settings, answering(410), () => NOW);
    expect(gone.outcome.disable).toMatch(/410/);
    const tired = await attemptDelivery(
      due({ failingSince: NOW - DISABLE_AFTER_MS }),
      settings,
      answering(500),
      () => NOW,
    );
    expect(tired.outcome.disable).toMatch(/five days/);
    const notYet = await attemptDelivery(
      due({ failingSince: NOW - DISABLE_AFTER_MS + 60_000 }),
      settings,
      answering(500),
      () => NOW,
    );
    expect(notYet.outcome.disable).toBeNull();
  });

  it('never goes to a destination the allow list no longer has', async () => {
    let sent = 0;
    const { result } = await attemptDelivery(
      due({ url: 'http://169.254.169.254/latest' }),
      settings,
      async () => {
        sent++;
        return new Response(null, { status: 204 });
      },
      () => NOW,
    );
    expect(sent).toBe(0);
    expect(result.error).toMatch(/destination refused/);
  });
});
