import type { StreamClient } from '../core/stream.ts';
import { type AttemptScope, startAttempt } from './attempt-span.ts';

/**
 * A streamed upstream request is one attempt (attempt-span.ts) whose span lasts until its
 * body ends; its duration counts to the headers, as a buffered attempt's counts to its
 * whole answer, and the audio it relayed is counted when it ends. A body that ends other
 * than completely gets a line of its own.
 */
export function instrumentStream(
  client: StreamClient,
  instance: string,
  scope: AttemptScope,
): StreamClient {
  const { log, metrics } = scope;
  return async (request) => {
    const attempt = startAttempt(scope, instance, request, true);
    let answer: Awaited<ReturnType<StreamClient>>;
    try {
      answer = await client(attempt.traced);
    } catch (error) {
      attempt.failed(error);
      throw error;
    }
    attempt.answered(answer.status, true);
    const { span } = attempt;
    void answer.done.then((end) => {
      span.set({ 'callgate.stream.bytes': end.bytes });
      if (end.outcome !== 'complete' && end.outcome !== 'cancelled') span.fail(end.outcome);
      span.end();
      if (!request.document && answer.status < 300) metrics.audioBytes(instance, end.bytes);
      if (end.outcome === 'complete') return;
      const line = { upstream: { ...attempt.fields(), bytes: end.bytes, ended: end.outcome } };
      // A caller hanging up is ordinary; a provider going quiet or oversized is not.
      if (end.outcome === 'cancelled') log.info(line, 'upstream stream cancelled');
      else log.warn(line, 'upstream stream failed');
    });
    return answer;
  };
}
