/**
 * What a read of one call asked of the cache and what the cache did, in HTTP's terms: the
 * request's `Cache-Control` directives (RFC 9111) in, `Age` and `Cache-Status` (RFC 9211)
 * out.
 */
import type { CacheStatus } from '../core/provider.ts';

/** The name the gateway's cache goes by in `Cache-Status`. */
export const CACHE_NAME = 'callgate';

/** RFC 9111's largest delta-seconds: anything longer means "any age". */
const MAX_DELTA_SECONDS = 2_147_483_648;

/**
 * The oldest answer, in seconds, that a request's `Cache-Control` accepts: 0 for `no-cache`
 * or `max-age=0`, undefined when it sets no limit. Directives a cache does not know, and
 * malformed values, are ignored, as RFC 9111 has caches do.
 */
export function requestMaxAge(header: string | undefined): number | undefined {
  if (!header) return undefined;
  let maxAge: number | undefined;
  for (const directive of header.split(',')) {
    const equals = directive.indexOf('=');
    const name = (equals < 0 ? directive : directive.slice(0, equals)).trim().toLowerCase();
    const rawValue = equals < 0 ? undefined : directive.slice(equals + 1);
    let seconds: number | undefined;
    if (name === 'no-cache') seconds = 0;
    else if (name === 'max-age' && rawValue !== undefined) {
      const digits = /^\s*"?(\d+)"?\s*$/.exec(rawValue)?.[1];
      if (digits !== undefined) seconds = Math.min(Number(digits), MAX_DELTA_SECONDS);
    }
    if (seconds !== undefined) maxAge = Math.min(maxAge ?? seconds, seconds);
  }
  return maxAge;
}

/** Does an answer `ageMs` old satisfy a request's max-age? `0` always asks the provider. */
export function acceptsAge(ageMs: number, maxAgeSeconds: number | undefined): boolean {
  if (maxAgeSeconds === undefined) return true;
  return maxAgeSeconds > 0 && Math.floor(ageMs / 1000) <= maxAgeSeconds;
}

/** `Age`: whole seconds since the provider was asked; 0 for an answer just read. */
export function ageHeader(status: CacheStatus): string {
  return String(status.hit ? Math.floor(status.ageMs / 1000) : 0);
}

/** `Cache-Status`, e.g. `callgate; hit; ttl=540` or `callgate; fwd=request; stored`. */
export function cacheStatusHeader(status: CacheStatus): string {
  if (status.hit) return `${CACHE_NAME}; hit; ttl=${Math.floor(status.ttlMs / 1000)}`;
  return [
    CACHE_NAME,
    `fwd=${status.fwd}`,
    ...(status.stored ? ['stored'] : []),
    ...(status.collapsed ? ['collapsed'] : []),
  ].join('; ');
}
