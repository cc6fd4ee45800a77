/** A Server-Sent Events response whose writes come from a CallWatch. */
import type { Subscriber } from './watch.ts';
import { SSE_HEADERS } from './watch.ts';

/**
 * The response for one watcher: `start` opens the watch with the stream's subscriber, and
 * says `done` when there is nothing to send (204); `stop` runs once when the stream ends,
 * whoever ends it.
 */
export function eventStreamResponse(
  start: (subscriber: Subscriber) => 'open' | 'done',
  stop: (subscriber: Subscriber) => void,
  signal: AbortSignal,
): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      finish();
    },
  });
  const subscriber: Subscriber = {
    send(text) {
      if (!closed) controller.enqueue(encoder.encode(text));
    },
    close() {
      if (closed) return;
      finish();
      controller.close();
    },
  };
  function finish() {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', onAbort);
    stop(subscriber);
  }
  const onAbort = () => subscriber.close();
  signal.addEventListener('abort', onAbort);
  // A comment first, so proxies and browsers see the stream open at once.
  subscriber.send(': stream opened\n\n');
  if (start(subscriber) === 'done') {
    subscriber.close();
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-cache' } });
  }
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
