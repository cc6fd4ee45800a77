/** The guard on every relayed body: size cap, silence limit, and a reader that stops. */
import { describe, expect, it } from 'vitest';
import { type ChunkSource, guardBody, peekBody } from '../../src/core/stream.ts';
import { UpstreamError } from '../../src/core/upstream.ts';

function source(chunks: Array<Uint8Array | 'hang'>) {
  let cancelled = false;
  let index = 0;
  const pulled: number[] = [];
  const chunkSource: ChunkSource = {
    next: () => {
      const chunk = chunks[index++];
      pulled.push(index);
      if (chunk === 'hang') return new Promise(() => {});
      return Promise.resolve(
        chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk },
      );
    },
    cancel: () => {
      cancelled = true;
    },
  };
  return { chunkSource, cancelled: () => cancelled, pulled };
}

const bytes = (n: number) => new Uint8Array(n).fill(7);

async function readAllOf(body: ReadableStream<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of body) total += chunk.byteLength;
  return total;
}

describe('guardBody', () => {
  it('relays every byte and reports completion', async () => {
    const { chunkSource } = source([bytes(10), bytes(20)]);
    const { body, done } = guardBody(chunkSource, { maxBytes: 100, silenceMs: 1000 }, () => {});
    expect(await readAllOf(body)).toBe(30);
    expect(await done).toEqual({ bytes: 30, outcome: 'complete' });
  });

  it('errors past the cap, aborting the upstream, without passing the chunk on', async () => {
    let aborted = false;
    const { chunkSource, cancelled } = source([bytes(60), bytes(60)]);
    const { body, done } = guardBody(chunkSource, { maxBytes: 100, silenceMs: 1000 }, () => {
      aborted = true;
    });
    const error = await readAllOf(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).failure).toBe('too_large');
    expect(aborted && cancelled()).toBe(true);
    expect(await done).toEqual({ bytes: 60, outcome: 'too_large' });
  });

  it('errors when the upstream goes silent', async () => {
    const { chunkSource } = source([bytes(5), 'hang']);
    const { body, done } = guardBody(chunkSource, { maxBytes: 100, silenceMs: 50 }, () => {});
    const error = await readAllOf(body).catch((e: unknown) => e);
    expect((error as UpstreamError).failure).toBe('timeout');
    expect(await done).toEqual({ bytes: 5, outcome: 'timeout' });
  });

  it('reads nothing ahead of the reader, and aborts the upstream when the reader stops', async () => {
    let aborted = false;
    const { chunkSource, pulled } = source([bytes(1), bytes(1), bytes(1), bytes(1)]);
    const { body, done } = guardBody(chunkSource, { maxBytes: 100, silenceMs: 1000 }, () => {
      aborted = true;
    });
    const reader = body.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled).toHaveLength(1);
    await reader.cancel();
    expect(aborted).toBe(true);
    expect(await done).toEqual({ bytes: 1, outcome: 'cancelled' });
  });
});

describe('peekBody', () => {
  it('gives the first bytes and the whole body again', async () => {
    const { chunkSource } = source([bytes(4), bytes(4), bytes(4)]);
    const { body } = guardBody(chunkSource, { maxBytes: 100, silenceMs: 1000 }, () => {});
    const peeked = await peekBody(body, 6);
    expect(peeked.head.byteLength).toBe(8);
    expect(await readAllOf(peeked.body)).toBe(12);
  });
});
