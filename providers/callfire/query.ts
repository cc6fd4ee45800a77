/**
 * GET /calls on a CallFire instance → QueryCalls: the gateway's filters become CallFire's
 * parameters, and the page position travels in an opaque, signed cursor.
 */
import { base64url } from '../../src/core/encoding.ts';
import { badRequest } from '../../src/core/errors.ts';
import { hmacSha256, timingSafeEqual } from '../../src/core/hmac.ts';
import { FIND_FILTERS, type FindFilter, type FindFilters } from '../../src/core/provider.ts';
import { CALLFIRE_RESULTS, CALLFIRE_STATES } from './mapping.ts';

/** Each normalized value → every CallFire value that maps to it. */
function inverse(table: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [provider, normalized] of table)
    out.set(normalized, [...(out.get(normalized) ?? []), provider]);
  return out;
}
const STATES_BY_NORMALIZED = inverse(CALLFIRE_STATES);
const RESULTS_BY_NORMALIZED = inverse(CALLFIRE_RESULTS);

/** QueryCalls parameters for the filters (paging excluded). */
export function queryCallsParams(filters: FindFilters): URLSearchParams {
  const params = new URLSearchParams();
  // Lists are documented as space-separated values of one parameter ("FINISHED TIMEOUT").
  if (filters.state) params.set('State', expand(filters.state, STATES_BY_NORMALIZED, 'state'));
  if (filters.result) params.set('Result', expand(filters.result, RESULTS_BY_NORMALIZED, 'result'));
  if (filters.inbound) params.set('Inbound', filters.inbound);
  if (filters.fromNumber) params.set('FromNumber', digits(filters.fromNumber));
  if (filters.toNumber) params.set('ToNumber', digits(filters.toNumber));
  if (filters.broadcastId) params.set('BroadcastId', filters.broadcastId);
  if (filters.batchId) params.set('BatchId', filters.batchId);
  if (filters.label) params.set('LabelName', filters.label);
  // Whole seconds, widened outwards so that no call inside the asked interval is missed.
  if (filters.since) params.set('IntervalBegin', utcSeconds(filters.since, Math.floor));
  if (filters.until) params.set('IntervalEnd', utcSeconds(filters.until, Math.ceil));
  return params;
}

function expand(list: string, table: Map<string, string[]>, name: FindFilter): string {
  const values = new Set<string>();
  for (const item of list.split(',')) {
    const provider = table.get(item);
    if (!provider)
      throw badRequest(`CallFire has no ${name} matching '${item}'.`, [
        { field: `query.${name}`, message: `'${item}' has no CallFire equivalent` },
      ]);
    for (const value of provider) values.add(value);
  }
  return [...values].join(' ');
}

// CallFire numbers are E.164 digits without the `+` the gateway answers with.
const digits = (number: string) => number.replace(/^\+/, '');

function utcSeconds(iso: string, round: (n: number) => number): string {
  const seconds = round(Date.parse(iso) / 1000);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

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
export function createCursorCodec(instance: string, key: string): CursorCodec {
  const mac = hmacSha256(key);
  const sign = async (offset: number, filters: FindFilters) =>
    mac(`callfire-cursor/1\n${instance}\n${offset}\n${canonical(filters)}`);
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
