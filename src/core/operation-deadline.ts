/**
 * One deadline for a whole operation, however its answer arrives. A buffered exchange is
 * bounded by its client, but an answer read as a stream (a long listing) is bounded only
 * between chunks, so a provider that trickles bytes could hold a request for minutes:
 * here the operation gets a signal that ends at the deadline or when the caller hangs up
 * (whichever comes first; the upstream requests made with it end with it), and fails with
 * a timeout naming the deadline the moment it passes.
 */
import { UpstreamError } from './upstream.ts';

export async function withinDeadline<T>(
  ms: number,
  caller: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const signal = caller ? AbortSignal.any([caller, deadline.signal]) : deadline.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      reject(
        new UpstreamError('timeout', true, `no complete answer within ${ms} ms`, undefined, ms),
      );
    }, ms);
  });
  try {
    return await Promise.race([work(signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
