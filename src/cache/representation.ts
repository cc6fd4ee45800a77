/**
 * A call's JSON body and ETag, computed once per call object: a call served from the cache
 * is the same object every time, so its body is serialized and hashed only when it was
 * fetched, never per request.
 */
import type { Call } from '../core/call.ts';

export interface Representation {
  body: string;
  etag: string;
}

const memo = new WeakMap<Call, Representation>();

export function representationOf(call: Call): Representation {
  let known = memo.get(call);
  if (!known) {
    const body = JSON.stringify(call);
    known = { body, etag: `W/"${hash53(body)}-${body.length.toString(36)}"` };
    memo.set(call, known);
  }
  return known;
}

/** Finished calls change only through the gateway's own writes; others must be asked again. */
export function cacheControlOf(call: Call): string {
  return isFinal(call) ? 'private, max-age=60' : 'private, no-cache';
}

export const isFinal = (call: Call) => call.state === 'completed' || call.state === 'failed';

/** RFC 9110 weak comparison against an If-None-Match list (or `*`). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const candidate of header.split(',')) {
    const tag = candidate.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === opaque) return true;
  }
  return false;
}

/**
 * cyrb53: a 53-bit non-cryptographic hash, a few µs for a 1 KB body and runtime-neutral
 * (node:crypto is not on the Worker, and crypto.subtle is async). An ETag only has to
 * change when the body does.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
