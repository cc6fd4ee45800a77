import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request } from 'undici';
import { checkDeclaredSize, guardBody, type StreamClient } from '../core/stream.ts';
import { UpstreamError } from '../core/upstream.ts';
import { agentsByConnectTimeout } from './undici-agents.ts';

/**
 * The Node StreamClient: undici's `request()` on an Agent of its own, so long recordings
 * never hold the sockets that document requests need. undici's own body timeout is off:
 * it would count the time a slow listener keeps the socket paused as silence. The guard
 * (stream.ts) times only the waits on the upstream.
 */
export function createNodeStreamClient(options: { connections?: number | null } = {}): {
  stream: StreamClient;
  close: () => Promise<void>;
} {
  const { agentFor, all: allAgents } = agentsByConnectTimeout({
    // No cap of the pool's own by default: a stream waiting for a socket would time out and
    // be counted against the provider. Audio is bounded by the instances' stream budgets
    // (`<PREFIX>_MAX_STREAMS`), checked before a request is made.
    connections: options.connections ?? null,
    keepAliveTimeout: 10_000,
  });

  const stream: StreamClient = async (upstream) => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const callerGone = upstream.signal;
    if (callerGone?.aborted) throw new UpstreamError('network', false, 'the caller went away');
    callerGone?.addEventListener('abort', abort, { once: true });
    const headersTimer = setTimeout(abort, upstream.timeoutMs);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(upstream.url, {
        dispatcher: agentFor(upstream.connectTimeoutMs ?? 3_000),
        method: 'GET',
        headers: upstream.headers,
        headersTimeout: Math.min(
          upstream.headersTimeoutMs ?? upstream.timeoutMs,
          upstream.timeoutMs,
        ),
        bodyTimeout: 0,
        signal: controller.signal,
      });
    } catch (error) {
      callerGone?.removeEventListener('abort', abort);
      throw toUpstreamError(error, callerGone?.aborted ?? false);
    } finally {
      clearTimeout(headersTimer);
    }
    try {
      const declared = response.headers['content-length'];
      checkDeclaredSize(Array.isArray(declared) ? declared[0] : declared, upstream.maxBodyBytes);
    } catch (error) {
      callerGone?.removeEventListener('abort', abort);
      response.body.destroy();
      throw error;
    }
    const headers = response.headers;
    const encoding = single(headers['content-encoding'])?.trim().toLowerCase();
    const decoder = encoding ? DECODERS[encoding]?.() : undefined;
    // A body decoded here is relayed decoded: its encoding and encoded length no longer apply.
    const source: Readable = decoder ? response.body.pipe(decoder) : response.body;
    if (decoder) response.body.once('error', (error) => decoder.destroy(error));
    const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const { body, done } = guardBody(
      {
        next: () => iterator.next() as Promise<IteratorResult<Uint8Array>>,
        cancel: () => {
          response.body.destroy();
          decoder?.destroy();
        },
      },
      {
        maxBytes: upstream.maxBodyBytes,
        silenceMs: upstream.bodyTimeoutMs ?? upstream.timeoutMs,
      },
      abort,
    );
    void done.then(() => callerGone?.removeEventListener('abort', abort));
    return {
      status: response.statusCode,
      header: (name) => {
        const lower = name.toLowerCase();
        if (decoder && (lower === 'content-encoding' || lower === 'content-length'))
          return undefined;
        const value = headers[lower];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      body,
      done,
    };
  };

  return {
    stream,
    close: async () => {
      await Promise.all(allAgents().map((agent) => agent.destroy()));
    },
  };
}

/** The encodings decoded before relaying, as the Worker's fetch does; others reach the core as they are. */
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const single = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(', ') : value;

function toUpstreamError(error: unknown, callerGone: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (callerGone) return new UpstreamError('network', false, 'the caller went away');
  const name = (error as Error)?.name;
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return new UpstreamError('connect', false, 'connection not established in time');
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || name === 'AbortError' || name === 'TimeoutError')
    return new UpstreamError('timeout', true, 'no answer before the deadline');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new UpstreamError('connect', false, `cannot connect (${code})`);
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError('network', true, code ? `${message} (${code})` : message);
}
