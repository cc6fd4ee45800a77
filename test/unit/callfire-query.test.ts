import { afterAll, describe, expect, it } from 'vitest';
import { CALLFIRE_FIND_FILTERS } from '../../providers/callfire/index.ts';
import { createCursorCodec, queryCallsParams } from '../../providers/callfire/query.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { FIND_FILTERS } from '../../src/core/provider.ts';
import { writeReliabilityReport } from '../support/reliability-report.ts';

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
  const KEY = 'unit-test-cursor-key-0123456789abcdef';
  const codec = createCursorCodec('callfire', KEY);

  let refused = 0;
  afterAll(() => writeReliabilityReport('cursors', { refused }));

  async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).status).toBe(400);
      expect((error as GatewayError).extras.errors).toEqual([
        expect.objectContaining({ field: 'query.cursor' }),
      ]);
      refused += 1;
      return error as GatewayError;
    }
    throw new Error('expected a refusal');
  }

  it('round-trips an offset, as URL-safe text', async () => {
    const cursor = await codec.encode(4000, filters);
    expect(cursor).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(await codec.decode(cursor, { label: 'survey', state: 'completed' })).toBe(4000);
    expect(await codec.decode(await codec.encode(0, {}), {})).toBe(0);
  });

  it('is accepted by every codec holding the same key: a fleet shares cursors', async () => {
    const cursor = await codec.encode(100, filters);
    expect(await createCursorCodec('callfire', KEY).decode(cursor, filters)).toBe(100);
  });

  it('is bound to the filters, the instance and the key it was made with', async () => {
    const cursor = await codec.encode(100, filters);
    await refusal(codec.decode(cursor, { state: 'completed' }));
    await refusal(codec.decode(cursor, { ...filters, label: 'other' }));
    await refusal(createCursorCodec('callfire-eu', KEY).decode(cursor, filters));
    await refusal(createCursorCodec('callfire', `${KEY}!`).decode(cursor, filters));
  });

  it('refuses its MAC with the bits a base64 decoder ignores changed', async () => {
    const cursor = await codec.encode(100, filters);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(cursor.at(-1) ?? '');
    const sibling = alphabet[last ^ 1];
    await refusal(codec.decode(`${cursor.slice(0, -1)}${sibling}`, filters));
  });

  it('cannot be moved to another offset', async () => {
    const cursor = await codec.encode(100, filters);
    const [, mac] = cursor.split('.');
    await refusal(codec.decode(`101.${mac}`, filters));
    await refusal(codec.decode(`0.${mac}`, filters));
  });

  const mac = 'A'.repeat(43);
  it.each([
    ['empty', ''],
    ['no MAC', '100'],
    ['a MAC of the wrong length', `100.${mac.slice(1)}`],
    ['a MAC that is not base64url', `100.${'+'.repeat(43)}`],
    ['a negative offset', `-1.${mac}`],
    ['a leading zero', `01.${mac}`],
    ['a fractional offset', `1.5.${mac}`],
    ['an offset past safe integers', `9007199254740993.${mac}`],
    ['the unsigned form of old', Buffer.from('{"o":100,"q":"00000000"}').toString('base64url')],
  ])('refuses %s as a 400 on query.cursor', async (_name, cursor) => {
    await refusal(codec.decode(cursor, {}));
  });
});
