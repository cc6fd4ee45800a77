import {
  GatewayError,
  type ProblemExtras,
  providerBadResponse,
  providerCircuitOpen,
  providerTimeout,
  providerUnavailable,
} from './errors.ts';
import { UpstreamError } from './upstream.ts';

/**
 * Maps a failure below HTTP to the error model. A write that may have reached the provider
 * (timeout or a broken connection after sending) says its outcome is unknown, so the
 * caller knows to look before retrying.
 */
export function fromUpstreamError(
  error: unknown,
  origin: { provider: string; instance: string },
  isWrite: boolean,
): GatewayError {
  if (error instanceof GatewayError) return error;
  if (!(error instanceof UpstreamError)) throw error;
  const extras: ProblemExtras = { ...origin };
  if (isWrite && error.sent && (error.failure === 'timeout' || error.failure === 'network')) {
    extras.outcome = 'unknown';
  }
  const name = `${origin.provider} instance '${origin.instance}'`;
  switch (error.failure) {
    case 'connect':
      return providerUnavailable(`${name} cannot be reached: ${error.message}.`, extras);
    case 'timeout':
      return providerTimeout(
        error.deadlineMs === undefined
          ? `${name} did not answer in time.`
          : `${name} did not answer within ${error.deadlineMs} ms, the gateway's deadline for the whole request (retries and token renewal included).`,
        extras,
      );
    case 'network':
      return providerUnavailable(`The connection to ${name} failed: ${error.message}.`, extras);
    case 'too_large':
    case 'bad_encoding':
      return providerBadResponse(`${name} sent an unusable answer: ${error.message}.`, extras);
    case 'unavailable':
      return providerUnavailable(
        `${name} is unavailable: ${error.message}.`,
        extras,
        error.retryAfterSeconds,
      );
    case 'circuit_open':
      return providerCircuitOpen(
        `${name} failed repeatedly; the gateway is not calling it for now.`,
        extras,
        error.retryAfterSeconds,
      );
  }
}
