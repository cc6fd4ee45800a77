/**
 * The only way the core talks to an upstream. Node injects an undici pool (node-client.ts),
 * the Worker the runtime's fetch or a VPC service binding (fetch-client.ts), tests whatever
 * they like. Nothing here may import a Node built-in: the Worker bundles this file.
 */

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-exchange deadline; the client turns it into connect/header/body timeouts. */
  timeoutMs: number;
  /** Largest body accepted before the exchange is abandoned. */
  maxBodyBytes: number;
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
export type UpstreamFailure = 'connect' | 'timeout' | 'too_large' | 'network' | 'bad_encoding';

export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;
  readonly sent: boolean;
  constructor(failure: UpstreamFailure, sent: boolean, message: string) {
    super(message);
    this.name = 'UpstreamError';
    this.failure = failure;
    this.sent = sent;
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

// fatal: invalid UTF-8 is a broken answer, not text to guess at.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UpstreamError('bad_encoding', true, 'answer is not valid UTF-8');
  }
}
