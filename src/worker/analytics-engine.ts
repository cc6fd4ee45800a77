/**
 * The Worker's Metrics: data points in a Workers Analytics Engine dataset, the time series
 * store Cloudflare runs beside the Worker (prom-client cannot run there, and a scrape would
 * reach one isolate of many). Each event is one data point; its first blob names the kind,
 * the others are the same labels the Prometheus series carry, in the order listed in
 * POINT_LAYOUT (docs/observability.md, "On Workers", shows SQL over them).
 */
import {
  type Metrics,
  type RequestEvent,
  statusClass,
  type UpstreamEvent,
} from '../core/telemetry.ts';

/** The part of Cloudflare's AnalyticsEngineDataset binding the gateway uses. */
export interface AnalyticsEngineDataset {
  writeDataPoint(point: { blobs?: string[]; doubles?: number[]; indexes?: string[] }): void;
}

/** What each kind of point carries, position by position. */
export const POINT_LAYOUT = {
  request: {
    blobs: ['kind', 'route', 'method', 'status_class', 'provider_instance'],
    doubles: ['duration_ms', 'status', 'upstream_calls', 'upstream_ms'],
  },
  upstream: {
    blobs: ['kind', 'provider_instance', 'operation', 'outcome'],
    doubles: ['duration_ms', 'attempt'],
  },
  upstream_refused: { blobs: ['kind', 'provider_instance', 'operation'], doubles: [] },
  breaker: { blobs: ['kind', 'provider_instance', 'state'], doubles: [] },
  cache: { blobs: ['kind', 'provider_instance', 'result'], doubles: [] },
  idempotency: { blobs: ['kind', 'outcome'], doubles: [] },
  token: { blobs: ['kind', 'provider_instance', 'reason', 'outcome'], doubles: [] },
  audio: { blobs: ['kind', 'provider_instance'], doubles: ['bytes'] },
} as const;

/**
 * The index is Analytics Engine's sampling key: by instance, so a busy instance's points
 * are sampled apart from a quiet one's.
 */
const index = (instance: string) => [instance || 'gateway'];

export function analyticsEngineMetrics(dataset: AnalyticsEngineDataset): Metrics {
  return {
    request(event: RequestEvent) {
      dataset.writeDataPoint({
        blobs: ['request', event.route, event.method, statusClass(event.status), event.instance],
        doubles: [event.durationMs, event.status, event.upstreamCalls, event.upstreamMs],
        indexes: index(event.instance),
      });
    },
    upstream(event: UpstreamEvent) {
      dataset.writeDataPoint({
        blobs: ['upstream', event.instance, event.operation, event.outcome],
        doubles: [event.durationMs, event.attempt],
        indexes: index(event.instance),
      });
    },
    upstreamRefused(instance, operation) {
      dataset.writeDataPoint({
        blobs: ['upstream_refused', instance, operation],
        indexes: index(instance),
      });
    },
    breaker(instance, state) {
      dataset.writeDataPoint({ blobs: ['breaker', instance, state], indexes: index(instance) });
    },
    cache(instance, result) {
      dataset.writeDataPoint({ blobs: ['cache', instance, result], indexes: index(instance) });
    },
    idempotency(outcome) {
      dataset.writeDataPoint({ blobs: ['idempotency', outcome], indexes: index('') });
    },
    token(instance, reason, ok) {
      dataset.writeDataPoint({
        blobs: ['token', instance, reason, ok ? 'granted' : 'failed'],
        indexes: index(instance),
      });
    },
    audioBytes(instance, bytes) {
      dataset.writeDataPoint({
        blobs: ['audio', instance],
        doubles: [bytes],
        indexes: index(instance),
      });
    },
  };
}
