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
      if (error instanceof UpstreamError && error.failure === 'circuit_open') {
        log.info({ upstream: { ...fields, skipped: 'circuit open' } }, 'upstream skipped');
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
