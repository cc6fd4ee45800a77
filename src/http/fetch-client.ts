import { decodeUtf8, type HttpClient, UpstreamError, type UpstreamResponse } from './client.ts';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * An HttpClient over a fetch function: the Worker's global fetch, or a VPC service binding's
 * `fetch` when the provider sits on a private network.
 */
export function createFetchClient(
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): HttpClient {
  return async (request) => {
    const signal = AbortSignal.timeout(request.timeoutMs);
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
      if (signal.aborted) throw new UpstreamError('timeout', true, 'no answer before the deadline');
      throw new UpstreamError('connect', false, describe(error));
    }
    try {
      const body = await readCapped(response, request.maxBodyBytes);
      return toUpstreamResponse(response, body);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (signal.aborted)
        throw new UpstreamError('timeout', true, 'body not complete before the deadline');
      throw new UpstreamError('network', true, describe(error));
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

async function readCapped(response: Response, maxBytes: number): Promise<string> {
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
