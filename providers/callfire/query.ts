/**
 * GET /calls on a CallFire instance → QueryCalls: the gateway's filters become CallFire's
 * parameters, and the page position travels in an opaque, signed cursor.
 */
import { badRequest } from '../../src/core/errors.ts';
import {
  type CursorCodec,
  type CursorKey,
  createCursorCodec as signedCursors,
} from '../../src/core/page-cursor.ts';
import type { FindFilter, FindFilters } from '../../src/core/provider.ts';
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

export type { CursorCodec };

/** Cursors signed with the instance's cursor key (src/core/page-cursor.ts). */
export const createCursorCodec = (instance: string, key: CursorKey): CursorCodec =>
  signedCursors('callfire', instance, key);
