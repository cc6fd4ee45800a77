import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics, DURATION_BUCKETS } from '../../src/node/prometheus.ts';
import { promtoolCheckMetrics, readExposition } from '../support/exposition.ts';

const request = (status: number, durationMs: number, instance = 'verba') => ({
  route: '/calls/:id',
  method: 'GET',
  status,
  instance,
  durationMs,
  upstreamCalls: 1,
  upstreamMs: durationMs / 2,
});

describe('the Prometheus exposition', () => {
  it('counts each event once, under its labels', async () => {
    const { metrics, scrape } = createPrometheusMetrics({
      instances: ['verba', 'callfire'],
      processMetrics: false,
    });
    metrics.request(request(200, 3));
    metrics.request(request(200, 40));
    metrics.request(request(404, 2));
    metrics.request(request(503, 12_000, 'callfire'));
    metrics.upstream({
      instance: 'verba',
      operation: 'GetCallInformation',
      outcome: '2xx',
      durationMs: 2,
      attempt: 0,
    });
    metrics.upstream({
      instance: 'verba',
      operation: 'GetCallInformation',
      outcome: 'network',
      durationMs: 1,
      attempt: 1,
    });
    metrics.upstreamRefused('callfire', 'GetCall');
    metrics.breaker('callfire', 'open');
    metrics.cache('verba', 'hit');
    metrics.cache('verba', 'coalesced');
    metrics.cache('verba', 'miss');
    metrics.idempotency('replayed');
    metrics.token('verba', 'renewal', false);
    metrics.audioBytes('verba', 4096);
    metrics.audioBytes('verba', 1000);

    const { body, contentType } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const x = readExposition(body);
    expect(x.type('callgate_http_requests')).toBe('counter');
    expect(x.value('callgate_http_requests_total')).toBe(4);
    expect(
      x.value('callgate_http_requests_total', {
        route: '/calls/:id',
        method: 'GET',
        status_class: '2xx',
        provider_instance: 'verba',
      }),
    ).toBe(2);
    expect(x.value('callgate_http_requests_total', { status_class: '4xx' })).toBe(1);
    expect(x.value('callgate_http_requests_total', { provider_instance: 'callfire' })).toBe(1);
    expect(x.type('callgate_http_request_duration_seconds')).toBe('histogram');
    const verbaTimes = x.histogram('callgate_http_request_duration_seconds', {
      provider_instance: 'verba',
    });
    expect(verbaTimes.count).toBe(3);
    expect(verbaTimes.sum).toBeCloseTo(0.045, 6);
    expect(x.value('callgate_upstream_requests_total', { outcome: '2xx' })).toBe(1);
    expect(x.value('callgate_upstream_requests_total', { outcome: 'network' })).toBe(1);
    expect(x.histogram('callgate_upstream_request_duration_seconds').count).toBe(2);
    expect(x.value('callgate_upstream_retries_total')).toBe(1);
    expect(x.value('callgate_upstream_refused_total', { provider_instance: 'callfire' })).toBe(1);
    expect(x.value('callgate_breaker_state', { provider_instance: 'callfire' })).toBe(2);
    expect(x.value('callgate_breaker_state', { provider_instance: 'verba' })).toBe(0);
    expect(x.value('callgate_breaker_transitions_total', { to: 'open' })).toBe(1);
    for (const result of ['hit', 'coalesced', 'miss']) {
      expect(x.value('callgate_cache_reads_total', { result })).toBe(1);
    }
    expect(x.value('callgate_idempotency_total', { outcome: 'replayed' })).toBe(1);
    expect(x.value('callgate_token_requests_total', { reason: 'renewal', outcome: 'failed' })).toBe(
      1,
    );
    expect(x.value('callgate_audio_bytes_total', { provider_instance: 'verba' })).toBe(5096);
    expect(promtoolCheckMetrics(body)).toEqual({ status: 0, output: '' });
  });

  it('has buckets from 1 ms to 30 s, the longest request falling in the last', async () => {
    expect(DURATION_BUCKETS[0]).toBe(0.001);
    expect(DURATION_BUCKETS.at(-1)).toBe(30);
    const { metrics, scrape } = createPrometheusMetrics({ instances: [], processMetrics: false });
    metrics.request(request(504, 29_000));
    const body = (await scrape()).body;
    expect(body).toContain('le="10",route="/calls/:id",method="GET",provider_instance="verba"} 0');
    expect(body).toContain('le="30",route="/calls/:id",method="GET",provider_instance="verba"} 1');
  });

  it('includes the process metrics, and they pass the linter too', async () => {
    const { scrape } = createPrometheusMetrics({ instances: ['verba'] });
    const { body } = await scrape();
    const x = readExposition(body);
    expect(x.type('process_cpu_seconds')).toBe('counter');
    expect(x.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(x.type('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
    // prom-client names three gauges \`*_total\`, which the linter flags; nothing else.
    const { output } = promtoolCheckMetrics(body);
    expect(
      output
        .split('\n')
        .filter((line) => line !== '' && !/^nodejs_active_\w+_total non-counter/.test(line)),
    ).toEqual([]);
  });
});
