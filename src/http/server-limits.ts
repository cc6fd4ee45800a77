/**
 * How long the Node server lets a client take, and how many connections it holds at once
 * (`HTTP_…` variables). Node's own defaults let a connection that sends nothing live for a
 * minute and a request body trickle in for five. The Worker has none of these: Cloudflare
 * holds the client's connection, and workerd its own limits (see docs/operations.md).
 */

export interface ServerLimits {
  /** From a connection's first byte (or its opening) to the end of a request's headers. */
  headersTimeoutMs: number;
  /** From the start of a request to its last byte of body. */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may sit idle between two requests. */
  keepAliveTimeoutMs: number;
  /** Connections held at once; one more is closed as soon as it is accepted. */
  maxConnections: number;
}

export const SERVER_LIMIT_DEFAULTS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

const VARIABLES: Array<[keyof ServerLimits, string, number, number]> = [
  ['headersTimeoutMs', 'HTTP_HEADERS_TIMEOUT_MS', 100, 600_000],
  ['requestTimeoutMs', 'HTTP_REQUEST_TIMEOUT_MS', 100, 600_000],
  ['keepAliveTimeoutMs', 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 100, 600_000],
  ['maxConnections', 'HTTP_MAX_CONNECTIONS', 1, 1_000_000],
];

/** The limits from `read(name)`, or one line per bad variable added to `errors`. */
export function readServerLimits(
  read: (name: string) => string | undefined,
  errors: string[],
): ServerLimits {
  const limits = { ...SERVER_LIMIT_DEFAULTS };
  for (const [field, name, min, max] of VARIABLES) {
    const raw = read(name);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) limits[field] = value;
    else errors.push(`${name}: must be a whole number from ${min} to ${max}`);
  }
  // Node refuses a request timeout shorter than the headers', which are part of the request.
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    errors.push('HTTP_REQUEST_TIMEOUT_MS: must be at least HTTP_HEADERS_TIMEOUT_MS');
  }
  return limits;
}
