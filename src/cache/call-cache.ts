/**
 * Hot reads for any provider: concurrent identical reads share one upstream request, and
 * calls read recently are answered from memory. A finished call only changes through a
 * write (keep, unmark, delete), which the gateway sees and invalidates on; a call still in
 * progress changes by itself, so it is kept no longer than a short TTL.
 *
 * A read may refuse what is kept (`Cache-Control: no-cache`, or a `max-age` it is older
 * than): it asks the provider, and its answer replaces the kept one. Each read is told
 * where its answer came from, for the route's `Age` and `Cache-Status`.
 *
 * Wraps the Provider interface, so every kind gets the same behaviour and nothing here
 * knows a provider's protocol.
 */
import type { Call } from '../core/call.ts';
import {
  type CacheStatus,
  type CallTarget,
  type GetOptions,
  OPERATION_TRAITS,
  OPERATIONS,
  type OperationContext,
  type Provider,
} from '../core/provider.ts';
import { type CacheResult, type Metrics, NO_METRICS } from '../core/telemetry.ts';
import { acceptsAge } from './cache-status.ts';
import { isFinal } from './representation.ts';

export interface CallCacheOptions {
  /**
   * Longest a call still in progress is answered from memory (and so the most out of date
   * it can be). 0 keeps none: only concurrent reads are shared.
   * @default 1000
   */
  inProgressTtlMs?: number;
  /**
   * Longest a finished call is kept. Writes made through the gateway invalidate at once;
   * this bounds what a change made elsewhere (the provider's own UI) can hide.
   * @default 600000
   */
  finalTtlMs?: number;
  /** Calls kept, least recently used evicted first. 0 keeps none. @default 5000 */
  maxEntries?: number;
  /** Milliseconds, injectable for tests. @default Date.now */
  now?: () => number;
  /** Told whether each read of one call was a hit, a miss or coalesced. */
  metrics?: Metrics;
}

export const CALL_CACHE_DEFAULTS = {
  inProgressTtlMs: 1000,
  finalTtlMs: 10 * 60 * 1000,
  maxEntries: 5000,
} as const;

/** Pages of a find with at most this many calls serve the reads that follow. */
const FIND_SEED_LIMIT = 20;

interface Entry {
  call: Call;
  final: boolean;
  /** When the read that brought it began: its age counts from there. */
  readAt: number;
  expires: number;
  /** Which upstream read brought it: an older read never replaces a newer one's answer. */
  seq: number;
}

interface Flight {
  startedAt: number;
  result: Promise<{ call: Call; stored: boolean }>;
}

const unheard = () => {};

type WriteOperation = (target: CallTarget, ...rest: unknown[]) => Promise<void>;

/** The provider, with its reads shared and cached and its writes invalidating what they touch. */
export function withCallCache(provider: Provider, options: CallCacheOptions = {}): Provider {
  const inProgressTtlMs = options.inProgressTtlMs ?? CALL_CACHE_DEFAULTS.inProgressTtlMs;
  const finalTtlMs = options.finalTtlMs ?? CALL_CACHE_DEFAULTS.finalTtlMs;
  const maxEntries = options.maxEntries ?? CALL_CACHE_DEFAULTS.maxEntries;
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? NO_METRICS;

  // Map order is recency: a hit moves its entry to the end, eviction takes the first.
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Flight>();
  // Bumped by every write. A read that overlapped a write may carry the state from before
  // it, so its answer is handed to its callers but not kept.
  let generation = 0;
  let reads = 0;

  const keyOf = (callId: string, includeRaw: boolean) => (includeRaw ? `${callId} raw` : callId);

  /** Keeps a read's answer; false when it is not kept. */
  const store = (key: string, call: Call, readStartedAt: number, seq: number): boolean => {
    if (maxEntries === 0) return false;
    const final = isFinal(call);
    const ttl = final ? finalTtlMs : inProgressTtlMs;
    if (ttl <= 0) return false;
    // A read that refused the kept answer may finish before one begun earlier.
    if ((entries.get(key)?.seq ?? 0) > seq) return false;
    // Shared from now on: the body and ETag the route derives from it are memoized per
    // object (representationOf), so every hit reuses the first one's.
    deepFreeze(call);
    entries.delete(key);
    // Aged from when the read began: the provider may have answered with state that old.
    entries.set(key, { call, final, readAt: readStartedAt, expires: readStartedAt + ttl, seq });
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    return true;
  };

  const forgetCall = (callId: string) => {
    for (const key of [keyOf(callId, false), keyOf(callId, true)]) {
      entries.delete(key);
      inflight.delete(key);
    }
  };

  /**
   * A selector names no call, so drop what it may have picked: `ongoing` and `next` can
   * only pick a call not yet finished; `last` and the reference ids can pick any.
   */
  const forgetSelected = (target: Exclude<CallTarget, { callId: string }>) => {
    const unfinishedOnly =
      'extension' in target && target.status.every((s) => s === 'ongoing' || s === 'next');
    for (const [key, entry] of entries) if (!unfinishedOnly || !entry.final) entries.delete(key);
    inflight.clear();
  };

  const invalidate = (target: CallTarget) => {
    generation++;
    if ('callId' in target) forgetCall(target.callId);
    else forgetSelected(target);
  };

  /** Invalidates before (no read joins an older one) and after (no read kept from during it). */
  const write =
    <A extends unknown[]>(op: (target: CallTarget, ...rest: A) => Promise<void>) =>
    async (target: CallTarget, ...rest: A): Promise<void> => {
      invalidate(target);
      try {
        await op(target, ...rest);
      } finally {
        invalidate(target);
      }
    };

  // Everything not overridden below (kind, capabilities, isCallId, url, ping, and whatever
  // the interface gains later) is the provider's own, reached through the prototype.
  const wrapped: Provider = Object.create(provider);

  const get = provider.get?.bind(provider);
  if (get) {
    /** Counts the read and spans it until its answer is there. */
    const observed = (ctx: OperationContext, result: CacheResult, read: Promise<Call>) => {
      metrics.cache(provider.instance, result);
      const span = ctx.span.child('cache read', 'internal', { 'callgate.cache.result': result });
      read.then(
        () => span.end(),
        () => span.end(),
      );
      return read;
    };

    wrapped.get = (callId: string, getOptions: GetOptions, ctx: OperationContext) => {
      const key = keyOf(callId, getOptions.includeRaw);
      const { maxAgeSeconds } = getOptions;
      const report = getOptions.onCacheStatus ?? unheard;
      const startedAt = now();

      const entry = entries.get(key);
      const fresh = entry !== undefined && entry.expires > startedAt;
      if (entry && fresh && acceptsAge(startedAt - entry.readAt, maxAgeSeconds)) {
        entries.delete(key); // to the end: most recently used
        entries.set(key, entry);
        report({ hit: true, ageMs: startedAt - entry.readAt, ttlMs: entry.expires - startedAt });
        return observed(ctx, 'hit', Promise.resolve(entry.call));
      }
      if (entry && !fresh) entries.delete(key);
      const fwd = !entry ? 'miss' : fresh ? 'request' : 'stale';
      const forwarded = ({ call, stored }: { call: Call; stored: boolean }, collapsed: boolean) => {
        report({ hit: false, fwd, collapsed, stored } satisfies CacheStatus);
        return call;
      };

      // A read under way began before this request: a caller who refused what is kept may
      // be waiting for a change made since, so it joins only a read young enough for it.
      const flight = inflight.get(key);
      if (flight && acceptsAge(startedAt - flight.startedAt, maxAgeSeconds))
        return observed(
          ctx,
          'coalesced',
          flight.result.then((result) => forwarded(result, true)),
        );

      const readGeneration = generation;
      const seq = ++reads;
      const result = settle(() => get(callId, getOptions, ctx)).then(
        (call) => {
          if (inflight.get(key) === started) inflight.delete(key);
          const stored = readGeneration === generation && store(key, call, startedAt, seq);
          return { call, stored };
        },
        (error: unknown) => {
          if (inflight.get(key) === started) inflight.delete(key);
          throw error;
        },
      );
      const started: Flight = { startedAt, result };
      inflight.set(key, started);
      return observed(
        ctx,
        'miss',
        result.then((answer) => forwarded(answer, false)),
      );
    };
  }

  const find = provider.find?.bind(provider);
  if (find) {
    // A search is always asked again (what `ongoing` picks changes), but the calls it
    // returns are fresh reads and serve the GETs that usually follow.
    wrapped.find = async (query, findOptions, ctx) => {
      const startedAt = now();
      const readGeneration = generation;
      const seq = ++reads;
      const page = await find(query, findOptions, ctx);
      // A long page is a listing, not the lookup before a read: keeping it would only push
      // out the calls being read.
      if (readGeneration === generation && page.items.length <= FIND_SEED_LIMIT) {
        for (const call of page.items) {
          store(keyOf(call.providerCallId, findOptions.includeRaw), call, startedAt, seq);
        }
      }
      return page;
    };
  }

  // Every write the provider has (core/provider.ts says which operations write).
  for (const operation of OPERATIONS) {
    const op = provider[operation] as WriteOperation | undefined;
    if (!OPERATION_TRAITS[operation].write || !op) continue;
    (wrapped as unknown as Record<string, WriteOperation>)[operation] = write(op.bind(provider));
  }
  return wrapped;
}

/** A provider that throws instead of rejecting still yields a rejected promise. */
function settle<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Callers share a cached call; freezing it turns an accidental edit into an error. */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}
