/**
 * The opaque cursor of GET /calls, whatever the kind: the position of the next page, bound
 * to the filters it was made for so that it cannot be replayed on another query.
 */
import { badRequest } from '../src/errors.ts';
import { FIND_FILTERS, type FindFilters } from './provider.ts';

interface CursorBody {
  /** FirstResult of the next page. */
  o: number;
  /** Fingerprint of the filters the cursor was made for. */
  q: string;
}

/** The next page's position, bound to the filters so it cannot be replayed on another query. */
export function encodeCursor(offset: number, filters: FindFilters): string {
  const body: CursorBody = { o: offset, q: fingerprint(filters) };
  return base64url(JSON.stringify(body));
}

/** The offset a cursor points at; a 400 naming `query.cursor` when it is not one of ours. */
export function decodeCursor(cursor: string, filters: FindFilters): number {
  const invalid = (why: string) =>
    badRequest(`The cursor ${why}; pass the \`nextCursor\` of the previous page unchanged.`, [
      { field: 'query.cursor', message: why },
    ]);
  let body: unknown;
  try {
    body = JSON.parse(fromBase64url(cursor));
  } catch {
    throw invalid('is not a cursor this gateway issued');
  }
  const { o, q } = (body ?? {}) as Partial<CursorBody>;
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || typeof q !== 'string')
    throw invalid('is not a cursor this gateway issued');
  if (q !== fingerprint(filters)) throw invalid('belongs to a query with other filters');
  return o;
}

/** FNV-1a over the filters in a fixed order: short, stable, and no filter value in clear. */
function fingerprint(filters: FindFilters): string {
  const canonical = FIND_FILTERS.map((name) => `${name}=${filters[name] ?? ''}`).join('&');
  let hash = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) {
    hash ^= canonical.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
