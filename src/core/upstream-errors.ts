import { GatewayError, InstanceProblem, type ProblemExtras } from './errors.ts';
import { UpstreamError } from './upstream.ts';

/**
 * Maps a failure below HTTP to the error model, as a problem of the instance: adapt()
 * names the instance. A write that may have reached the provider (timeout or a broken
 * connection after sending) says its outcome is unknown, so the caller knows to look
 * before retrying.
 */
export function fromUpstreamError(error: unknown, isWrite: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  if (!(error instanceof UpstreamError)) throw error;
  const extras: ProblemExtras = {};
  if (isWrite && error.sent && (error.failure === 'timeout' || error.failure === 'network')) {
    extras.outcome = 'unknown';
  }
  const retryAfter = (seconds: number | undefined, fallback: number) => ({
    'retry-after': String(seconds ?? fallback),
  });
  switch (error.failure) {
    case 'connect':
      return new InstanceProblem(
        'provider_unavailable',
        `cannot be reached: ${error.message}.`,
        extras,
        retryAfter(undefined, 5),
      );
    case 'timeout':
      return new InstanceProblem(
        'provider_timeout',
        error.deadlineMs === undefined
          ? 'did not answer in time.'
          : `did not answer within ${error.deadlineMs} ms, the gateway's deadline for the whole request (retries and token renewal included).`,
        extras,
      );
    case 'network':
      return new InstanceProblem(
        'provider_unavailable',
        `lost the connection: ${error.message}.`,
        extras,
        retryAfter(undefined, 5),
      );
    case 'too_large':
    case 'bad_encoding':
      return new InstanceProblem(
        'provider_bad_response',
        `sent an unusable answer: ${error.message}.`,
        extras,
      );
    case 'unavailable':
      return new InstanceProblem(
        'provider_unavailable',
        `is unavailable: ${error.message}.`,
        extras,
        retryAfter(error.retryAfterSeconds, 5),
      );
    case 'circuit_open':
      return new InstanceProblem(
        'provider_circuit_open',
        'failed repeatedly; the gateway is not calling it for now.',
        extras,
        retryAfter(error.retryAfterSeconds, 1),
      );
    case 'rate_limited':
      return new InstanceProblem(
        'provider_rate_limited',
        "is sent a limited number of requests per second, and this second's are spent; nothing was sent.",
        extras,
        retryAfter(error.retryAfterSeconds, 1),
      );
  }
}
