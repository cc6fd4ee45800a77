import { errors, request } from 'undici';
import { decodeUtf8, type HttpClient, UpstreamError } from '../core/upstream.ts';
import { agentsByConnectTimeout } from './undici-agents.ts';

export interface NodeClientOptions {
  /** Sockets per upstream origin; bounds what the gateway can open under load. */
  connections?: number;
  connectTimeoutMs?: number;
}

/**
 * The Node upstream client: one keep-alive undici Agent shared by every provider instance
 * (a pool per origin), with `request()` rather than fetch because it skips building
 * WHATWG Request/Response objects on the hot path.
 */
export function createNodeClient(options: NodeClientOptions = {}): {
  client: HttpClient;
  close: () => Promise<void>;
} {
  const { agentFor, all: allAgents } = agentsByConnectTimeout({
    connections: options.connections ?? 64,
    keepAliveTimeout: 30_000,
  });
  const defaultConnectTimeoutMs = options.connectTimeoutMs ?? 3_000;

  // The whole exchange's deadline: one timer, cleared when the exchange ends. The timer of
  // AbortSignal.timeout outlives its request and, firing, builds a TimeoutError with a stack
  // for every request ever sent (a visible cost in the profile under load).
  const client: HttpClient = async (upstream) => {
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), upstream.timeoutMs);
    // A caller who hangs up takes the exchange along: its connection is closed at once.
    const hangUp = () => controller.abort();
    upstream.signal?.addEventListener('abort', hangUp, { once: true });
    if (upstream.signal?.aborted) controller.abort();
    try {
      return await exchange(upstream, controller.signal);
    } finally {
      clearTimeout(deadline);
      upstream.signal?.removeEventListener('abort', hangUp);
    }
  };

  const exchange = async (
    upstream: Parameters<HttpClient>[0],
    signal: AbortSignal,
  ): ReturnType<HttpClient> => {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(upstream.url, {
        dispatcher: agentFor(upstream.connectTimeoutMs ?? defaultConnectTimeoutMs),
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body,
        headersTimeout: phaseTimeout(upstream.headersTimeoutMs, upstream.timeoutMs),
        bodyTimeout: phaseTimeout(upstream.bodyTimeoutMs, upstream.timeoutMs),
        signal,
      });
    } catch (error) {
      throw toUpstreamError(error);
    }
    const declared = Number(response.headers['content-length']);
    if (declared > upstream.maxBodyBytes) {
      response.body.destroy();
      throw new UpstreamError('too_large', true, `answer of ${declared} bytes exceeds the cap`);
    }
    if (declared >= 0) {
      // A declared length within the cap: undici reads exactly that many bytes, at once.
      let bytes: Uint8Array;
      try {
        bytes = await response.body.bytes();
      } catch (error) {
        throw toUpstreamError(error, true);
      }
      return answer(response, bytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).byteLength;
        if (size > upstream.maxBodyBytes) {
          response.body.destroy();
          throw new UpstreamError(
            'too_large',
            true,
            `answer exceeds ${upstream.maxBodyBytes} bytes`,
          );
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw toUpstreamError(error, true);
    }
    return answer(
      response,
      chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
    );
  };

  return {
    client,
    close: async () => {
      await Promise.all(allAgents().map((agent) => agent.close()));
    },
  };
}

function answer(
  response: Awaited<ReturnType<typeof request>>,
  bytes: Uint8Array,
): Awaited<ReturnType<HttpClient>> {
  const headers = response.headers;
  return {
    status: response.statusCode,
    header: (name) => {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body: decodeUtf8(bytes),
  };
}

/**
 * undici's own timer for a phase, or 0 (none) where the exchange's deadline comes first:
 * undici's timers above a second tick coarsely and may fire hundreds of milliseconds early,
 * while the deadline's timer above is exact, so the deadline is left to it.
 */
function phaseTimeout(phaseMs: number | undefined, deadlineMs: number): number {
  return phaseMs !== undefined && phaseMs < deadlineMs ? phaseMs : 0;
}

function toUpstreamError(error: unknown, afterHeaders = false): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof errors.ConnectTimeoutError) {
    return new UpstreamError('connect', false, 'connection not established in time');
  }
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return new UpstreamError('timeout', true, 'no answer before the deadline');
  }
  const code = (error as { code?: string }).code;
  if (!afterHeaders && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')) {
    return new UpstreamError('connect', false, `cannot connect (${code})`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError('network', true, code ? `${message} (${code})` : message);
}
