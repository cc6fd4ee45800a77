/**
 * How hard the gateway tries with one provider instance, read for every instance from
 * `<PREFIX>_…` variables whatever its kind, so no adapter repeats it.
 */
import { z } from '@hono/zod-openapi';
import { type ReadVariable, readVariables } from '../core/kind.ts';
import { DEFAULT_MAX_MEDIA_BYTES } from '../core/stream.ts';

export interface ResilienceSettings {
  /** TCP (and TLS) connection set up. */
  connectTimeoutMs: number;
  /** From sending the request to the end of the answer's headers. */
  headersTimeoutMs: number;
  /** Longest silence between two chunks of the answer's body. */
  bodyTimeoutMs: number;
  /** Overrides the adapter's cap on answer size when set. */
  maxResponseBytes: number | null;
  /** Largest audio stream relayed; documents keep their own cap. */
  maxMediaBytes: number;
  /** Extra attempts for a read after a network error, 502, 503, 504 or 429. */
  retries: number;
  /** First backoff step; each retry doubles it, with full jitter. */
  retryBaseMs: number;
  /** Longest wait before a retry, `Retry-After` included: a longer hint is not waited for. */
  retryMaxDelayMs: number;
  /** Consecutive failures that open the breaker. */
  breakerFailures: number;
  /** How long an open breaker refuses before it lets one probe through. */
  breakerCooldownMs: number;
  /**
   * How long a process or isolate acts on its view of the breaker before it reads the
   * holder again (the instance's object on the Worker, STATE_DB's row on Node, which other
   * processes sharing the file may move).
   */
  breakerSyncMs: number;
  /** Requests per second the instance may be sent (the fleet's on the Worker); null: no cap. */
  maxRps: number | null;
  /** Audio streams relayed at once, per process (per isolate on the Worker). */
  maxStreams: number;
  /** Of those, at once for one API key. */
  maxStreamsPerKey: number;
}

export const RESILIENCE_DEFAULTS: ResilienceSettings = {
  connectTimeoutMs: 3_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  maxResponseBytes: null,
  maxMediaBytes: DEFAULT_MAX_MEDIA_BYTES,
  retries: 2,
  retryBaseMs: 100,
  retryMaxDelayMs: 2_000,
  breakerFailures: 5,
  breakerCooldownMs: 15_000,
  // A second: within the cooldown's 15 s by far, and at most one Durable Object read per
  // isolate per second however busy it is (docs/operations.md, "State across the fleet").
  breakerSyncMs: 1_000,
  maxRps: null,
  maxStreams: 32,
  maxStreamsPerKey: 8,
};

const integer = (min: number, max: number, fallback: number | null) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const number = Number(value);
      if (!/^\d+$/.test(value) || number < min || number > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return number;
    });

const d = RESILIENCE_DEFAULTS;
const schema = z.object({
  CONNECT_TIMEOUT_MS: integer(50, 60_000, d.connectTimeoutMs),
  HEADERS_TIMEOUT_MS: integer(50, 300_000, d.headersTimeoutMs),
  BODY_TIMEOUT_MS: integer(50, 300_000, d.bodyTimeoutMs),
  MAX_RESPONSE_BYTES: integer(1024, 256 * 1024 * 1024, null),
  MAX_MEDIA_BYTES: integer(1024, 64 * 1024 * 1024 * 1024, d.maxMediaBytes),
  RETRIES: integer(0, 5, d.retries),
  RETRY_BASE_MS: integer(1, 10_000, d.retryBaseMs),
  RETRY_MAX_DELAY_MS: integer(0, 60_000, d.retryMaxDelayMs),
  BREAKER_FAILURES: integer(1, 1_000, d.breakerFailures),
  BREAKER_COOLDOWN_MS: integer(10, 600_000, d.breakerCooldownMs),
  BREAKER_SYNC_MS: integer(0, 60_000, d.breakerSyncMs),
  MAX_RPS: integer(1, 100_000, null),
  MAX_STREAMS: integer(1, 10_000, d.maxStreams),
  MAX_STREAMS_PER_KEY: integer(1, 10_000, d.maxStreamsPerKey),
});

export function readResilience(
  prefix: string,
  read: ReadVariable,
): { ok: true; settings: ResilienceSettings } | { ok: false; errors: string[] } {
  const parsed = readVariables(schema, prefix, read);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    settings: {
      connectTimeoutMs: v.CONNECT_TIMEOUT_MS as number,
      headersTimeoutMs: v.HEADERS_TIMEOUT_MS as number,
      bodyTimeoutMs: v.BODY_TIMEOUT_MS as number,
      maxResponseBytes: v.MAX_RESPONSE_BYTES,
      maxMediaBytes: v.MAX_MEDIA_BYTES as number,
      retries: v.RETRIES as number,
      retryBaseMs: v.RETRY_BASE_MS as number,
      retryMaxDelayMs: v.RETRY_MAX_DELAY_MS as number,
      breakerFailures: v.BREAKER_FAILURES as number,
      breakerCooldownMs: v.BREAKER_COOLDOWN_MS as number,
      breakerSyncMs: v.BREAKER_SYNC_MS as number,
      maxRps: v.MAX_RPS,
      maxStreams: v.MAX_STREAMS as number,
      maxStreamsPerKey: v.MAX_STREAMS_PER_KEY as number,
    },
  };
}
