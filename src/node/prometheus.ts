/**
 * The Node implementation of the core's Metrics: prom-client series in a registry of the
 * gateway's own, exposed at `GET /metrics` in the Prometheus text format. Process metrics
 * (CPU, memory, event loop lag, GC) come from prom-client's default collectors.
 *
 * Label values are the ones the core hands over: route templates, configured instance
 * names and fixed vocabularies, so the number of series is bounded by the configuration,
 * whatever ids callers send. The label is `provider_instance`, not `instance`, which
 * Prometheus itself sets to the scraped target.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import {
  type BreakerStateName,
  type Metrics,
  type RequestEvent,
  statusClass,
  type UpstreamEvent,
} from '../core/telemetry.ts';

/** Seconds, 1 ms to 30 s: a cached answer sits in the first buckets, a timed-out provider in the last. */
export const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

const BREAKER_VALUE: Record<BreakerStateName, number> = { closed: 0, half_open: 1, open: 2 };

export interface PrometheusMetrics {
  metrics: Metrics;
  /** The exposition: what `GET /metrics` answers. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export interface PrometheusOptions {
  /** Configured instance names: their breaker gauges exist (closed) before any request. */
  instances: readonly string[];
  /** prom-client's process and Node.js collectors; tests that count series leave them out. */
  processMetrics?: boolean;
}

export function createPrometheusMetrics(options: PrometheusOptions): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'callgate_http_requests_total',
    help: 'Requests answered, by route template, method, status class and provider instance.',
    labelNames: ['route', 'method', 'status_class', 'provider_instance'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'callgate_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being ready.',
    labelNames: ['route', 'method', 'provider_instance'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const upstream = new Counter({
    name: 'callgate_upstream_requests_total',
    help: 'Attempts sent to a provider, by instance, operation and outcome (status class or failure).',
    labelNames: ['provider_instance', 'operation', 'outcome'] as const,
    registers,
  });
  const upstreamSeconds = new Histogram({
    name: 'callgate_upstream_request_duration_seconds',
    help: "A provider's time per attempt, from sending to the whole answer read.",
    labelNames: ['provider_instance', 'operation'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const retries = new Counter({
    name: 'callgate_upstream_retries_total',
    help: 'Attempts that were retries of a read.',
    labelNames: ['provider_instance', 'operation'] as const,
    registers,
  });
  const refused = new Counter({
    name: 'callgate_upstream_refused_total',
    help: 'Attempts the circuit breaker or the request cap (MAX_RPS) refused: nothing was sent.',
    labelNames: ['provider_instance', 'operation'] as const,
    registers,
  });
  const breakerState = new Gauge({
    name: 'callgate_breaker_state',
    help: 'Circuit breaker per instance: 0 closed, 1 half-open (probing), 2 open.',
    labelNames: ['provider_instance'] as const,
    registers,
  });
  const breakerTransitions = new Counter({
    name: 'callgate_breaker_transitions_total',
    help: 'Circuit breaker state changes, by the state moved to.',
    labelNames: ['provider_instance', 'to'] as const,
    registers,
  });
  const cache = new Counter({
    name: 'callgate_cache_reads_total',
    help: 'Reads of one call: answered from memory (hit), sharing a read in flight (coalesced), or sent (miss).',
    labelNames: ['provider_instance', 'result'] as const,
    registers,
  });
  const idempotency = new Counter({
    name: 'callgate_idempotency_total',
    help: 'Idempotency-Key repeats: answered again without a provider call (replayed), refused as a different request (conflict), or refused while the first was still running (in_use).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const tokens = new Counter({
    name: 'callgate_token_requests_total',
    help: 'Verba token requests, by reason (initial, renewal, rejected) and outcome (granted, failed).',
    labelNames: ['provider_instance', 'reason', 'outcome'] as const,
    registers,
  });

  const audio = new Counter({
    name: 'callgate_audio_bytes_total',
    help: 'Audio bytes relayed from providers to callers (recordings and live calls).',
    labelNames: ['provider_instance'] as const,
    registers,
  });

  for (const instance of options.instances) breakerState.set({ provider_instance: instance }, 0);

  // Label children bound once per series: prom-client hashes a label object on every
  // call otherwise. The label values are bounded (see above), and so are these maps.
  const requestSeries = bound((route: string, method: string, instance: string) => ({
    seconds: requestSeconds.labels(route, method, instance),
    byClass: bound((statusClassName: string) =>
      requests.labels(route, method, statusClassName, instance),
    ),
  }));
  const upstreamSeries = bound((instance: string, operation: string) => ({
    seconds: upstreamSeconds.labels(instance, operation),
    retries: retries.labels(instance, operation),
    byOutcome: bound((outcome: string) => upstream.labels(instance, operation, outcome)),
  }));

  const metrics: Metrics = {
    request(event: RequestEvent) {
      const series = requestSeries(event.route, event.method, event.instance);
      series.byClass(statusClass(event.status)).inc();
      series.seconds.observe(event.durationMs / 1000);
    },
    upstream(event: UpstreamEvent) {
      const series = upstreamSeries(event.instance, event.operation);
      series.byOutcome(event.outcome).inc();
      series.seconds.observe(event.durationMs / 1000);
      if (event.attempt > 0) series.retries.inc();
    },
    upstreamRefused(instance, operation) {
      refused.inc({ provider_instance: instance, operation });
    },
    breaker(instance, state) {
      breakerState.set({ provider_instance: instance }, BREAKER_VALUE[state]);
      breakerTransitions.inc({ provider_instance: instance, to: state });
    },
    cache(instance, result) {
      cache.inc({ provider_instance: instance, result });
    },
    idempotency(outcome) {
      idempotency.inc({ outcome });
    },
    token(instance, reason, ok) {
      tokens.inc({ provider_instance: instance, reason, outcome: ok ? 'granted' : 'failed' });
    },
    audioBytes(instance, bytes) {
      audio.inc({ provider_instance: instance }, bytes);
    },
  };

  return {
    metrics,
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}

/** `make` memoized on its string arguments. */
function bound<A extends string[], T>(make: (...args: A) => T): (...args: A) => T {
  const made = new Map<string, T>();
  return (...args) => {
    const key = args.join('\u0000');
    let found = made.get(key);
    if (found === undefined) {
      found = make(...args);
      made.set(key, found);
    }
    return found;
  };
}
