/**
 * `GET /metrics` on Node after a scripted mix of requests: every counter moves by exactly
 * what the script did, the histograms count every request, and a thousand distinct ids add
 * no series. The exposition is read by Prometheus' own parser and linted by promtool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { CALLFIRE_TEST_CURSOR_KEY, callfireEnv } from '../support/callfire.ts';
import { type Exposition, promtoolCheckMetrics, readExposition } from '../support/exposition.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { TEST_KEYS, withKey } from '../support/keys.ts';
import { injectFault, resetSandbox, sandboxRequests } from '../support/sandbox-log.ts';
import { verbaEnv } from '../support/verba.ts';

const FINISHED = 'a8343631-9f35-4a3a-83f0-9e81592339fb';
const ONGOING = '5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10';
const NEXT = '9b2e4c1a-3d5f-4e6a-8b7c-0d1e2f3a4b5c';
const INTERNAL = 'e5c3a4b6-7d8f-4e9a-0b12-c3d4e5f6a7b8';
const UNKNOWN = '11111111-2222-4333-8444-555555555555';
const CALLFIRE_CALL = '224205636001';

let verba: VerbaSandbox;
let callfire: CallFireSandbox;

beforeAll(async () => {
  [verba, callfire] = await Promise.all([startVerbaSandbox(), startCallFireSandbox()]);
});

afterAll(async () => {
  await Promise.all([verba?.close(), callfire?.close()]);
});

const env = () => ({
  ...verbaEnv(verba),
  ...callfireEnv(callfire),
});

async function scrape(gateway: RunningGateway): Promise<{ text: string; x: Exposition }> {
  const response = await gateway.raw('/metrics', withKey(undefined, TEST_KEYS.scraper));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, x: readExposition(text) };
}

/** How much each sample moved between two scrapes. */
const delta =
  (before: Exposition, after: Exposition) =>
  (name: string, labels: Record<string, string> = {}) =>
    after.value(name, labels) - before.value(name, labels);

describe('GET /metrics', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway(env(), { name: 'metrics' });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('needs a key with the metrics:read scope', async () => {
    expect((await gateway.raw('/metrics')).status).toBe(401);
    const problem = await gateway.raw('/metrics', withKey(undefined, TEST_KEYS.all));
    expect(problem.status).toBe(403);
    expect((await problem.json()) as { code: string }).toMatchObject({ code: 'forbidden' });
  });

  it('counts a scripted mix of requests exactly', async () => {
    await resetSandbox(verba.origin);
    const { x: before } = await scrape(gateway);
    const get = (path: string) => gateway.fetch(path);
    const expectStatus = async (response: Promise<Response>, status: number) => {
      const answer = await response;
      expect(answer.status).toBe(status);
      await answer.arrayBuffer();
    };

    // Three reads of a finished call: one reaches Verba (after a token), two are cache hits.
    for (let i = 0; i < 3; i++) await expectStatus(get(`/calls/verba_${FINISHED}`), 200);
    // Two reads of a call Verba does not have: 404 each time, nothing cached.
    for (let i = 0; i < 2; i++) await expectStatus(get(`/calls/verba_${UNKNOWN}`), 404);
    // A route that does not exist.
    await expectStatus(get(`/no/such/route/${UNKNOWN}`), 404);
    // A provider fault: Verba answers 500, the gateway 502 (a 500 is not retried).
    await injectFault(verba.origin, {
      kind: 'status',
      status: 500,
      times: 1,
      operations: ['GetCallInformation'],
    });
    await expectStatus(get(`/calls/verba_${NEXT}`), 502);
    // A connection reset once: retried, then answered.
    await injectFault(verba.origin, {
      kind: 'reset',
      times: 1,
      operations: ['GetCallInformation'],
    });
    await expectStatus(get(`/calls/verba_${ONGOING}`), 200);
    // Two reads at once while Verba is slow: the second shares the first's request.
    await injectFault(verba.origin, {
      kind: 'delay',
      delayMs: 300,
      times: 1,
      operations: ['GetCallInformation'],
    });
    await Promise.all([
      expectStatus(get(`/calls/verba_${INTERNAL}`), 200),
      expectStatus(get(`/calls/verba_${INTERNAL}`), 200),
    ]);
    // A keep, its repeat (replayed), and the same key on a different request (conflict).
    const keep = (body: unknown) =>
      gateway.fetch(`/calls/verba_${ONGOING}/keep`, {
        method: 'POST',
        headers: { 'idempotency-key': 'metrics-k1', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await expectStatus(keep({}), 200);
    await expectStatus(keep({}), 200);
    await expectStatus(keep({ type: 'manualRecord' }), 422);
    // One CallFire read.
    await expectStatus(get(`/calls/callfire_${CALLFIRE_CALL}`), 200);

    const { text, x: after } = await scrape(gateway);
    expect(promtoolCheckMetrics(text).output).not.toMatch(/callgate_/);
    const moved = delta(before, after);
    const requests = 'callgate_http_requests_total';
    const read = { route: '/calls/:id', method: 'GET' };
    const keepRoute = { route: '/calls/:id/keep', method: 'POST' };
    expect(moved(requests, { ...read, status_class: '2xx', provider_instance: 'verba' })).toBe(6);
    expect(moved(requests, { ...read, status_class: '4xx', provider_instance: 'verba' })).toBe(2);
    expect(moved(requests, { ...read, status_class: '5xx', provider_instance: 'verba' })).toBe(1);
    expect(moved(requests, { ...read, status_class: '2xx', provider_instance: 'callfire' })).toBe(
      1,
    );
    expect(moved(requests, { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(moved(requests, { ...keepRoute, status_class: '2xx', provider_instance: 'verba' })).toBe(
      1,
    );
    // The replay and the conflict are answered before any instance is reached.
    expect(moved(requests, { ...keepRoute, status_class: '2xx', provider_instance: '' })).toBe(1);
    expect(moved(requests, { ...keepRoute, status_class: '4xx', provider_instance: '' })).toBe(1);
    // The first scrape, counted once its answer was ready.
    expect(moved(requests, { route: '/metrics' })).toBe(1);
    expect(moved(requests)).toBe(15);

    const seconds = 'callgate_http_request_duration_seconds';
    const count = (labels: Record<string, string> = {}) =>
      after.histogram(seconds, labels).count - before.histogram(seconds, labels).count;
    expect(count()).toBe(15);
    expect(count({ ...read, provider_instance: 'verba' })).toBe(9);
    expect(count({ route: 'unmatched' })).toBe(1);

    // Upstream attempts, by what Verba's own request log says it received.
    const received = await sandboxRequests(verba.origin);
    const byAction = (action: string) => received.filter((r) => r.action === action).length;
    expect(byAction('GetCallInformation')).toBe(7);
    const upstream = 'callgate_upstream_requests_total';
    const gci = { provider_instance: 'verba', operation: 'GetCallInformation' };
    expect(moved(upstream, { ...gci, outcome: '2xx' })).toBe(5);
    expect(moved(upstream, { ...gci, outcome: '5xx' })).toBe(1);
    expect(moved(upstream, { ...gci, outcome: 'network' })).toBe(1);
    expect(moved(upstream, gci)).toBe(byAction('GetCallInformation'));
    expect(moved(upstream, { provider_instance: 'verba', operation: 'KeepCall' })).toBe(
      byAction('KeepCall'),
    );
    expect(byAction('KeepCall')).toBe(1);
    expect(moved(upstream, { provider_instance: 'verba', operation: 'RequestToken' })).toBe(
      byAction('RequestToken'),
    );
    expect(
      moved(upstream, { provider_instance: 'callfire', operation: 'GetCall', outcome: '2xx' }),
    ).toBe(1);
    expect(moved(upstream, { provider_instance: 'verba' })).toBe(received.length);
    const upstreamSeconds = 'callgate_upstream_request_duration_seconds';
    expect(after.histogram(upstreamSeconds).count - before.histogram(upstreamSeconds).count).toBe(
      moved(upstream),
    );
    expect(moved('callgate_upstream_retries_total', gci)).toBe(1);
    expect(moved('callgate_upstream_retries_total')).toBe(1);
    expect(moved('callgate_upstream_refused_total')).toBe(0);

    const cache = 'callgate_cache_reads_total';
    expect(moved(cache, { provider_instance: 'verba', result: 'hit' })).toBe(2);
    expect(moved(cache, { provider_instance: 'verba', result: 'coalesced' })).toBe(1);
    // FINISHED once, UNKNOWN twice, NEXT, ONGOING, INTERNAL once each.
    expect(moved(cache, { provider_instance: 'verba', result: 'miss' })).toBe(6);
    expect(moved(cache, { provider_instance: 'callfire', result: 'miss' })).toBe(1);

    expect(moved('callgate_idempotency_total', { outcome: 'replayed' })).toBe(1);
    expect(moved('callgate_idempotency_total', { outcome: 'conflict' })).toBe(1);

    // A new gateway: its first request asked for a token, which Verba granted.
    const tokens = 'callgate_token_requests_total';
    expect(
      moved(tokens, { provider_instance: 'verba', reason: 'initial', outcome: 'granted' }),
    ).toBe(1);
    expect(moved(tokens)).toBe(1);

    // Two failures in a row are not five: the breaker stayed closed.
    expect(after.value('callgate_breaker_state', { provider_instance: 'verba' })).toBe(0);
    expect(moved('callgate_breaker_transitions_total')).toBe(0);
  });

  it('counts the audio relayed, byte for byte', async () => {
    const { x: before } = await scrape(gateway);
    const response = await gateway.fetch(`/calls/verba_${FINISHED}/recordings/${FINISHED}/audio`);
    expect(response.status).toBe(200);
    const bytes = (await response.arrayBuffer()).byteLength;
    expect(bytes).toBeGreaterThan(10_000);
    // Counted when the stream has ended, just after the caller read its last byte.
    let moved = 0;
    for (let i = 0; i < 50 && moved !== bytes; i++) {
      const { x: after } = await scrape(gateway);
      moved =
        after.value('callgate_audio_bytes_total', { provider_instance: 'verba' }) -
        before.value('callgate_audio_bytes_total', { provider_instance: 'verba' });
      if (moved !== bytes) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(moved).toBe(bytes);
  });

  it('includes process metrics', async () => {
    const { x } = await scrape(gateway);
    expect(x.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(x.type('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
  });
});

describe('breakers and tokens', () => {
  it('show a breaker opening and refusing, and tokens Verba does not grant', async () => {
    await resetSandbox(verba.origin);
    const gateway = await startGateway(
      { ...env(), VERBA_BREAKER_FAILURES: '1', VERBA_RETRIES: '0' },
      { name: 'metrics-breaker' },
    );
    const refused = await startGateway(
      { ...verbaEnv(verba), VERBA_PASSWORD: 'not-the-password' },
      { name: 'metrics-token' },
    );
    try {
      await injectFault(verba.origin, {
        kind: 'status',
        status: 503,
        times: 1,
        operations: ['GetCallInformation'],
      });
      expect((await gateway.fetch(`/calls/verba_${FINISHED}`)).status).toBe(503);
      const open = await gateway.fetch(`/calls/verba_${FINISHED}`);
      expect(((await open.json()) as { code: string }).code).toBe('provider_circuit_open');
      const { x } = await scrape(gateway);
      expect(x.value('callgate_breaker_state', { provider_instance: 'verba' })).toBe(2);
      expect(x.value('callgate_breaker_state', { provider_instance: 'callfire' })).toBe(0);
      expect(
        x.value('callgate_breaker_transitions_total', { provider_instance: 'verba', to: 'open' }),
      ).toBe(1);
      expect(
        x.value('callgate_upstream_refused_total', {
          provider_instance: 'verba',
          operation: 'GetCallInformation',
        }),
      ).toBe(1);
      expect(
        x.value('callgate_upstream_requests_total', { provider_instance: 'verba', outcome: '5xx' }),
      ).toBe(1);

      for (let i = 0; i < 2; i++) {
        expect((await refused.fetch(`/calls/verba_${FINISHED}`)).status).toBe(502);
      }
      const tokens = (await scrape(refused)).x;
      expect(
        tokens.value('callgate_token_requests_total', {
          provider_instance: 'verba',
          reason: 'initial',
          outcome: 'failed',
        }),
      ).toBe(2);
      expect(tokens.value('callgate_token_requests_total', { outcome: 'granted' })).toBe(0);
    } finally {
      await Promise.all([gateway.close(), refused.close()]);
    }
  });
});

describe('label values', () => {
  it('come from routes and configuration only: a thousand distinct ids add no series', async () => {
    const gateway = await startGateway(env(), { name: 'metrics-cardinality' });
    try {
      const ids = Array.from(
        { length: 1000 },
        (_, i) => `${i.toString(16).padStart(8, '0')}-2222-4333-8444-555555555555`,
      );
      // Ids of every kind of request: a read and a URL Verba answers 404, an id the
      // gateway refuses (400), a path no route has.
      const paths = [
        (id: string) => `/calls/verba_${id}`,
        (id: string) => `/calls/verba_${id}/url`,
        (id: string) => `/calls/not-an-id-${id}`,
        (id: string) => `/nothing/here/${id}`,
      ];
      const drain = async (requests: string[]) => {
        for (const response of await Promise.all(requests.map((path) => gateway.fetch(path)))) {
          await response.arrayBuffer();
        }
      };
      // Each kind once, so every series they create exists; then the scrape's own.
      await drain(paths.map((path) => path(UNKNOWN)));
      await scrape(gateway);
      const { x: before } = await scrape(gateway);
      const seriesBefore = before.seriesCount('callgate_');

      for (let start = 0; start < ids.length; start += 50) {
        await drain(
          ids
            .slice(start, start + 50)
            .map((id, i) => paths[(start + i) % paths.length]?.(id) ?? ''),
        );
      }

      const { text, x: after } = await scrape(gateway);
      const requests = 'callgate_http_requests_total';
      // Each of the thousand was counted, and the scrape before them.
      expect(after.value(requests) - before.value(requests)).toBe(1001);
      expect(after.seriesCount('callgate_')).toBe(seriesBefore);
      for (const id of ids) expect(text).not.toContain(id);
    } finally {
      await gateway.close();
    }
  }, 60_000);
});
