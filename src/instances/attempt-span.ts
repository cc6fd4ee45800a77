import type { Span } from '../core/telemetry.ts';
import { formatTraceparent } from '../core/trace-context.ts';

/**
 * Opens the span of one upstream attempt, buffered or streamed, and returns the request as
 * it is sent: with the attempt's `traceparent`, so the provider is told which attempt of
 * which trace it serves.
 */
export function startAttempt<R extends { method?: string; headers?: Record<string, string> }>(
  span: Span,
  target: { instance: string; operation: string; attempt: number },
  request: R,
): { attemptSpan: Span; traced: R } {
  const { instance, operation, attempt } = target;
  const attemptSpan = span.child(`${instance} ${operation}`, 'client', {
    'callgate.provider_instance': instance,
    'callgate.operation': operation,
    // A streamed request has no method of its own: it is always a GET.
    'http.request.method': request.method ?? 'GET',
    ...(attempt > 0 ? { 'http.request.resend_count': attempt } : {}),
  });
  const ids = attemptSpan.ids;
  const traced = {
    ...request,
    headers: {
      ...request.headers,
      traceparent: formatTraceparent(ids),
      ...(ids.state ? { tracestate: ids.state } : {}),
    },
  };
  return { attemptSpan, traced };
}
