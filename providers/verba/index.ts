/**
 * The Verba Recording System adapter over Verba's action API. Read top to bottom: the kind
 * (its settings and secrets), the adapter's operations, then how a target becomes query
 * parameters. Requests and Verba's codes are in client.ts, the CDR mapping in mapping.ts,
 * the XML in xml.ts, the local stand-in server in sandbox/.
 */
import { answeredWithout } from '../../src/core/adapt.ts';
import { badRequest } from '../../src/core/errors.ts';
import { defineKind, type KindDefinition } from '../../src/core/kind.ts';
import type { Adapter, CallTarget } from '../../src/core/provider.ts';
import { VerbaClient } from './client.ts';
import { readVerbaConfig, type VerbaConfig } from './config.ts';
import { mapVerbaCall } from './mapping.ts';
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
      login?.userName,
      login?.password,
      login && `${login.userName}:${login.password}`,
    ];
  },
  adapter: (origin, config, deps): Adapter => {
    const client = new VerbaClient(origin, config, deps);
    const toCall = (answer: VerbaAnswer, includeRaw: boolean) => {
      if (!answer.cdr?.ccdr_id)
        throw answeredWithout(origin, 'Verba', 'a verbacdr record with a ccdr_id');
      return mapVerbaCall(answer.cdr, {
        instance: origin.instance,
        timeZone: config.timeZone,
        includeRaw,
      });
    };

    return {
      isCallId: (raw) => CALL_ID.test(raw),
      writesBySelector: true,

      async get(callId, options, ctx) {
        const answer = await client.call('GetCallInformation', { callID: callId }, ctx);
        return toCall(answer, options.includeRaw);
      },

      async find(query, options, ctx) {
        if (!query.selector)
          throw badRequest(
            'Verba finds one call by a selector: extension + status, platformCallId, nativeId or meetingId.',
          );
        // A Verba page never has a next one, so no cursor can be one this gateway issued.
        if (query.cursor !== undefined)
          throw badRequest('Verba finds one call and issues no cursor; leave `cursor` out.', [
            { field: 'query.cursor', message: 'not supported by verba' },
          ]);
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
        if (!found.callId) throw answeredWithout(origin, 'Verba', 'a CallID element');
        const answer = await client.call('GetCallInformation', { callID: found.callId }, ctx);
        return { items: [toCall(answer, options.includeRaw)], nextCursor: null };
      },

      async url(callId, ctx) {
        const answer = await client.call('GetCallURL', { callID: callId }, ctx);
        if (!answer.callUrl) throw answeredWithout(origin, 'Verba', 'a CallURL element');
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
