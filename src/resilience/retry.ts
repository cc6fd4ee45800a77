/**
 * Retries for reads. A request is tried again only when it is marked idempotent and the
 * failure is one a second try can cure: a network error, or HTTP 502, 503, 504 or 429.
 * Timeouts are not retried (the deadline is spent), and writes never are.
 */
import { type HttpClient, UpstreamError, type UpstreamResponse } from '../core/upstream.ts';

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxDelayMs: number;
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter source. */
  random: () => number;
  now: () => number;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const RETRIED_FAILURES = new Set(['connect', 'network']);

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => Date.now(),
};

export function withRetries(
  client: HttpClient,
  policy: RetryPolicy,
  deps: RetryDeps = realRetryDeps,
): HttpClient {
  return async (request) => {
    if (!request.idempotent || policy.retries === 0) return client(request);
    // Retries share the request's own deadline rather than multiplying it.
    const deadline = deps.now() + request.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      let response: UpstreamResponse | undefined;
      let failure: unknown;
      try {
        const left = Math.max(1, Math.floor(deadline - deps.now()));
        response = await client(attempt === 0 ? request : { ...request, timeoutMs: left });
      } catch (error) {
        failure = error;
      }
      const last = attempt >= policy.retries;
      const delay = last ? null : retryDelay(attempt, response, failure, policy, deps);
      if (delay === null || deps.now() + delay >= deadline) {
        if (response) return response;
        throw failure;
      }
      await deps.sleep(delay);
    }
  };
}

/** How long to wait before trying again, or null when this outcome is not retried. */
function retryDelay(
  attempt: number,
  response: UpstreamResponse | undefined,
  failure: unknown,
  policy: RetryPolicy,
  deps: RetryDeps,
): number | null {
  if (response) {
    if (!RETRIED_STATUSES.has(response.status)) return null;
    const hinted = retryAfterMs(response.header('retry-after'), deps.now());
    // A provider that asks for a longer pause than we would wait gets it: no retry.
    if (hinted !== null) return hinted <= policy.maxDelayMs ? hinted : null;
  } else if (!(failure instanceof UpstreamError) || !RETRIED_FAILURES.has(failure.failure)) {
    return null;
  }
  // Full jitter: spreads the retries of many callers instead of synchronizing them.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** attempt);
  return Math.floor(deps.random() * ceiling);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
