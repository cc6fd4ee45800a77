/**
 * Upstream answers relayed as they arrive (recordings, live audio, long listings), beside
 * the buffered HttpClient of client.ts. The body is a WHATWG ReadableStream on both
 * runtimes, guarded the same way: a size cap of its own, a limit on silence between two
 * chunks, and the upstream request aborted when whoever reads the body stops reading.
 * Nothing here may import a Node built-in: the Worker bundles this file.
 */
import { UpstreamError, type UpstreamFailure } from './upstream.ts';

export interface UpstreamStreamRequest {
  /** The adapter's name for what it asks, as for buffered requests (a label, a span name). */
  operation: string;
  url: string;
  headers?: Record<string, string>;
  /** Until the answer's headers have arrived; the body has no overall deadline. */
  timeoutMs: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longest silence between two chunks of the body. */
  bodyTimeoutMs?: number;
  /** Largest body relayed (`<PREFIX>_MAX_MEDIA_BYTES` for audio). */
  maxBodyBytes: number;
  /** A document read as it arrives (a long listing), not media: the document cap applies. */
  document?: boolean;
  /** The caller's request: when it ends, so does the upstream one. */
  signal?: AbortSignal;
  /** The API key's name the request is sent for: the request cap is shared fairly by key. */
  caller?: string;
}

/** How a relayed body ended. */
export type StreamOutcome =
  | 'complete'
  /** Whoever read the body stopped (the caller hung up). */
  | 'cancelled'
  | Extract<UpstreamFailure, 'timeout' | 'too_large' | 'network'>;

export interface StreamEnd {
  /** Bytes handed on to the reader. */
  bytes: number;
  outcome: StreamOutcome;
}

export interface UpstreamStream {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  /** Errors with an UpstreamError when the upstream goes silent, sends too much or breaks. */
  body: ReadableStream<Uint8Array>;
  /** Settles once the body has ended, however it ended; never rejects. */
  done: Promise<StreamEnd>;
}

export type StreamClient = (request: UpstreamStreamRequest) => Promise<UpstreamStream>;

export const DEFAULT_MAX_MEDIA_BYTES = 512 * 1024 * 1024;

/** Refuses, before a byte is relayed, an answer that says it is larger than the cap. */
export function checkDeclaredSize(declared: string | undefined, maxBytes: number): void {
  const size = Number(declared);
  if (declared && Number.isFinite(size) && size > maxBytes) {
    throw new UpstreamError('too_large', true, `answer of ${size} bytes exceeds ${maxBytes}`);
  }
}

/** A pull-based view of the upstream body, whatever the runtime gave. */
export interface ChunkSource {
  next(): Promise<IteratorResult<Uint8Array>>;
  cancel(): void;
}

export function readerSource(stream: ReadableStream<Uint8Array>): ChunkSource {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    cancel: () => {
      reader.cancel().catch(() => {});
    },
  };
}

/**
 * The body as the gateway relays it. Pull-based: the upstream is read only as fast as the
 * reader takes chunks, so a slow listener holds back the provider rather than filling
 * memory, and the silence timer runs only while the gateway waits on the upstream, never
 * while it waits on the reader.
 */
export function guardBody(
  source: ChunkSource,
  limits: { maxBytes: number; silenceMs: number },
  abortUpstream: () => void,
): { body: ReadableStream<Uint8Array>; done: Promise<StreamEnd> } {
  let bytes = 0;
  let settle!: (end: StreamEnd) => void;
  const done = new Promise<StreamEnd>((resolve) => {
    settle = resolve;
  });
  let ended = false;
  const end = (outcome: StreamOutcome) => {
    if (ended) return;
    ended = true;
    settle({ bytes, outcome });
  };
  const stop = () => {
    abortUpstream();
    source.cancel();
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const silence = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new UpstreamError('timeout', true, `no data for ${limits.silenceMs} ms mid-stream`),
              ),
            limits.silenceMs,
          );
        });
        try {
          const chunk = await Promise.race([source.next(), silence]);
          if (chunk.done) {
            end('complete');
            controller.close();
            return;
          }
          if (bytes + chunk.value.byteLength > limits.maxBytes) {
            throw new UpstreamError('too_large', true, `stream exceeds ${limits.maxBytes} bytes`);
          }
          bytes += chunk.value.byteLength;
          controller.enqueue(chunk.value);
        } catch (error) {
          if (ended) return;
          const failure =
            error instanceof UpstreamError
              ? error
              : new UpstreamError('network', true, (error as Error)?.message ?? String(error));
          stop();
          end(
            failure.failure === 'timeout' || failure.failure === 'too_large'
              ? failure.failure
              : 'network',
          );
          controller.error(failure);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel() {
        stop();
        end('cancelled');
      },
    },
    // Nothing read ahead: a chunk leaves the upstream only when the reader asks for one.
    { highWaterMark: 0 },
  );
  return { body, done };
}

/**
 * The first bytes of a body (at least `min`, unless it is shorter), and the whole body
 * again, those bytes included, for whoever reads it next.
 */
export async function peekBody(
  body: ReadableStream<Uint8Array>,
  min: number,
  deadline?: Deadline,
): Promise<{ head: Uint8Array; body: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const read = readerBefore(reader, deadline);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let finished = false;
  while (size < min) {
    const { done, value } = await read();
    if (done) {
      finished = true;
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const head = concat(chunks, size);
  const replay = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (head.byteLength) controller.enqueue(head);
        if (finished) controller.close();
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { head, body: replay };
}

/**
 * An overall limit on reading the start of a body (epoch ms `at`, the instance's `ms`):
 * the silence allowed between two chunks does not stop a provider that sends a byte at a
 * time, so the first bytes and an error document must also arrive by then.
 */
export interface Deadline {
  at: number;
  ms: number;
}

/** `reader.read`, which past the deadline cancels the body (and the upstream) and throws a timeout. */
function readerBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: Deadline | undefined,
): ReadableStreamDefaultReader<Uint8Array>['read'] {
  if (!deadline) return () => reader.read();
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          // Rejected first: cancelling settles the pending read as if the body had ended.
          reject(
            new UpstreamError(
              'timeout',
              true,
              `no answer within ${deadline.ms} ms`,
              undefined,
              deadline.ms,
            ),
          );
          reader.cancel().catch(() => {});
        },
        Math.max(0, deadline.at - Date.now()),
      );
    });
    try {
      return await Promise.race([reader.read(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Reads a whole (small) body, refusing one larger than `maxBytes`. */
export async function readAll(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  deadline?: Deadline,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const read = readerBefore(reader, deadline);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError('too_large', true, `answer exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
