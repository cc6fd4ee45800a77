import { describe, expect, it } from 'vitest';
import {
  CALLFIRE_FIND_FILTERS,
  decodeCursor,
  encodeCursor,
  queryCallsParams,
} from '../../providers/callfire/query.ts';
import { FIND_FILTERS } from '../../providers/provider.ts';
import { GatewayError } from '../../src/errors.ts';

const params = (filters: Parameters<typeof queryCallsParams>[0]) =>
  Object.fromEntries(queryCallsParams(filters));

describe('filters → QueryCalls parameters', () => {
  it('supports every gateway filter but those matching either party', () => {
    expect([...CALLFIRE_FIND_FILTERS]).toEqual(
      FIND_FILTERS.filter((name) => name !== 'number' && name !== 'name'),
    );
  });

  it('sends nothing for no filter', () => {
    expect(params({})).toEqual({});
  });

  it('expands each normalized state into the CallFire states that map to it', () => {
    expect(params({ state: 'completed' })).toEqual({ State: 'FINISHED' });
    expect(params({ state: 'in_progress' })).toEqual({ State: 'SELECTED' });
    expect(params({ state: 'scheduled' })).toEqual({ State: 'READY CALLBACK DISABLED' });
    expect(params({ state: 'failed' }).State?.split(' ').sort()).toEqual(
      ['DNC', 'DUP', 'INVALID', 'PERIOD_LIMIT', 'RESTRICTED_NUMBER', 'SKIPPED', 'TIMEOUT'].sort(),
    );
    expect(params({ state: 'completed,completed,in_progress' })).toEqual({
      State: 'FINISHED SELECTED',
    });
  });

  it('expands each outcome into the CallFire results that map to it', () => {
    expect(params({ result: 'answered' })).toEqual({ Result: 'LA' });
    expect(params({ result: 'voicemail,transferred' })).toEqual({
      Result: 'AM SD XFER XFER_LEG',
    });
    expect(params({ result: 'not_dialed' })).toEqual({ Result: 'UNDIALED SKIPPED' });
    for (const outcome of [
      'busy',
      'no_answer',
      'failed',
      'do_not_call',
      'postponed',
      'sent',
      'abandoned',
      'invalid_number',
    ]) {
      expect(params({ result: outcome }).Result).toMatch(/^[A-Z_]+( [A-Z_]+)*$/);
    }
  });

  it('refuses a value with no CallFire equivalent, naming the field', () => {
    try {
      queryCallsParams({ result: 'unknown' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).extras.errors).toEqual([
        { field: 'query.result', message: "'unknown' has no CallFire equivalent" },
      ]);
    }
  });

  it('writes numbers without +, ids, labels and direction as CallFire takes them', () => {
    expect(
      params({
        inbound: 'true',
        fromNumber: '+12132609784',
        toNumber: '19196991764',
        broadcastId: '1836940001',
        batchId: '7700001',
        label: 'q4 survey',
      }),
    ).toEqual({
      Inbound: 'true',
      FromNumber: '12132609784',
      ToNumber: '19196991764',
      BroadcastId: '1836940001',
      BatchId: '7700001',
      LabelName: 'q4 survey',
    });
  });

  it('sends the interval in UTC whole seconds, widened outwards', () => {
    expect(
      params({ since: '2026-11-02T10:00:00.900+02:00', until: '2026-11-02T09:00:00.100Z' }),
    ).toEqual({ IntervalBegin: '2026-11-02T08:00:00Z', IntervalEnd: '2026-11-02T09:00:01Z' });
    expect(params({ since: '2026-11-02T08:00:00Z' })).toEqual({
      IntervalBegin: '2026-11-02T08:00:00Z',
    });
  });
});

describe('cursors', () => {
  const filters = { state: 'completed', label: 'survey' };

  it('round-trips an offset, as URL-safe text', () => {
    const cursor = encodeCursor(4000, filters);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { label: 'survey', state: 'completed' })).toBe(4000);
    expect(decodeCursor(encodeCursor(0, {}), {})).toBe(0);
  });

  it('is bound to the filters it was made for', () => {
    const cursor = encodeCursor(100, filters);
    expect(() => decodeCursor(cursor, { state: 'completed' })).toThrow(/other filters/);
    expect(() => decodeCursor(cursor, { ...filters, label: 'other' })).toThrow(/other filters/);
  });

  const forged = (body: string) => Buffer.from(body).toString('base64url');
  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', forged('{"o":')],
    ['JSON without an offset', forged('{"q":"00000000"}')],
    ['a negative offset', forged('{"o":-1,"q":"00000000"}')],
    ['a fractional offset', forged('{"o":1.5,"q":"00000000"}')],
    ['an offset past safe integers', forged('{"o":9007199254740993,"q":"00000000"}')],
    ['JSON null', forged('null')],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')],
  ])('refuses %s as a 400 on query.cursor', (_name, cursor) => {
    try {
      decodeCursor(cursor, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).status).toBe(400);
      expect((error as GatewayError).extras.errors).toEqual([
        expect.objectContaining({ field: 'query.cursor' }),
      ]);
    }
  });
});
