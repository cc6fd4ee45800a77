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
        response = await client(attempt === 0 ? request : { ...request, timeoutMs: left, attempt });
      } catch (error) {
        failure = error;
      }
      // Nobody waits for an answer to a caller who hung up.
      const last = attempt >= policy.retries || request.signal?.aborted === true;
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

/**
 * The longest `Retry-After` the gateway reads, and so the longest it passes on: far beyond
 * any wait it makes itself, and a bound on what a provider can tell callers.
 */
export const RETRY_AFTER_CEILING_SECONDS = 3600;

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP date, at most the
 * ceiling. Any run of digits counts, however long: a value too large to mean anything
 * still means "not soon", never "no hint" (which would retry at once).
 */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return null;
    seconds = Math.max(0, date - now) / 1000;
  }
  return Math.min(seconds, RETRY_AFTER_CEILING_SECONDS) * 1000;
}
