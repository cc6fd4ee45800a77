/**
 * The Verba Recording System adapter: the Provider interface over Verba's action API.
 * Read top to bottom: the kind (config), the adapter's operations, then how a target
 * becomes query parameters. Requests and errors are in client.ts, the CDR mapping in
 * mapping.ts, the XML in xml.ts, the local stand-in server in sandbox.ts.
 */
import { badRequest, GatewayError } from '../../src/core/errors.ts';
import type { ProviderKind } from '../../src/core/kind.ts';
import type { CallTarget, Capability, Provider } from '../../src/core/provider.ts';
import { VerbaClient } from './client.ts';
import { readVerbaConfig, VERBA_SUFFIXES, type VerbaConfig } from './config.ts';
import { mapVerbaCall } from './mapping.ts';
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
  const toCall = (answer: VerbaAnswer, includeRaw: boolean) => {
    if (!answer.cdr?.ccdr_id) throw missing(instance, 'a verbacdr record with a ccdr_id');
    return mapVerbaCall(answer.cdr, { instance, timeZone: config.timeZone, includeRaw });
  };

  return {
    kind: 'verba',
    instance,
    capabilities: CAPABILITIES,
    isCallId: (raw) => CALL_ID.test(raw),

    async get(callId, options, ctx) {
      const answer = await client.call('GetCallInformation', { callID: callId }, ctx);
      return toCall(answer, options.includeRaw);
    },

    async find(query, options, ctx) {
      if (!query.selector)
        throw badRequest(
          'Verba finds one call by a selector: extension + status, platformCallId, nativeId or meetingId.',
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
