import type { Logger } from '../core/logger.ts';
import { redactUrl } from '../core/redact.ts';
import type { StreamClient } from '../core/stream.ts';
import { type Metrics, type Span, statusClass } from '../core/telemetry.ts';
import { UpstreamError } from '../core/upstream.ts';
import { startAttempt } from './attempt-span.ts';

export interface StreamScope {
  log: Logger;
  totals: { ms: number; calls: number };
  span: Span;
  metrics: Metrics;
}

/**
 * One log line per streamed upstream request once its headers are in (the body may run
 * for minutes), and one more when its body ends other than completely. Its span lasts
 * until the body ends; its duration counts to the headers, as a buffered attempt's counts
 * to its whole answer; the audio it relayed is counted when it ends.
 */
export function instrumentStream(
  client: StreamClient,
  instance: string,
  scope: StreamScope,
): StreamClient {
  const { log, totals, span, metrics } = scope;
  return async (request) => {
    const started = performance.now();
    const { operation } = request;
    const fields = {
      instance,
      operation,
      method: 'GET',
      url: redactUrl(request.url),
      stream: true,
    };
    const { attemptSpan, traced } = startAttempt(
      span,
      { instance, operation, attempt: 0 },
      request,
    );
    try {
      const answer = await client(traced);
      const ms = performance.now() - started;
      totals.ms += ms;
      totals.calls += 1;
      const outcome = statusClass(answer.status);
      metrics.upstream({ instance, operation, outcome, durationMs: ms, attempt: 0 });
      attemptSpan.set({ 'http.response.status_code': answer.status });
      log.info(
        { upstream: { ...fields, status: answer.status, durationMs: round(ms) } },
        'upstream',
      );
      void answer.done.then((end) => {
        attemptSpan.set({ 'callgate.stream.bytes': end.bytes });
        if (end.outcome !== 'complete' && end.outcome !== 'cancelled')
          attemptSpan.fail(end.outcome);
        attemptSpan.end();
        if (!request.document && answer.status < 300) metrics.audioBytes(instance, end.bytes);
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
        metrics.upstreamRefused(instance, operation);
        attemptSpan.fail((error as UpstreamError).failure);
        attemptSpan.end();
        log.info({ upstream: { ...fields, skipped } }, 'upstream skipped');
        throw error;
      }
      const ms = performance.now() - started;
      totals.ms += ms;
      totals.calls += 1;
      const outcome =
        error instanceof UpstreamError &&
        (error.failure === 'connect' ||
          error.failure === 'timeout' ||
          error.failure === 'too_large')
          ? error.failure
          : 'network';
      metrics.upstream({ instance, operation, outcome, durationMs: ms, attempt: 0 });
      attemptSpan.fail(outcome);
      attemptSpan.end();
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
