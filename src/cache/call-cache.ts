/**
 * Hot reads for any provider: concurrent identical reads share one upstream request, and
 * calls read recently are answered from memory. A finished call only changes through a
 * write (keep, unmark, delete), which the gateway sees and invalidates on; a call still in
 * progress changes by itself, so it is kept no longer than a short TTL.
 *
 * Wraps the Provider interface, so every kind gets the same behaviour and nothing here
 * knows a provider's protocol.
 */

import type { Call } from '../core/call.ts';
import type { CallTarget, GetOptions, OperationContext, Provider } from '../core/provider.ts';
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
  expires: number;
}

/** The provider, with its reads shared and cached and its writes invalidating what they touch. */
export function withCallCache(provider: Provider, options: CallCacheOptions = {}): Provider {
  const inProgressTtlMs = options.inProgressTtlMs ?? CALL_CACHE_DEFAULTS.inProgressTtlMs;
  const finalTtlMs = options.finalTtlMs ?? CALL_CACHE_DEFAULTS.finalTtlMs;
  const maxEntries = options.maxEntries ?? CALL_CACHE_DEFAULTS.maxEntries;
  const now = options.now ?? Date.now;

  // Map order is recency: a hit moves its entry to the end, eviction takes the first.
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Call>>();
  // Bumped by every write. A read that overlapped a write may carry the state from before
  // it, so its answer is handed to its callers but not kept.
  let generation = 0;

  const keyOf = (callId: string, includeRaw: boolean) => (includeRaw ? `${callId} raw` : callId);

  const store = (key: string, call: Call, readStartedAt: number) => {
    if (maxEntries === 0) return;
    const final = isFinal(call);
    const ttl = final ? finalTtlMs : inProgressTtlMs;
    if (ttl <= 0) return;
    // Shared from now on: the body and ETag the route derives from it are memoized per
    // object (representationOf), so every hit reuses the first one's.
    deepFreeze(call);
    entries.delete(key);
    // Aged from when the read began: the provider may have answered with state that old.
    entries.set(key, { call, final, expires: readStartedAt + ttl });
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  };

  const lookup = (key: string, at: number): Call | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (entry.expires <= at) return undefined;
    entries.set(key, entry);
    return entry.call;
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
    wrapped.get = (callId: string, getOptions: GetOptions, ctx: OperationContext) => {
      const key = keyOf(callId, getOptions.includeRaw);
      const startedAt = now();
      const hit = lookup(key, startedAt);
      if (hit) return Promise.resolve(hit);
      const pending = inflight.get(key);
      if (pending) return pending;

      const readGeneration = generation;
      const shared = settle(() => get(callId, getOptions, ctx)).then(
        (call) => {
          if (inflight.get(key) === shared) inflight.delete(key);
          if (readGeneration === generation) store(key, call, startedAt);
          return call;
        },
        (error: unknown) => {
          if (inflight.get(key) === shared) inflight.delete(key);
          throw error;
        },
      );
      inflight.set(key, shared);
      return shared;
    };
  }

  const find = provider.find?.bind(provider);
  if (find) {
    // A search is always asked again (what `ongoing` picks changes), but the calls it
    // returns are fresh reads and serve the GETs that usually follow.
    wrapped.find = async (query, findOptions, ctx) => {
      const startedAt = now();
      const readGeneration = generation;
      const page = await find(query, findOptions, ctx);
      // A long page is a listing, not the lookup before a read: keeping it would only push
      // out the calls being read.
      if (readGeneration === generation && page.items.length <= FIND_SEED_LIMIT) {
        for (const call of page.items) {
          store(keyOf(call.providerCallId, findOptions.includeRaw), call, startedAt);
        }
      }
      return page;
    };
  }

  if (provider.keep) wrapped.keep = write(provider.keep.bind(provider));
  if (provider.unmark) wrapped.unmark = write(provider.unmark.bind(provider));
  if (provider.delete) wrapped.delete = write(provider.delete.bind(provider));
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
