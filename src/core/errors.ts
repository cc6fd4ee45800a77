/**
 * The one error model of the gateway: every failure, whether raised by validation, a route,
 * a provider adapter or the upstream HTTP client, becomes a GatewayError and leaves as an
 * RFC 9457 problem (see problem.ts).
 */

import type { SharedFailure } from './state/types.ts';

export type ProblemCode =
  | 'bad_request'
  | 'headers_too_large'
  | 'request_timeout'
  | 'unknown_instance'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'not_implemented'
  | 'provider_error'
  | 'provider_bad_response'
  | 'provider_auth_failed'
  | 'provider_unavailable'
  | 'provider_timeout'
  | 'provider_circuit_open'
  | 'provider_rate_limited'
  | 'idempotency_conflict'
  | 'idempotency_key_in_use'
  | 'state_unavailable'
  | 'range_not_satisfiable'
  | 'too_many_streams'
  | 'streams_busy'
  | 'call_ended'
  | 'call_in_progress'
  | 'call_protected'
  | 'link_invalid'
  | 'link_expired'
  | 'metrics_not_served'
  | 'too_many_watchers'
  | 'too_many_endpoints'
  | 'events_unavailable'
  | 'internal_error';

export interface FieldIssue {
  /** Where the bad value was: `path.id`, `query.status`, `body.extension`, … */
  field: string;
  message: string;
}

export interface ProblemExtras {
  provider?: string;
  instance?: string;
  providerCode?: string;
  providerMessage?: string;
  /** For writes whose effect upstream is not known (timeout after sending). */
  outcome?: 'unknown';
  errors?: FieldIssue[];
  capabilities?: readonly string[];
  /** Where to go instead, e.g. `{ recordings: '/calls/…/recordings' }` for a finished call. */
  links?: Record<string, string>;
}

const TITLES: Record<ProblemCode, string> = {
  bad_request: 'Bad request',
  headers_too_large: 'Request headers too large',
  request_timeout: 'The request did not arrive in time',
  unknown_instance: 'Unknown provider instance',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  route_not_found: 'No such route',
  method_not_allowed: 'Method not allowed',
  conflict: 'More than one call matches',
  not_implemented: 'Operation not supported by this provider',
  provider_error: 'The provider answered with an error',
  provider_bad_response: 'The provider answered with something unreadable',
  provider_auth_failed: 'The gateway could not authenticate with the provider',
  provider_unavailable: 'The provider cannot be reached',
  provider_timeout: 'The provider did not answer in time',
  too_many_watchers: 'Too many watchers',
  too_many_endpoints: 'Too many webhook endpoints',
  events_unavailable: 'Events are not kept here',
  provider_circuit_open: 'The provider is failing; calls to it are paused',
  provider_rate_limited: "The gateway's cap on requests to this provider is reached",
  idempotency_conflict: 'Idempotency key reused with a different request',
  idempotency_key_in_use: 'A request with this idempotency key is still running',
  state_unavailable: "The gateway's shared state cannot be reached",
  range_not_satisfiable: 'The requested byte range is outside the recording',
  too_many_streams: 'This API key has as many audio streams open as it may',
  streams_busy: 'The gateway relays as many audio streams from this instance as it may',
  call_ended: 'The call has ended',
  call_in_progress: 'The call is still going on',
  call_protected: 'The call is protected from deletion',
  link_invalid: 'The audio link is not one this gateway signed',
  link_expired: 'The audio link has expired',
  metrics_not_served: 'Metrics not served',
  internal_error: 'Internal error',
};

/**
 * The HTTP status of each code: a problem's status follows from what it is. A few codes
 * are raised with another status where the situation says more (an unknown instance named
 * in the path is a 404); this is the status they have otherwise.
 */
export const STATUS_OF: Record<ProblemCode, number> = {
  bad_request: 400,
  headers_too_large: 431,
  request_timeout: 408,
  unknown_instance: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  not_implemented: 501,
  provider_error: 502,
  provider_bad_response: 502,
  provider_auth_failed: 502,
  provider_unavailable: 503,
  provider_timeout: 504,
  provider_circuit_open: 503,
  provider_rate_limited: 503,
  idempotency_conflict: 422,
  idempotency_key_in_use: 409,
  state_unavailable: 503,
  range_not_satisfiable: 416,
  too_many_streams: 429,
  streams_busy: 503,
  call_ended: 409,
  call_in_progress: 409,
  call_protected: 409,
  link_invalid: 403,
  link_expired: 410,
  too_many_watchers: 429,
  too_many_endpoints: 429,
  events_unavailable: 503,
  metrics_not_served: 404,
  internal_error: 500,
};

export class GatewayError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly title: string;
  readonly extras: ProblemExtras;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ProblemCode,
    detail: string,
    extras: ProblemExtras = {},
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'GatewayError';
    this.status = status;
    this.code = code;
    this.title = TITLES[code];
    this.extras = extras;
    this.headers = headers;
  }
}

/**
 * A problem an adapter raises about its own instance: `detail` says what the instance did
 * ("answered GetCallInformation with HTTP 500 and no Verba XML"), and adapt() (core/adapt.ts)
 * stamps who did it, "<Label> instance '<name>'", and the instance's `provider` and
 * `instance` extras, so no adapter writes them. Its status follows from its code.
 */
export class InstanceProblem extends GatewayError {
  constructor(
    code: ProblemCode,
    detail: string,
    extras: ProblemExtras = {},
    headers: Record<string, string> = {},
  ) {
    super(STATUS_OF[code], code, detail, extras, headers);
    this.name = 'InstanceProblem';
  }
}

export const badRequest = (detail: string, errors?: FieldIssue[]) =>
  new GatewayError(400, 'bad_request', detail, errors ? { errors } : {});

export const unknownInstance = (instance: string, status = 400) =>
  new GatewayError(status, 'unknown_instance', `No provider instance is named '${instance}'.`, {
    instance,
  });

export const notFound = (detail: string, extras: ProblemExtras = {}) =>
  new GatewayError(404, 'not_found', detail, extras);

export const conflict = (detail: string, extras: ProblemExtras = {}) =>
  new GatewayError(409, 'conflict', detail, extras);

export const notImplemented = (
  provider: string,
  instance: string,
  operation: string,
  capabilities: readonly string[],
) =>
  new GatewayError(
    501,
    'not_implemented',
    `${provider} instance '${instance}' does not support '${operation}'.`,
    { provider, instance, capabilities },
  );

export const providerError = (detail: string, extras: ProblemExtras) =>
  new GatewayError(502, 'provider_error', detail, extras);

export const providerBadResponse = (detail: string, extras: ProblemExtras) =>
  new GatewayError(502, 'provider_bad_response', detail, extras);

export const providerAuthFailed = (detail: string, extras: ProblemExtras) =>
  new GatewayError(502, 'provider_auth_failed', detail, extras);

export const providerUnavailable = (
  detail: string,
  extras: ProblemExtras,
  retryAfterSeconds: number | undefined = 5,
) =>
  new GatewayError(503, 'provider_unavailable', detail, extras, {
    'retry-after': String(retryAfterSeconds ?? 5),
  });

export const providerCircuitOpen = (
  detail: string,
  extras: ProblemExtras,
  retryAfterSeconds: number | undefined,
) =>
  new GatewayError(503, 'provider_circuit_open', detail, extras, {
    'retry-after': String(retryAfterSeconds ?? 1),
  });

export const providerTimeout = (detail: string, extras: ProblemExtras) =>
  new GatewayError(504, 'provider_timeout', detail, extras);

export const providerRateLimited = (
  detail: string,
  extras: ProblemExtras,
  retryAfterSeconds: number | undefined,
) =>
  new GatewayError(503, 'provider_rate_limited', detail, extras, {
    'retry-after': String(retryAfterSeconds ?? 1),
  });

/** A GatewayError as plain data, to cross the state boundary (an RPC on the Worker). */
export function toSharedFailure(error: GatewayError): SharedFailure {
  return {
    status: error.status,
    code: error.code,
    detail: error.message,
    extras: { ...error.extras },
    headers: { ...error.headers },
    ...(error instanceof InstanceProblem ? { aboutInstance: true } : {}),
  };
}

/** The GatewayError a SharedFailure was made from, or a 502 when it names no known code. */
export function fromSharedFailure(failure: SharedFailure): GatewayError {
  const code = failure.code in TITLES ? (failure.code as ProblemCode) : 'provider_auth_failed';
  if (failure.aboutInstance)
    return new InstanceProblem(
      code,
      failure.detail,
      failure.extras as ProblemExtras,
      failure.headers,
    );
  return new GatewayError(
    failure.status,
    code,
    failure.detail,
    failure.extras as ProblemExtras,
    failure.headers,
  );
}
