/**
 * Streamed requests get the instance's limits, request cap and breaker, like buffered ones,
 * but no retries: a recording is large, and a caller that wants another try asks again.
 */

import type { StreamClient } from '../core/stream.ts';
import { UpstreamError } from '../core/upstream.ts';
import type { SharedPermit } from './breaker.ts';
import { retryAfterMs } from './retry.ts';
import type { ResilienceSettings } from './settings.ts';

const BREAKING_FAILURES = new Set(['connect', 'network', 'timeout']);

export function resilientStream(
  client: StreamClient,
  /** The instance's cap and breaker: a permit, or the UpstreamError that says why not. */
  admit: (caller?: string) => Promise<SharedPermit>,
  settings: ResilienceSettings,
  now: () => number,
): StreamClient {
  return async (request) => {
    const permit = await admit(request.caller);
    let answer: Awaited<ReturnType<StreamClient>>;
    try {
      answer = await client({
        ...request,
        connectTimeoutMs: request.connectTimeoutMs ?? settings.connectTimeoutMs,
        headersTimeoutMs: request.headersTimeoutMs ?? settings.headersTimeoutMs,
        bodyTimeoutMs: request.bodyTimeoutMs ?? settings.bodyTimeoutMs,
        maxBodyBytes: request.document
          ? (settings.maxResponseBytes ?? request.maxBodyBytes)
          : Math.min(request.maxBodyBytes, settings.maxMediaBytes),
      });
    } catch (error) {
      // A caller that left before the answer says nothing about the provider.
      const callerGone = request.signal?.aborted === true;
      if (!callerGone && error instanceof UpstreamError && BREAKING_FAILURES.has(error.failure))
        await permit.failure();
      else await permit.success();
      throw error;
    }
    const status = answer.status;
    if (status >= 500 || status === 429) await permit.failure();
    else await permit.success();
    if (status === 503 || status === 429 || status === 502 || status === 504) {
      await answer.body.cancel();
      if (status === 504) throw new UpstreamError('timeout', true, 'a proxy timed out (HTTP 504)');
      if (status === 502) throw new UpstreamError('network', true, 'a proxy failed (HTTP 502)');
      const hinted = retryAfterMs(answer.header('retry-after'), now());
      throw new UpstreamError(
        'unavailable',
        false,
        status === 429 ? 'it is limiting the rate of requests (HTTP 429)' : 'HTTP 503',
        hinted === null ? 5 : Math.min(3600, Math.max(1, Math.ceil(hinted / 1000))),
      );
    }
    return answer;
  };
}
