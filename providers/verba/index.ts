/**
 * The Verba Recording System adapter over Verba's action API. Read top to bottom: the kind
 * (its settings and secrets), the adapter's operations, then how a target becomes query
 * parameters. Requests and Verba's codes are in client.ts, the CDR mapping in mapping.ts,
 * the XML in xml.ts, the local stand-in server in sandbox/.
 */
import { answeredWithout } from '../../src/core/adapt.ts';
import { badRequest } from '../../src/core/errors.ts';
import { defineKind, type KindDefinition } from '../../src/core/kind.ts';
import { CURSOR_KEY_NAME, createCursorCodec } from '../../src/core/page-cursor.ts';
import type { Adapter, CallTarget } from '../../src/core/provider.ts';
import { processKeys } from '../../src/core/state/named-keys.ts';
import { VerbaClient } from './client.ts';
import { readVerbaConfig, type VerbaConfig } from './config.ts';
import { mapVerbaCall } from './mapping.ts';
import { VerbaRecordings } from './recordings.ts';
import { searchVerbaCalls, VERBA_FIND_FILTERS } from './search.ts';
import type { VerbaAnswer } from './xml.ts';

/** Verba's call ids are GUIDs: `a8343631-9f35-4a3a-83f0-9e81592339fb`. */
const CALL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const verba: KindDefinition<VerbaConfig> = {
  kind: 'verba',
  label: 'Verba',
  defaultPrefix: 'VERBA',
  presenceSuffix: 'BASE_URL',
  readConfig: readVerbaConfig,
  secrets: (config) => {
    const login = config.credentials;
    return [
      config.apiKey,
      config.fixedToken,
      config.cursorKey,
      login?.userName,
      login?.password,
      login && `${login.userName}:${login.password}`,
    ];
  },
  adapter: (origin, config, deps): Adapter => {
    const client = new VerbaClient(origin, config, deps);
    const recordings = new VerbaRecordings(client, origin.instance, config.timeZone);
    const keys = deps.keys ?? processKeys();
    const cursors = createCursorCodec(
      'verba',
      origin.instance,
      config.cursorKey ?? (() => keys.getOrCreate(CURSOR_KEY_NAME)),
    );
    const toCall = (answer: VerbaAnswer, includeRaw: boolean) => {
      if (!answer.cdr?.ccdr_id) throw answeredWithout('a verbacdr record with a ccdr_id');
      return mapVerbaCall(answer.cdr, {
        instance: origin.instance,
        timeZone: config.timeZone,
        includeRaw,
      });
    };

    return {
      isCallId: (raw) => CALL_ID.test(raw),
      writesBySelector: true,
      findFilters: VERBA_FIND_FILTERS,

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
            {
              instance: origin.instance,
              timeZone: config.timeZone,
              includeRaw: options.includeRaw,
            },
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
        if (!found.callId) throw answeredWithout('a CallID element');
        const answer = await client.call('GetCallInformation', { callID: found.callId }, ctx);
        return { items: [toCall(answer, options.includeRaw)], nextCursor: null };
      },

      async url(callId, ctx) {
        const answer = await client.call('GetCallURL', { callID: callId }, ctx);
        if (!answer.callUrl) throw answeredWithout('a CallURL element');
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
        await client.call('GetCallURL', { callID: '00000000-0000-0000-0000-000000000000' }, ctx);
      },
    };
  },
};

export const verbaKind = defineKind(verba);

/** The gateway's target → Verba's selector parameters. */
function targetParams(target: CallTarget): Record<string, string> {
  if ('callId' in target) return { callID: target.callId };
  if ('extension' in target)
    return { extension: target.extension, status: target.status.join(',') };
  if ('platformCallId' in target) return { platformCallID: target.platformCallId };
  if ('nativeId' in target) return { nativeID: target.nativeId };
  return { meetingID: target.meetingId };
}
