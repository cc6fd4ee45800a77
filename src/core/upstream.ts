/**
 * The only way the core talks to an upstream. Node injects an undici pool (src/node/http-client.ts),
 * the Worker the runtime's fetch or a VPC service binding (fetch-client.ts), tests whatever
 * they like. Nothing here may import a Node built-in: the Worker bundles this file.
 */
import { strictUtf8 } from './encoding.ts';

export interface UpstreamRequest {
  /**
   * The adapter's name for what it asks (a Verba action, a CallFire operation): a metric
   * label and a span name, so one of a fixed list, never built from input.
   */
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * The instance's deadline for the whole request (`<PREFIX>_TIMEOUT_MS`): the resilience
   * layer counts it from the request's first exchange and hands the client what is left.
   */
  timeoutMs: number;
  /** Largest body accepted before the exchange is abandoned. */
  maxBodyBytes: number;
  /**
   * Safe to send twice: a read, or a write the provider treats as a no-op when repeated.
   * Only these are retried; a keep or delete is sent once, whatever happens. The method
   * cannot tell (some providers write with GET): adapt.ts sets it from the operation.
   */
  idempotent: boolean;
  /** Per-phase limits within `timeoutMs`, set per instance by the resilience layer. */
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longest silence between two chunks of the body. */
  bodyTimeoutMs?: number;
  /** Set by the retry layer: 0 (or absent) for the first try, n for the n-th retry. */
  attempt?: number;
  /** The caller's request: when it ends (the caller hung up), the exchange is abandoned. */
  signal?: AbortSignal;
  /** The API key's name the request is sent for: the request cap is shared fairly by key. */
  caller?: string;
  /** The gateway's own request (a token renewal): the request cap never refuses it. */
  own?: boolean;
}

export interface UpstreamResponse {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  body: string;
}

export type HttpClient = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/**
 * What went wrong below HTTP. `sent` tells a caller whether the request may have reached
 * the provider, which decides if a write's outcome is unknown.
 */
export type UpstreamFailure =
  | 'connect'
  | 'timeout'
  | 'too_large'
  | 'network'
  | 'bad_encoding'
  /** The provider said it is overloaded or down (HTTP 503 or 429, after any retries). */
  | 'unavailable'
  /** The instance's circuit breaker is open: nothing was sent. */
  | 'circuit_open'
  /** The instance's cap on requests per second is reached: nothing was sent. */
  | 'rate_limited';

export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;
  readonly sent: boolean;
  /** When to try again, for `unavailable`, `circuit_open` and `rate_limited`. */
  readonly retryAfterSeconds: number | undefined;
  /** For a `timeout` that spent the request's whole deadline: that deadline. */
  readonly deadlineMs: number | undefined;
  constructor(
    failure: UpstreamFailure,
    sent: boolean,
    message: string,
    retryAfterSeconds?: number,
    deadlineMs?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
    this.failure = failure;
    this.sent = sent;
    this.retryAfterSeconds = retryAfterSeconds;
    this.deadlineMs = deadlineMs;
  }
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** An answer's bytes as text; invalid UTF-8 is a broken answer, not text to guess at. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8(bytes);
  } catch {
    throw new UpstreamError('bad_encoding', true, 'answer is not valid UTF-8');
  }
}
