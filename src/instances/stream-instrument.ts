import type { Logger } from '../core/logger.ts';
import { redactUrl } from '../core/redact.ts';
import type { StreamClient } from '../core/stream.ts';
import { UpstreamError } from '../core/upstream.ts';

/**
 * One log line per streamed upstream request once its headers are in (the body may run
 * for minutes), and one more when its body ends other than completely.
 */
export function instrumentStream(
  client: StreamClient,
  instance: string,
  log: Logger,
  totals: { ms: number; calls: number },
): StreamClient {
  return async (request) => {
    const started = performance.now();
    const fields = { instance, method: 'GET', url: redactUrl(request.url), stream: true };
    try {
      const answer = await client(request);
      const ms = performance.now() - started;
      totals.ms += ms;
      totals.calls += 1;
      log.info(
        { upstream: { ...fields, status: answer.status, durationMs: round(ms) } },
        'upstream',
      );
      void answer.done.then((end) => {
        if (end.outcome === 'complete') return;
        const line = { upstream: { ...fields, bytes: end.bytes, ended: end.outcome } };
        // A caller hanging up is ordinary; a provider going quiet or oversized is not.
        if (end.outcome === 'cancelled') log.info(line, 'upstream stream cancelled');
        else log.warn(line, 'upstream stream failed');
      });
      return answer;
    } catch (error) {
      const skipped = skipReason(error);
      if (skipped) {
        log.info({ upstream: { ...fields, skipped } }, 'upstream skipped');
        throw error;
      }
      const ms = performance.now() - started;
      totals.ms += ms;
      totals.calls += 1;
      log.warn(
        { upstream: { ...fields, error: (error as Error).message, durationMs: round(ms) } },
        'upstream failed',
      );
      throw error;
    }
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

const SKIPPED: Partial<Record<UpstreamError['failure'], string>> = {
  circuit_open: 'circuit open',
  rate_limited: 'request cap reached',
};

/** Why nothing was sent (the breaker or the request cap refused), or undefined when it was. */
export function skipReason(error: unknown): string | undefined {
  return error instanceof UpstreamError ? SKIPPED[error.failure] : undefined;
}
