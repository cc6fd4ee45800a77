/**
 * The CallFire adapter over CallFire API 1.1 REST. CallFire reads calls (GetCall) and lists
 * them (QueryCalls); it has no keep, unmark, delete or UI link, so the adapter leaves those
 * out and the routes answer 501 with what it can do. Requests and CallFire's errors are in
 * client.ts, the Call mapping in mapping.ts, filters and cursors in query.ts, the two payload
 * forms in payload.ts and xml.ts, the local stand-in server in sandbox/.
 */
import { answeredWithout } from '../../src/core/adapt.ts';
import { badRequest } from '../../src/core/errors.ts';
import { createProvider, defineKind, type KindDefinition } from '../../src/core/kind.ts';
import { CURSOR_KEY_NAME } from '../../src/core/page-cursor.ts';
import {
  type Adapter,
  type CallSelector,
  FIND_FILTERS,
  type FindFilter,
} from '../../src/core/provider.ts';
import { processKeys } from '../../src/core/state/named-keys.ts';
import { CallFireClient } from './client.ts';
import { type CallFireConfig, readCallFireConfig } from './config.ts';
import { callFireId, isCallFireId, mapCallFireCall } from './mapping.ts';
import type { CallFireRecord } from './payload.ts';
import { createCursorCodec, queryCallsParams } from './query.ts';
import { CallFireRecordings } from './recordings.ts';

/**
 * QueryCalls applies the filters of GET /calls that were drawn from its parameters; not
 * `number` and `name`, which match either party, where QueryCalls matches one side.
 */
export const CALLFIRE_FIND_FILTERS: readonly FindFilter[] = FIND_FILTERS.filter(
  (name) => name !== 'number' && name !== 'name',
);

const callfire: KindDefinition<CallFireConfig> = {
  kind: 'callfire',
  label: 'CallFire',
  defaultPrefix: 'CALLFIRE',
  // BASE_URL has a default, so the login is what says an instance is wanted.
  presenceSuffix: 'USERNAME',
  readConfig: readCallFireConfig,
  secrets: (config) => [
    config.userName,
    config.password,
    `${config.userName}:${config.password}`,
    config.cursorKey,
  ],
  adapter: (origin, config, deps): Adapter => {
    const client = new CallFireClient(origin, config);
    const keys = deps.keys ?? processKeys();
    const cursors = createCursorCodec(
      origin.instance,
      config.cursorKey ?? (() => keys.getOrCreate(CURSOR_KEY_NAME)),
    );
    const recordings = new CallFireRecordings(client, origin);
    const toCall = (record: CallFireRecord, includeRaw: boolean) => {
      if (callFireId(record) === null) throw answeredWithout('a Call with a numeric id');
      return mapCallFireCall(record, { instance: origin.instance, includeRaw });
    };

    return {
      isCallId: isCallFireId,
      findFilters: CALLFIRE_FIND_FILTERS,

      async get(callId, options, ctx) {
        return toCall(await client.getCall(callId, ctx), options.includeRaw);
      },

      async find(query, options, ctx) {
        if (query.selector) {
          throw badRequest(
            'CallFire finds calls by filters (state, result, inbound, numbers, broadcast, batch, label, since/until), not by selector.',
            [
              {
                field: `query.${selectorField(query.selector)}`,
                message: 'not supported by callfire',
              },
            ],
          );
        }
        const offset = query.cursor ? await cursors.decode(query.cursor, query.filters) : 0;
        const params = queryCallsParams(query.filters);
        params.set('MaxResults', String(query.limit));
        params.set('FirstResult', String(offset));
        const page = await client.queryCalls(params, ctx);
        const items = page.calls.map((record) => toCall(record, options.includeRaw));
        const next = offset + page.calls.length;
        // Without totalResults, a full page is the only hint that more may follow.
        const more =
          page.calls.length > 0 &&
          (page.totalResults === null
            ? page.calls.length >= query.limit
            : next < page.totalResults);
        return { items, nextCursor: more ? await cursors.encode(next, query.filters) : null };
      },

      recordings: (callId, ctx) => recordings.list(callId, ctx),
      audio: (callId, recordingId, request, ctx) =>
        recordings.audio(callId, recordingId, request, ctx),

      async ping(ctx) {
        // CallFire checks credentials before looking the call up: its "not found" proves both.
        await client.getCall('1', ctx);
      },
    };
  },
};

export const callfireKind = defineKind(callfire);

/** One instance's provider from settings already read (tests script its upstream). */
export const createCallFireProvider = (instance: string, config: CallFireConfig) =>
  createProvider(callfire, instance, config);

function selectorField(selector: CallSelector): string {
  if ('extension' in selector) return 'extension';
  if ('platformCallId' in selector) return 'platformCallId';
  if ('nativeId' in selector) return 'nativeId';
  return 'meetingId';
}
