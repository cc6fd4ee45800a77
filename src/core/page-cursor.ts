/**
 * The opaque cursor of GET /calls, whatever the kind: the position of the next page,
 * signed so that the only cursor accepted is one the gateway issued for the same filters.
 */
import { base64url } from './encoding.ts';
import { badRequest } from './errors.ts';
import { hmacSha256, timingSafeEqual } from './hmac.ts';
import { FIND_FILTERS, type FindFilters } from './provider.ts';

/** The next page's position, as an opaque cursor, and back; a 400 for any other text. */
export interface CursorCodec {
  encode(offset: number, filters: FindFilters): Promise<string>;
  decode(cursor: string, filters: FindFilters): Promise<number>;
}

const utf8 = new TextEncoder();
// `<offset>.<MAC>`: the offset is no secret, the MAC is 32 bytes in base64url.
const CURSOR = /^(0|[1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/;

/**
 * Cursors signed with the instance's CURSOR_KEY: an HMAC over the instance, the offset
 * and the filters, so the only cursor accepted is one a gateway holding the key issued
 * for the same filters on the same instance. Every process or isolate configured with
 * the key accepts the others' cursors.
 */
export function createCursorCodec(kind: string, instance: string, key: string): CursorCodec {
  const mac = hmacSha256(key);
  const sign = async (offset: number, filters: FindFilters) =>
    mac(`${kind}-cursor/1\n${instance}\n${offset}\n${canonical(filters)}`);
  return {
    async encode(offset, filters) {
      return `${offset}.${base64url(await sign(offset, filters))}`;
    },
    async decode(cursor, filters) {
      const match = CURSOR.exec(cursor);
      const offset = Number(match?.[1]);
      if (!match?.[2] || !Number.isSafeInteger(offset)) throw invalidCursor();
      // Compared as text: base64url's last character has bits a decoder ignores.
      const expected = base64url(await sign(offset, filters));
      if (!timingSafeEqual(utf8.encode(match[2]), utf8.encode(expected))) throw invalidCursor();
      return offset;
    },
  };
}

function invalidCursor() {
  const why = 'was not issued by this gateway for these filters';
  return badRequest(`The cursor ${why}; pass the \`nextCursor\` of the previous page unchanged.`, [
    { field: 'query.cursor', message: why },
  ]);
}

/** The filters in a fixed order, each value encoded so that no two filter sets read alike. */
function canonical(filters: FindFilters): string {
  return FIND_FILTERS.map((name) => `${name}=${encodeURIComponent(filters[name] ?? '')}`).join('&');
}
