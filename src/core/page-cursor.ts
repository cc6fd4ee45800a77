/**
 * The opaque cursor of GET /calls, whatever the kind: the position of the next page,
 * signed so that the only cursor accepted is one the gateway issued for the same filters.
 */
import { base64url } from './encoding.ts';
import { badRequest } from './errors.ts';
import { hmacSha256, type Mac, timingSafeEqual } from './hmac.ts';
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
 * The key that signs an instance's cursors: `<PREFIX>_CURSOR_KEY` when configured, else
 * a random key the gateway made once and keeps in its shared state, read when first
 * needed. Never anything derived from a credential: a cursor is a known message with its
 * MAC, so a key derived from the API key would let anyone holding a cursor test guesses
 * of it offline.
 */
export type CursorKey = string | (() => Promise<Uint8Array>);

/** The name of the instance's random cursor key in the state (InstanceState.key). */
export const CURSOR_KEY_NAME = 'cursor';

/**
 * Cursors signed with the instance's cursor key: an HMAC over the instance, the offset
 * and the filters, so the only cursor accepted is one a gateway holding the key issued
 * for the same filters on the same instance. Every process or isolate with the same key
 * (configured, or kept in the state they share) accepts the others' cursors.
 */
export function createCursorCodec(kind: string, instance: string, key: CursorKey): CursorCodec {
  const read =
    typeof key === 'string' ? async () => hmacSha256(key) : async () => hmacSha256(await key());
  let mac: Promise<Mac> | undefined;
  const macOf = (): Promise<Mac> => {
    if (mac) return mac;
    const reading = read();
    mac = reading;
    // A failed read of the state is not kept: the next request asks again.
    reading.catch(() => {
      if (mac === reading) mac = undefined;
    });
    return reading;
  };
  const sign = async (offset: number, filters: FindFilters) =>
    (await macOf())(`${kind}-cursor/1\n${instance}\n${offset}\n${canonical(filters)}`);
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
