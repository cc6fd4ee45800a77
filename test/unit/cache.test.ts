import { describe, expect, it } from 'vitest';
import { ageHeader, cacheStatusHeader, requestMaxAge } from '../../src/cache/cache-status.ts';
import { withCallCache } from '../../src/cache/call-cache.ts';
import {
  cacheControlOf,
  matchesIfNoneMatch,
  representationOf,
} from '../../src/cache/representation.ts';
import { loadConfig } from '../../src/config.ts';
import type { Call, CallState } from '../../src/core/call.ts';
import type { Logger } from '../../src/core/logger.ts';
import type {
  CacheStatus,
  CallTarget,
  OperationContext,
  Provider,
} from '../../src/core/provider.ts';
import { IDS_ONLY_TRACER } from '../../src/core/telemetry.ts';

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};
const ctx: OperationContext = {
  requestId: 'test',
  log: silent,
  http: () => Promise.reject(new Error('no upstream in unit tests')),
  stream: () => Promise.reject(new Error('no upstream in unit tests')),
  span: IDS_ONLY_TRACER.startRequest('GET', null),
};

// Spread in, so the fixture fits the schema with or without these newer fields.
const recordTimes = { createdAt: null, updatedAt: null };

function call(id: string, state: CallState, version = 1): Call {
  return {
    ...recordTimes,
    id: `fake_${id}`,
    provider: 'fake',
    instance: 'fake',
    providerCallId: id,
    state,
    providerState: state,
    outcome: null,
    providerOutcome: null,
    direction: 'unknown',
    from: null,
    to: [],
    startedAt: null,
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    attempts: [],
    recordings: [],
    labels: [`v${version}`],
    recordingPolicy: null,
    externalIds: {},
    links: { self: `/calls/fake_${id}`, providerUrl: null },
  };
}

interface Deferred {
  callId: string;
  includeRaw: boolean;
  resolve(call: Call): void;
  reject(error: Error): void;
}

/**
 * A provider whose reads wait until the test answers them, so a test decides what is
 * in flight at once; it records every upstream read and write.
 */
function fakeProvider(states: Record<string, CallState> = {}) {
  const pending: Deferred[] = [];
  const writes: Array<[string, CallTarget]> = [];
  let version = 1;
  const provider: Provider = {
    kind: 'fake',
    instance: 'fake',
    capabilities: ['get', 'find', 'keep', 'unmark', 'delete'],
    isCallId: () => true,
    get: (callId, options) =>
      new Promise<Call>((resolve, reject) =>
        pending.push({ callId, includeRaw: options.includeRaw, resolve, reject }),
      ),
    find: async () => ({
      items: Object.entries(states).map(([id, state]) => call(id, state, version)),
      nextCursor: null,
    }),
    keep: async (target) => {
      writes.push(['keep', target]);
      version++;
    },
    unmark: async (target) => {
      writes.push(['unmark', target]);
      version++;
    },
    delete: async (target) => {
      writes.push(['delete', target]);
      version++;
    },
  };
  return {
    provider,
    pending,
    writes,
    /** Answers every read in flight with the call's current version. */
    answerAll() {
      for (const read of pending.splice(0)) {
        read.resolve(call(read.callId, states[read.callId] ?? 'completed', version));
      }
    },
  };
}

/** Reads that the cache answered without the provider settle without a provider answer. */
async function readThrough(cached: Provider, fake: ReturnType<typeof fakeProvider>, id: string) {
  const read = cached.get?.(id, { includeRaw: false }, ctx);
  await Promise.resolve();
  fake.answerAll();
  return read;
}

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('coalescing', () => {
  it('sends one upstream read for N concurrent reads of the same call', async () => {
    const fake = fakeProvider();
    const cached = withCallCache(fake.provider);
    const reads = Array.from({ length: 20 }, () => cached.get?.('a', { includeRaw: false }, ctx));
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    const calls = await Promise.all(reads);
    expect(new Set(calls).size).toBe(1);
    expect(calls[0]?.providerCallId).toBe('a');
  });

  it('keys by call and by include: different calls and raw reads are separate', async () => {
    const fake = fakeProvider();
    const cached = withCallCache(fake.provider);
    const reads = [
      cached.get?.('a', { includeRaw: false }, ctx),
      cached.get?.('a', { includeRaw: true }, ctx),
      cached.get?.('b', { includeRaw: false }, ctx),
      cached.get?.('a', { includeRaw: true }, ctx),
    ];
    expect(fake.pending.map((r) => [r.callId, r.includeRaw])).toEqual([
      ['a', false],
      ['a', true],
      ['b', false],
    ]);
    fake.answerAll();
    await Promise.all(reads);
  });

  it('shares a failure with every waiting reader, keeps nothing, and asks again after', async () => {
    const fake = fakeProvider();
    const cached = withCallCache(fake.provider);
    const reads = [1, 2, 3].map(() => cached.get?.('a', { includeRaw: false }, ctx));
    fake.pending.splice(0)[0]?.reject(new Error('upstream down'));
    for (const read of reads) await expect(read).rejects.toThrow('upstream down');
    const again = cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    expect((await again)?.state).toBe('completed');
  });

  it('turns a provider that throws synchronously into a rejection and forgets it', async () => {
    let attempts = 0;
    const throwing: Provider = {
      kind: 'fake',
      instance: 'fake',
      capabilities: ['get'],
      isCallId: () => true,
      get: () => {
        attempts++;
        throw new Error('sync failure');
      },
    };
    const cached = withCallCache(throwing);
    await expect(cached.get?.('a', { includeRaw: false }, ctx)).rejects.toThrow('sync failure');
    await expect(cached.get?.('a', { includeRaw: false }, ctx)).rejects.toThrow('sync failure');
    expect(attempts).toBe(2);
  });
});

describe('cache of finished calls', () => {
  it('answers a finished call from memory, the same object every time', async () => {
    const fake = fakeProvider({ a: 'completed' });
    const cached = withCallCache(fake.provider);
    const first = await readThrough(cached, fake, 'a');
    const second = await cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(0);
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(Object.isFrozen(second?.links)).toBe(true);
  });

  it('keeps a finished call no longer than its own TTL', async () => {
    const time = clock();
    const fake = fakeProvider({ a: 'failed' });
    const cached = withCallCache(fake.provider, { now: time.now, finalTtlMs: 60_000 });
    await readThrough(cached, fake, 'a');
    time.advance(59_999);
    cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(0);
    time.advance(1);
    const read = cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    await read;
  });

  it('is bounded: the least recently used call goes first', async () => {
    const fake = fakeProvider();
    const cached = withCallCache(fake.provider, { maxEntries: 2 });
    await readThrough(cached, fake, 'a');
    await readThrough(cached, fake, 'b');
    await cached.get?.('a', { includeRaw: false }, ctx); // a is now the most recent
    await readThrough(cached, fake, 'c'); // evicts b
    await cached.get?.('a', { includeRaw: false }, ctx);
    await cached.get?.('c', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(0);
    const b = cached.get?.('b', { includeRaw: false }, ctx);
    expect(fake.pending.map((r) => r.callId)).toEqual(['b']);
    fake.answerAll();
    await b;
  });

  it('keeps nothing with maxEntries 0, but still shares concurrent reads', async () => {
    const fake = fakeProvider();
    const cached = withCallCache(fake.provider, { maxEntries: 0 });
    const reads = [
      cached.get?.('a', { includeRaw: false }, ctx),
      cached.get?.('a', { includeRaw: false }, ctx),
    ];
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    await Promise.all(reads);
    const later = cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    await later;
  });
});

describe('calls in progress', () => {
  it('are never served older than the TTL, aged from when the read began', async () => {
    const time = clock();
    const fake = fakeProvider({ live: 'in_progress' });
    const cached = withCallCache(fake.provider, { now: time.now, inProgressTtlMs: 1000 });
    const read = cached.get?.('live', { includeRaw: false }, ctx);
    time.advance(400); // the provider took 400 ms to answer
    fake.answerAll();
    await read;
    time.advance(599);
    await cached.get?.('live', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(0);
    time.advance(1); // 1000 ms after the read began
    const fresh = cached.get?.('live', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    await fresh;
  });

  it('with a TTL of 0 are only shared between concurrent reads', async () => {
    const fake = fakeProvider({ live: 'in_progress' });
    const cached = withCallCache(fake.provider, { inProgressTtlMs: 0 });
    await readThrough(cached, fake, 'live');
    const again = cached.get?.('live', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    await again;
  });

  it('that finish are read again, and then kept as finished', async () => {
    const time = clock();
    const states: Record<string, CallState> = { live: 'in_progress' };
    const fake = fakeProvider(states);
    const cached = withCallCache(fake.provider, { now: time.now, inProgressTtlMs: 1000 });
    expect((await readThrough(cached, fake, 'live'))?.state).toBe('in_progress');
    states.live = 'completed';
    time.advance(1000);
    expect((await readThrough(cached, fake, 'live'))?.state).toBe('completed');
    time.advance(60_000);
    expect((await cached.get?.('live', { includeRaw: false }, ctx))?.state).toBe('completed');
    expect(fake.pending).toHaveLength(0);
  });
});

describe('invalidation on writes', () => {
  for (const op of ['keep', 'unmark', 'delete'] as const) {
    it(`${op} by id drops the call, raw or not, and the next read asks the provider`, async () => {
      const fake = fakeProvider();
      const cached = withCallCache(fake.provider);
      expect((await readThrough(cached, fake, 'a'))?.labels).toEqual(['v1']);
      const raw = cached.get?.('a', { includeRaw: true }, ctx);
      fake.answerAll();
      await raw;
      await readThrough(cached, fake, 'b');

      if (op === 'delete') await cached.delete?.({ callId: 'a' }, ctx);
      else await cached[op]?.({ callId: 'a' }, undefined, ctx);
      expect(fake.writes).toEqual([[op, { callId: 'a' }]]);

      expect((await readThrough(cached, fake, 'a'))?.labels).toEqual(['v2']);
      const rawAgain = cached.get?.('a', { includeRaw: true }, ctx);
      expect(fake.pending).toHaveLength(1);
      fake.answerAll();
      await rawAgain;
      await cached.get?.('b', { includeRaw: false }, ctx);
      expect(fake.pending).toHaveLength(0);
    });
  }

  it('invalidates even when the write fails, since it may have happened', async () => {
    const fake = fakeProvider();
    fake.provider.keep = async () => {
      throw new Error('timed out after sending');
    };
    const cached = withCallCache(fake.provider);
    await readThrough(cached, fake, 'a');
    await expect(cached.keep?.({ callId: 'a' }, undefined, ctx)).rejects.toThrow('timed out');
    cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
  });

  it('does not keep a read that overlapped a write, nor let later reads join it', async () => {
    const fake = fakeProvider();
    const cached = withCallCache(fake.provider);
    const before = cached.get?.('a', { includeRaw: false }, ctx);
    await cached.keep?.({ callId: 'a' }, undefined, ctx);
    const after = cached.get?.('a', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(2);
    const [early, late] = fake.pending.splice(0);
    late?.resolve(call('a', 'completed', 2));
    expect((await after)?.labels).toEqual(['v2']);
    // The read from before the keep answers last, with the state from before it.
    early?.resolve(call('a', 'completed', 1));
    expect((await before)?.labels).toEqual(['v1']);
    expect((await cached.get?.('a', { includeRaw: false }, ctx))?.labels).toEqual(['v2']);
    expect(fake.pending).toHaveLength(0);
  });

  it('an ongoing/next selector drops calls in progress and keeps finished ones', async () => {
    const fake = fakeProvider({ done: 'completed', live: 'in_progress', soon: 'scheduled' });
    const cached = withCallCache(fake.provider, { inProgressTtlMs: 60_000 });
    for (const id of ['done', 'live', 'soon']) await readThrough(cached, fake, id);
    await cached.keep?.({ extension: '8856', status: ['ongoing', 'next'] }, undefined, ctx);
    await cached.get?.('done', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(0);
    cached.get?.('live', { includeRaw: false }, ctx);
    cached.get?.('soon', { includeRaw: false }, ctx);
    expect(fake.pending.map((r) => r.callId)).toEqual(['live', 'soon']);
  });

  for (const target of [
    { extension: '8856', status: ['last'] },
    { extension: '8856', status: ['last', 'ongoing'] },
    { platformCallId: '71627389' },
    { nativeId: 'TRS1' },
    { meetingId: 'M1' },
  ] as CallTarget[]) {
    it(`a selector that can pick a finished call drops every call: ${JSON.stringify(target)}`, async () => {
      const fake = fakeProvider({ done: 'completed', live: 'in_progress' });
      const cached = withCallCache(fake.provider, { inProgressTtlMs: 60_000 });
      for (const id of ['done', 'live']) await readThrough(cached, fake, id);
      await cached.delete?.(target, ctx);
      cached.get?.('done', { includeRaw: false }, ctx);
      cached.get?.('live', { includeRaw: false }, ctx);
      expect(fake.pending.map((r) => r.callId)).toEqual(['done', 'live']);
    });
  }
});

describe('find', () => {
  it('is always asked again, and its calls serve the reads that follow', async () => {
    const fake = fakeProvider({ done: 'completed' });
    let finds = 0;
    const inner = fake.provider.find?.bind(fake.provider);
    fake.provider.find = (...args) => {
      finds++;
      return inner?.(...args) ?? Promise.reject(new Error('no find'));
    };
    const cached = withCallCache(fake.provider);
    const query = { selector: { nativeId: 'X' }, limit: 1, filters: {} };
    await cached.find?.(query, { includeRaw: false }, ctx);
    await cached.find?.(query, { includeRaw: false }, ctx);
    expect(finds).toBe(2);
    expect((await cached.get?.('done', { includeRaw: false }, ctx))?.state).toBe('completed');
    expect(fake.pending).toHaveLength(0);
  });
});

describe('find with a long page', () => {
  it('keeps none of its calls', async () => {
    const states: Record<string, CallState> = {};
    for (let i = 0; i < 21; i++) states[`c${i}`] = 'completed';
    const fake = fakeProvider(states);
    const cached = withCallCache(fake.provider);
    await cached.find?.({ limit: 100, filters: {} }, { includeRaw: false }, ctx);
    cached.get?.('c0', { includeRaw: false }, ctx);
    expect(fake.pending).toHaveLength(1);
  });
});

describe('the wrapped provider', () => {
  it('offers exactly the operations of the provider it wraps', () => {
    const bare: Provider = {
      kind: 'fake',
      instance: 'x',
      capabilities: ['get'],
      isCallId: (raw) => raw === 'ok',
      get: async () => call('ok', 'completed'),
    };
    const cached = withCallCache(bare);
    expect([cached.kind, cached.instance, cached.capabilities]).toEqual(['fake', 'x', ['get']]);
    expect(cached.isCallId('ok')).toBe(true);
    expect(cached.isCallId('no')).toBe(false);
    expect([cached.find, cached.url, cached.keep, cached.unmark, cached.delete]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

/** A read that records where the cache says its answer came from. */
function readWith(cached: Provider, id: string, maxAgeSeconds?: number) {
  const heard: CacheStatus[] = [];
  const call = cached.get?.(
    id,
    {
      includeRaw: false,
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
      onCacheStatus: (status) => heard.push(status),
    },
    ctx,
  );
  return { call, heard };
}

describe('request directives', () => {
  it('read no-cache and max-age from Cache-Control, and ignore everything else', () => {
    expect(requestMaxAge(undefined)).toBeUndefined();
    expect(requestMaxAge('no-cache')).toBe(0);
    expect(requestMaxAge('No-Cache')).toBe(0);
    expect(requestMaxAge('max-age=0')).toBe(0);
    expect(requestMaxAge('max-age=30')).toBe(30);
    expect(requestMaxAge('max-age="30"')).toBe(30);
    expect(requestMaxAge('max-stale, max-age=30 , no-transform')).toBe(30);
    expect(requestMaxAge('max-age=30, no-cache')).toBe(0);
    expect(requestMaxAge('max-age=99999999999999')).toBe(2_147_483_648);
    for (const ignored of ['no-store', 'only-if-cached', 'max-age', 'max-age=', 'max-age=-1'])
      expect(requestMaxAge(ignored), ignored).toBeUndefined();
    expect(requestMaxAge('max-age=abc, max-age=1.5, max-age=5=6')).toBeUndefined();
  });

  it('write Age and Cache-Status as RFC 9111 and RFC 9211 spell them', () => {
    const hit: CacheStatus = { hit: true, ageMs: 61_999, ttlMs: 538_001 };
    expect(ageHeader(hit)).toBe('61');
    expect(cacheStatusHeader(hit)).toBe('callgate; hit; ttl=538');
    const read: CacheStatus = { hit: false, fwd: 'request', collapsed: false, stored: true };
    expect(ageHeader(read)).toBe('0');
    expect(cacheStatusHeader(read)).toBe('callgate; fwd=request; stored');
    expect(cacheStatusHeader({ hit: false, fwd: 'miss', collapsed: true, stored: false })).toBe(
      'callgate; fwd=miss; collapsed',
    );
  });

  it('no-cache asks the provider even for a kept call, and keeps the new answer', async () => {
    const time = clock();
    const fake = fakeProvider({ a: 'completed' });
    const cached = withCallCache(fake.provider, { now: time.now });
    const first = readWith(cached, 'a');
    fake.answerAll();
    expect((await first.call)?.labels).toEqual(['v1']);
    expect(first.heard).toEqual([{ hit: false, fwd: 'miss', collapsed: false, stored: true }]);

    await cached.keep?.({ callId: 'b' }, undefined, ctx); // bumps the provider's version
    time.advance(5_000);
    const kept = readWith(cached, 'a');
    expect((await kept.call)?.labels).toEqual(['v1']);
    expect(kept.heard).toEqual([{ hit: true, ageMs: 5_000, ttlMs: 595_000 }]);

    const fresh = readWith(cached, 'a', 0);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    expect((await fresh.call)?.labels).toEqual(['v2']);
    expect(fresh.heard).toEqual([{ hit: false, fwd: 'request', collapsed: false, stored: true }]);
    const after = readWith(cached, 'a');
    expect((await after.call)?.labels).toEqual(['v2']);
    expect(after.heard).toEqual([{ hit: true, ageMs: 0, ttlMs: 600_000 }]);
  });

  it('max-age takes a kept call at most that old, by whole seconds as Age counts', async () => {
    const time = clock();
    const fake = fakeProvider({ a: 'completed' });
    const cached = withCallCache(fake.provider, { now: time.now });
    await readThrough(cached, fake, 'a');
    time.advance(30_999);
    expect(readWith(cached, 'a', 30).heard).toMatchObject([{ hit: true }]);
    time.advance(1);
    const older = readWith(cached, 'a', 30);
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    await older.call;
    expect(older.heard).toMatchObject([{ hit: false, fwd: 'request' }]);
  });

  it('a read joining one under way is told so; no-cache never joins one begun before it', async () => {
    const fake = fakeProvider({ a: 'completed' });
    const cached = withCallCache(fake.provider);
    const leader = readWith(cached, 'a');
    const follower = readWith(cached, 'a');
    const refusing = readWith(cached, 'a', 0);
    expect(fake.pending).toHaveLength(2);
    fake.answerAll();
    await Promise.all([leader.call, follower.call, refusing.call]);
    expect(follower.heard).toEqual([{ hit: false, fwd: 'miss', collapsed: true, stored: true }]);
    expect(refusing.heard).toEqual([{ hit: false, fwd: 'miss', collapsed: false, stored: true }]);
  });

  it('an older read that ends after a newer one does not replace its answer', async () => {
    const fake = fakeProvider({ a: 'completed' });
    const cached = withCallCache(fake.provider);
    const older = readWith(cached, 'a');
    const newer = readWith(cached, 'a', 0);
    const [olderRead, newerRead] = fake.pending.splice(0);
    newerRead?.resolve(call('a', 'completed', 2));
    expect(newer.heard).toEqual([]);
    await newer.call;
    olderRead?.resolve(call('a', 'completed', 1));
    expect((await older.call)?.labels).toEqual(['v1']);
    expect(older.heard).toMatchObject([{ stored: false }]);
    expect((await cached.get?.('a', { includeRaw: false }, ctx))?.labels).toEqual(['v2']);
  });
});

describe('representation', () => {
  it('serializes once per call object with a stable ETag that follows the body', () => {
    const a = call('a', 'completed');
    const first = representationOf(a);
    expect(representationOf(a)).toBe(first);
    expect(JSON.parse(first.body)).toEqual(a);
    expect(first.etag).toMatch(/^W\/"[0-9a-z]+-[0-9a-z]+"$/);
    expect(representationOf(call('a', 'completed')).etag).toBe(first.etag);
    expect(representationOf(call('a', 'completed', 2)).etag).not.toBe(first.etag);
  });

  it('compares If-None-Match weakly, in lists and with *', () => {
    const etag = 'W/"abc-1"';
    expect(matchesIfNoneMatch('W/"abc-1"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abc-1"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc-1"', etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abc-2"', etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });

  it('lets clients keep finished calls briefly and revalidate others every time', () => {
    expect(cacheControlOf(call('a', 'completed'))).toBe('private, max-age=60');
    expect(cacheControlOf(call('a', 'failed'))).toBe('private, max-age=60');
    expect(cacheControlOf(call('a', 'in_progress'))).toBe('private, no-cache');
    expect(cacheControlOf(call('a', 'scheduled'))).toBe('private, no-cache');
  });
});

describe('configuration', () => {
  it('is on by default, tunable, and off with CALL_CACHE=off', () => {
    expect(loadConfig({}).callCache).toEqual({ inProgressTtlMs: 1000, maxEntries: 5000 });
    expect(loadConfig({ CALL_CACHE_TTL_MS: '250', CALL_CACHE_MAX_ENTRIES: '0' }).callCache).toEqual(
      { inProgressTtlMs: 250, maxEntries: 0 },
    );
    expect(loadConfig({ CALL_CACHE: 'off' }).callCache).toBeNull();
  });

  it('names each bad variable', () => {
    expect(() =>
      loadConfig({ CALL_CACHE: 'maybe', CALL_CACHE_TTL_MS: '-1', CALL_CACHE_MAX_ENTRIES: '1.5' }),
    ).toThrow(
      expect.objectContaining({
        lines: [
          'CALL_CACHE: must be on or off',
          'CALL_CACHE_TTL_MS: must be a whole number, 0 or more',
          'CALL_CACHE_MAX_ENTRIES: must be a whole number, 0 or more',
        ],
      }),
    );
  });
});
