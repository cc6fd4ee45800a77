/**
 * The Verba Recording System adapter: the Provider interface over Verba's action API.
 * Read top to bottom: the kind (config), the adapter's operations, then how a target
 * becomes query parameters. Requests and errors are in client.ts, the CDR mapping in
 * mapping.ts, the XML in xml.ts, the local stand-in server in sandbox.ts.
 */
import { badRequest, GatewayError } from '../../src/errors.ts';
import type { ProviderKind } from '../kind.ts';
import { createCursorCodec } from '../page-cursor.ts';
import type { CallTarget, Capability, Provider } from '../provider.ts';
import { VerbaClient } from './client.ts';
import { readVerbaConfig, VERBA_SUFFIXES, type VerbaConfig } from './config.ts';
import { mapVerbaCall } from './mapping.ts';
import { VerbaRecordings } from './recordings.ts';
import { searchVerbaCalls, VERBA_FIND_FILTERS } from './search.ts';
import type { VerbaAnswer } from './xml.ts';

/** Verba's call ids are GUIDs: `a8343631-9f35-4a3a-83f0-9e81592339fb`. */
const CALL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CAPABILITIES: readonly Capability[] = [
  'get',
  'find',
  'url',
  'keep',
  'unmark',
  'delete',
  'keepBySelector',
  'deleteBySelector',
  'recordings',
  'audio',
  'liveAudio',
  'search',
];

export const verbaKind: ProviderKind<VerbaConfig> = {
  kind: 'verba',
  defaultPrefix: 'VERBA',
  presenceSuffix: 'BASE_URL',
  suffixes: VERBA_SUFFIXES,
  readConfig: readVerbaConfig,
  create: createVerbaProvider,
};

export function createVerbaProvider(
  instance: string,
  config: VerbaConfig,
  deps: ConstructorParameters<typeof VerbaClient>[2],
): Provider {
  const client = new VerbaClient(instance, config, deps);
  const recordings = new VerbaRecordings(client, instance, config.timeZone);
  // The API key is a secret every process of the instance shares: without a CURSOR_KEY of
  // its own, cursors are signed with a key derived from it.
  const cursors = createCursorCodec(
    'verba',
    instance,
    config.cursorKey ?? `verba-cursor:${config.apiKey}`,
  );
  const toCall = (answer: VerbaAnswer, includeRaw: boolean) => {
    if (!answer.cdr?.ccdr_id) throw missing(instance, 'a verbacdr record with a ccdr_id');
    return mapVerbaCall(answer.cdr, { instance, timeZone: config.timeZone, includeRaw });
  };

  return {
    kind: 'verba',
    instance,
    capabilities: CAPABILITIES,
    findFilters: VERBA_FIND_FILTERS,
    isCallId: (raw) => CALL_ID.test(raw),

    async get(callId, options, ctx) {
      const answer = await client.call('GetCallInformation', { callID: callId }, ctx);
      return toCall(answer, options.includeRaw);
    },

    async find(query, options, ctx) {
      const windowed = Object.values(query.filters).some((value) => value !== undefined);
      if (query.selector && windowed)
        throw badRequest(
          'Give either a selector (extension + status, platformCallId, nativeId, meetingId) or a time window (since, until), not both.',
        );
      if (!query.selector) {
        return searchVerbaCalls(
          client,
          query,
          { instance, timeZone: config.timeZone, includeRaw: options.includeRaw },
          cursors,
          ctx,
        );
      }
      // A selector finds one call: its page never has a next one, so no cursor can be one
      // this gateway issued.
      if (query.cursor !== undefined)
        throw badRequest(
          'Verba finds one call by a selector and issues no cursor; leave `cursor` out.',
          [{ field: 'query.cursor', message: 'not supported by verba with a selector' }],
        );
      try {
        // GetCallID does not take a meeting id; GetCallInformation does, in one step.
        if ('meetingId' in query.selector) {
          const answer = await client.call(
            'GetCallInformation',
            { meetingID: query.selector.meetingId },
            ctx,
          );
          return { items: [toCall(answer, options.includeRaw)], nextCursor: null };
        }
        const typed: Record<string, string> = query.type ? { type: query.type } : {};
        const found = await client.call(
          'GetCallID',
          { ...targetParams(query.selector), ...typed },
          ctx,
        );
        if (!found.callId) throw missing(instance, 'a CallID element');
        const answer = await client.call('GetCallInformation', { callID: found.callId }, ctx);
        return { items: [toCall(answer, options.includeRaw)], nextCursor: null };
      } catch (error) {
        // A search that matches nothing is an empty page, not a missing resource.
        if (error instanceof GatewayError && error.code === 'not_found')
          return { items: [], nextCursor: null };
        throw error;
      }
    },

    async url(callId, ctx) {
      const answer = await client.call('GetCallURL', { callID: callId }, ctx);
      if (!answer.callUrl) throw missing(instance, 'a CallURL element');
      return answer.callUrl;
    },

    async keep(target, type, ctx) {
      await client.call('KeepCall', { ...targetParams(target), ...(type ? { type } : {}) }, ctx);
    },

    async unmark(target, type, ctx) {
      await client.call(
        'KeepCall',
        { ...targetParams(target), ...(type ? { type } : {}), unmark: '1' },
        ctx,
      );
    },

    async delete(target, ctx) {
      await client.call('DeleteCall', targetParams(target), ctx);
    },

    recordings: (callId, ctx) => recordings.list(callId, ctx),
    audio: (callId, recordingId, request, ctx) =>
      recordings.audio(callId, recordingId, request, ctx),
    liveAudio: (callId, ctx) => recordings.live(callId, ctx),

    async ping(ctx) {
      // Any Verba answer proves the server and the credentials work; "not found" is an answer.
      try {
        await client.call('GetCallURL', { callID: '00000000-0000-0000-0000-000000000000' }, ctx);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'not_found') return;
        throw error;
      }
    },
  };
}

/** The gateway's target → Verba's selector parameters. */
function targetParams(target: CallTarget): Record<string, string> {
  if ('callId' in target) return { callID: target.callId };
  if ('extension' in target)
    return { extension: target.extension, status: target.status.join(',') };
  if ('platformCallId' in target) return { platformCallID: target.platformCallId };
  if ('nativeId' in target) return { nativeID: target.nativeId };
  return { meetingID: target.meetingId };
}

function missing(instance: string, what: string): GatewayError {
  return new GatewayError(
    502,
    'provider_bad_response',
    `Verba instance '${instance}' answered without ${what}.`,
    {
      provider: 'verba',
      instance,
    },
  );
}
