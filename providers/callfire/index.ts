/**
 * The CallFire adapter: the Provider interface over CallFire API 1.1 REST. CallFire reads
 * calls (GetCall) and lists them (QueryCalls); it has no keep, unmark, delete or UI link,
 * so those stay undefined and the routes answer 501 with the capability list. Requests and
 * errors are in client.ts, the Call mapping in mapping.ts, filters and cursors in query.ts,
 * the two payload forms in payload.ts and xml.ts, the local stand-in server in sandbox.ts.
 */
import { badRequest, GatewayError } from '../../src/errors.ts';
import type { ProviderKind } from '../kind.ts';
import type { CallSelector, Capability, Provider } from '../provider.ts';
import { CallFireClient } from './client.ts';
import { CALLFIRE_SUFFIXES, type CallFireConfig, readCallFireConfig } from './config.ts';
import { callFireId, isCallFireId, mapCallFireCall } from './mapping.ts';
import type { CallFireRecord } from './payload.ts';
import { CALLFIRE_FIND_FILTERS, createCursorCodec, queryCallsParams } from './query.ts';
import { CallFireRecordings } from './recordings.ts';

const CAPABILITIES: readonly Capability[] = ['get', 'find', 'search', 'recordings', 'audio'];

export const callfireKind: ProviderKind<CallFireConfig> = {
  kind: 'callfire',
  defaultPrefix: 'CALLFIRE',
  // BASE_URL has a default, so the login is what says an instance is wanted.
  presenceSuffix: 'USERNAME',
  suffixes: CALLFIRE_SUFFIXES,
  readConfig: readCallFireConfig,
  create: (instance, config) => createCallFireProvider(instance, config),
};

export function createCallFireProvider(instance: string, config: CallFireConfig): Provider {
  const client = new CallFireClient(instance, config);
  const cursors = createCursorCodec(instance, config.cursorKey);
  const recordings = new CallFireRecordings(client, instance);
  const toCall = (record: CallFireRecord, includeRaw: boolean) => {
    if (callFireId(record) === null) throw missing(instance, 'a Call with a numeric id');
    return mapCallFireCall(record, { instance, includeRaw });
  };

  return {
    kind: 'callfire',
    instance,
    capabilities: CAPABILITIES,
    findFilters: CALLFIRE_FIND_FILTERS,
    isCallId: isCallFireId,

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
        (page.totalResults === null ? page.calls.length >= query.limit : next < page.totalResults);
      return { items, nextCursor: more ? await cursors.encode(next, query.filters) : null };
    },

    recordings: (callId, ctx) => recordings.list(callId, ctx),
    audio: (callId, recordingId, request, ctx) =>
      recordings.audio(callId, recordingId, request, ctx),

    async ping(ctx) {
      // CallFire checks credentials before looking the call up: its "not found" proves both.
      try {
        await client.getCall('1', ctx);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'not_found') return;
        throw error;
      }
    },
  };
}

function selectorField(selector: CallSelector): string {
  if ('extension' in selector) return 'extension';
  if ('platformCallId' in selector) return 'platformCallId';
  if ('nativeId' in selector) return 'nativeId';
  return 'meetingId';
}

function missing(instance: string, what: string): GatewayError {
  return new GatewayError(
    502,
    'provider_bad_response',
    `CallFire instance '${instance}' answered without ${what}.`,
    { provider: 'callfire', instance },
  );
}
