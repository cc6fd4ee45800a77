import { checkDeclaredSize, guardBody, readerSource, type StreamClient } from '../core/stream.ts';
import { UpstreamError } from '../core/upstream.ts';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A StreamClient over a fetch function: the Worker's fetch or a VPC service binding's. One
 * AbortController ends the exchange whichever way it ends: the headers' deadline, the
 * caller's signal, or the relayed body's guard.
 */
export function createFetchStreamClient(
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): StreamClient {
  return async (request) => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const callerGone = request.signal;
    if (callerGone?.aborted) throw new UpstreamError('network', false, 'the caller went away');
    callerGone?.addEventListener('abort', abort, { once: true });
    // fetch cannot tell connecting from waiting: one timer covers both, up to the headers.
    const firstByteMs = Math.min(
      (request.connectTimeoutMs ?? 0) + (request.headersTimeoutMs ?? request.timeoutMs),
      request.timeoutMs,
    );
    const headersTimer = setTimeout(abort, firstByteMs);
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: 'GET',
        headers: request.headers,
        signal: controller.signal,
        redirect: 'manual',
      });
    } catch (error) {
      callerGone?.removeEventListener('abort', abort);
      if (callerGone?.aborted) throw new UpstreamError('network', false, 'the caller went away');
      if (controller.signal.aborted)
        throw new UpstreamError('timeout', true, 'no answer before the deadline');
      throw new UpstreamError('connect', false, (error as Error)?.message ?? String(error));
    } finally {
      clearTimeout(headersTimer);
    }
    try {
      checkDeclaredSize(response.headers.get('content-length') ?? undefined, request.maxBodyBytes);
    } catch (error) {
      callerGone?.removeEventListener('abort', abort);
      await response.body?.cancel();
      throw error;
    }
    const { body, done } = guardBody(
      response.body ? readerSource(response.body) : emptySource,
      {
        maxBytes: request.maxBodyBytes,
        silenceMs: request.bodyTimeoutMs ?? request.timeoutMs,
      },
      abort,
    );
    void done.then(() => callerGone?.removeEventListener('abort', abort));
    // The Workers fetch decodes these itself and keeps the header: the body is decoded, so
    // its encoding and its encoded length no longer apply.
    const decoded = RUNTIME_DECODED.has(
      response.headers.get('content-encoding')?.trim().toLowerCase() ?? '',
    );
    return {
      status: response.status,
      header: (name) => {
        const lower = name.toLowerCase();
        if (decoded && (lower === 'content-encoding' || lower === 'content-length'))
          return undefined;
        return response.headers.get(name) ?? undefined;
      },
      body,
      done,
    };
  };
}

const RUNTIME_DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

const emptySource = {
  next: async (): Promise<IteratorResult<Uint8Array>> => ({ done: true, value: undefined }),
  cancel: () => {},
};
