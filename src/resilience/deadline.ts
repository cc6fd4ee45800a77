/**
 * One deadline per request and instance. `<PREFIX>_TIMEOUT_MS` is what an operator reads as
 * "how long a caller may wait", so it bounds everything a request asks of the instance:
 * a token renewal, every step of a multi-step operation and every retry. Each exchange gets
 * what is left of it; once nothing is left, nothing more is sent.
 */
import { type HttpClient, UpstreamError } from '../core/upstream.ts';

// Timers fire no earlier than asked, but clocks round: an exchange aborted this close to
// the deadline was aborted by it.
const TIMER_SLACK_MS = 10;

/**
 * `client` bounded by a deadline that starts now, whose length each request carries as its
 * `timeoutMs`. Build one per request: the clock starts when the request begins its work.
 */
export function withDeadline(
  client: HttpClient,
  clock: () => number = () => performance.now(),
): HttpClient {
  const started = clock();
  return async (request) => {
    const budget = request.timeoutMs;
    const deadline = started + budget;
    const left = Math.floor(deadline - clock());
    if (left <= 0) {
      throw new UpstreamError(
        'timeout',
        false,
        'the deadline passed before sending',
        undefined,
        budget,
      );
    }
    try {
      return await client({ ...request, timeoutMs: left });
    } catch (error) {
      if (
        error instanceof UpstreamError &&
        error.failure === 'timeout' &&
        error.deadlineMs === undefined &&
        clock() >= deadline - TIMER_SLACK_MS
      ) {
        throw new UpstreamError('timeout', error.sent, error.message, undefined, budget);
      }
      throw error;
    }
  };
}
