/**
 * The one place where an instance's upstream client gains timeouts, a size cap, retries, a
 * circuit breaker and a cap on requests per second. Whether a request is idempotent comes
 * with it (core/adapt.ts sets it); everything else here is the same for every provider kind.
 * The breaker and the cap are held by the gateway's state (the instance's Durable Object on
 * the Worker, so the whole fleet shares them; the process on Node).
 *
 * Per request the layers are, outside in: status mapping → the request's deadline →
 * retries → the request's instrumentation (one log line per attempt) → the instance's
 * request budget → its breaker → the HTTP client.
 * A readiness probe skips the retries and the breaker: it is one attempt, and what it
 * meets must not pause the traffic that the breaker protects.
 */
import type { BreakerSnapshot } from '../core/instance.ts';
import type { Logger } from '../core/logger.ts';
import type { InstanceState } from '../core/state/types.ts';
import type { StreamClient } from '../core/stream.ts';
import type { Metrics } from '../core/telemetry.ts';
import { type HttpClient, UpstreamError, type UpstreamRequest } from '../core/upstream.ts';
import { CircuitOpenError, SharedBreaker, type SharedPermit } from './breaker.ts';
import { withDeadline } from './deadline.ts';
import { RateGate, RateLimitedError } from './rate-gate.ts';
import {
  RETRY_AFTER_CEILING_SECONDS,
  type RetryDeps,
  realRetryDeps,
  retryAfterMs,
  withRetries,
} from './retry.ts';
import type { ResilienceSettings } from './settings.ts';
import { resilientStream } from './stream-upstream.ts';

export interface InstanceUpstream {
  /** Shared by every request to the instance: limits and the breaker around the client. */
  send: HttpClient;
  /**
   * Wraps a request's (instrumented) view of `send` with its deadline, retries and status
   * mapping. Call it once per request: the deadline starts then.
   */
  forRequest(client: HttpClient): HttpClient;
  /**
   * Streamed answers (audio): the same breaker and limits, the media size cap, no retries,
   * and no request deadline past the answer's headers.
   */
  stream: StreamClient;
  /**
   * Background polling (watched calls, new calls): within the request cap like any request,
   * but never reported to the breaker, so polling alone cannot open it.
   */
  poll: HttpClient;
  /** The instance's limits without its breaker: for readiness probes only. */
  probe: HttpClient;
  /** Wraps a probe's (instrumented) view of `probe` with status mapping, without retries. */
  forProbe(client: HttpClient): HttpClient;
  /** The breaker as its holder has it now (the fleet's, on the Worker). */
  breaker(): Promise<BreakerSnapshot>;
}

export interface InstanceUpstreamOptions {
  instance: string;
  settings: ResilienceSettings;
  logger: Logger;
  /** Holds the instance's breaker and request budget. */
  state: Omit<InstanceState, 'token'>;
  /** `fleet`: the holder is shared by every isolate; `process`: by this process. */
  scope: BreakerSnapshot['scope'];
  /** How long this process or isolate acts on its view of the breaker; 0 reads it each time. */
  breakerSyncMs: number;
  /** Permits taken from the holder at once, under `settings.maxRps`. */
  permitBatch: number;
  metrics?: Metrics;
  now?: () => number;
  retryDeps?: RetryDeps;
  /** The runtime's client for streamed answers. */
  stream: StreamClient;
}

/** Failures that say the provider is unwell, as opposed to one odd answer. */
const BREAKING_FAILURES = new Set(['connect', 'network', 'timeout']);
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function createInstanceUpstream(
  client: HttpClient,
  options: InstanceUpstreamOptions,
): InstanceUpstream {
  const { instance, settings, logger, state } = options;
  const now = options.now ?? Date.now;
  const onStateError = (error: unknown) =>
    logger.warn(
      { instance, err: { message: (error as Error).message } },
      "the gateway's state did not answer; going on without it",
    );
  const breaker = new SharedBreaker({
    state,
    policy: { failureThreshold: settings.breakerFailures, cooldownMs: settings.breakerCooldownMs },
    syncMs: options.breakerSyncMs,
    now,
    // Logged (and counted) by the process or isolate whose report moved the breaker, once for
    // the fleet.
    onTransition: (t, view) => {
      options.metrics?.breaker(instance, t.to);
      const fields = { instance, breaker: { from: t.from, to: t.to, failures: view.failures } };
      if (t.to === 'open') logger.warn(fields, 'circuit breaker opened');
      else logger.info(fields, `circuit breaker ${t.to === 'closed' ? 'closed' : 'half-open'}`);
    },
    onStateError,
  });
  const budget =
    settings.maxRps === null
      ? null
      : new RateGate({
          state,
          maxPerSecond: settings.maxRps,
          batch: options.permitBatch,
          now,
          onStateError,
        });

  /** The request cap, shared fairly between callers; the gateway's `own` requests never refused. */
  const takeBudget = async (caller = '', own = false): Promise<void> => {
    try {
      await budget?.take(caller, own);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      throw new UpstreamError(
        'rate_limited',
        false,
        'request rate cap reached',
        error.retryAfterSeconds,
      );
    }
  };

  /** May a request go now? The request cap first, then the breaker; nothing is sent if not. */
  const admit = async (caller = '', own = false): Promise<SharedPermit> => {
    await takeBudget(caller, own);
    try {
      return await breaker.acquire();
    } catch (error) {
      if (!(error instanceof CircuitOpenError)) throw error;
      throw new UpstreamError(
        'circuit_open',
        false,
        'circuit breaker open after repeated failures',
        error.retryAfterSeconds,
      );
    }
  };

  const send: HttpClient = async (request) => {
    // Without a request cap, a healthy instance's permit needs no promise.
    const permit =
      (budget === null && breaker.tryAcquire()) || (await admit(request.caller, request.own));
    try {
      const response = await client(withLimits(request, settings));
      if (response.status >= 500 || response.status === 429) await permit.failure();
      else await permit.success();
      return response;
    } catch (error) {
      // A caller that left before the answer says nothing about the provider.
      const callerGone = request.signal?.aborted === true;
      if (!callerGone && error instanceof UpstreamError && BREAKING_FAILURES.has(error.failure))
        await permit.failure();
      else await permit.success();
      throw error;
    }
  };

  const policy = {
    retries: settings.retries,
    baseMs: settings.retryBaseMs,
    maxDelayMs: settings.retryMaxDelayMs,
  };
  const retryDeps = options.retryDeps ?? { ...realRetryDeps, now };
  return {
    send,
    forRequest: (inner) =>
      failOnGatewayStatus(withDeadline(withRetries(inner, policy, retryDeps)), now),
    stream: resilientStream(options.stream, admit, settings, now),
    probe: (request) => client(withLimits(request, settings)),
    poll: async (request) => {
      await takeBudget(request.caller);
      return client(withLimits(request, settings));
    },
    forProbe: (inner) => failOnGatewayStatus(withDeadline(inner), now),
    breaker: async () => ({ ...(await breaker.snapshot()), scope: options.scope }),
  };
}

function withLimits(request: UpstreamRequest, settings: ResilienceSettings): UpstreamRequest {
  return {
    ...request,
    connectTimeoutMs: request.connectTimeoutMs ?? settings.connectTimeoutMs,
    headersTimeoutMs: request.headersTimeoutMs ?? settings.headersTimeoutMs,
    bodyTimeoutMs: request.bodyTimeoutMs ?? settings.bodyTimeoutMs,
    maxBodyBytes: settings.maxResponseBytes ?? request.maxBodyBytes,
  };
}

/**
 * After any retries: 503 and 429 mean "not now" from any HTTP provider, and 502/504 mean a
 * proxy in front of it gave up, so neither is left for an adapter to misread as a
 * malformed answer. A write answered 502/504 may have been done: `sent` says so.
 */
function failOnGatewayStatus(client: HttpClient, now: () => number): HttpClient {
  return async (request) => {
    const response = await client(request);
    const status = response.status;
    if (status === 503 || status === 429) {
      const hinted = retryAfterMs(response.header('retry-after'), now());
      const seconds =
        hinted === null
          ? DEFAULT_RETRY_AFTER_SECONDS
          : clamp(Math.ceil(hinted / 1000), 1, RETRY_AFTER_CEILING_SECONDS);
      throw new UpstreamError(
        'unavailable',
        false,
        status === 429 ? 'it is limiting the rate of requests (HTTP 429)' : 'HTTP 503',
        seconds,
      );
    }
    if (status === 504) throw new UpstreamError('timeout', true, 'a proxy timed out (HTTP 504)');
    if (status === 502) throw new UpstreamError('network', true, 'a proxy failed (HTTP 502)');
    return response;
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
