import {
  decodeUtf8,
  type HttpClient,
  UpstreamError,
  type UpstreamResponse,
} from '../core/upstream.ts';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * An HttpClient over a fetch function: the Worker's global fetch, or a VPC service binding's
 * `fetch` when the provider sits on a private network.
 */
export function createFetchClient(
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): HttpClient {
  return async (request) => {
    // fetch has one signal: it carries the whole deadline and, by turns, the phase limits.
    // fetch cannot tell connecting from waiting, so the first phase is connect + headers.
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), request.timeoutMs);
    const firstByteMs =
      (request.connectTimeoutMs ?? 0) + (request.headersTimeoutMs ?? request.timeoutMs);
    let phase = setTimeout(() => controller.abort(), firstByteMs);
    const signal = controller.signal;
    // A caller who hangs up takes the exchange along.
    const hangUp = () => controller.abort();
    request.signal?.addEventListener('abort', hangUp, { once: true });
    if (request.signal?.aborted) controller.abort();
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
        redirect: 'manual',
      });
    } catch (error) {
      clearTimeout(deadline);
      clearTimeout(phase);
      request.signal?.removeEventListener('abort', hangUp);
      if (signal.aborted) throw new UpstreamError('timeout', true, 'no answer before the deadline');
      // fetch does not say whether the request went out before it failed: for a write,
      // assume it may have.
      if (!request.idempotent) throw new UpstreamError('network', true, describe(error));
      throw new UpstreamError('connect', false, describe(error));
    }
    clearTimeout(phase);
    const idleMs = request.bodyTimeoutMs ?? request.timeoutMs;
    const onChunk = () => {
      clearTimeout(phase);
      phase = setTimeout(() => controller.abort(), idleMs);
    };
    try {
      onChunk();
      const body = await readCapped(response, request.maxBodyBytes, onChunk);
      return toUpstreamResponse(response, body);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (signal.aborted)
        throw new UpstreamError('timeout', true, 'body not complete before the deadline');
      throw new UpstreamError('network', true, describe(error));
    } finally {
      clearTimeout(deadline);
      clearTimeout(phase);
      request.signal?.removeEventListener('abort', hangUp);
    }
  };
}

function toUpstreamResponse(response: Response, body: string): UpstreamResponse {
  return {
    status: response.status,
    header: (name) => response.headers.get(name) ?? undefined,
    body,
  };
}

async function readCapped(
  response: Response,
  maxBytes: number,
  onChunk: () => void,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new UpstreamError('too_large', true, `answer of ${declared} bytes exceeds ${maxBytes}`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onChunk();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError('too_large', true, `answer exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(all);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
