/**
 * Reading a call in the background (watched calls), outside any caller's request: through
 * the instance's polling client (within its request cap, never reported to its breaker),
 * fresh from the provider rather than from the call cache.
 */
import type { Call } from '../core/call.ts';
import type { Logger } from '../core/logger.ts';
import type { OperationContext } from '../core/provider.ts';
import { IDS_ONLY_TRACER } from '../core/telemetry.ts';
import type { Instance } from '../instances/instance.ts';

export type CallPoller = (gatewayId: string) => Promise<Call>;

export function callPoller(instances: readonly Instance[], logger: Logger): CallPoller {
  const byName = new Map(instances.map((instance) => [instance.name, instance]));
  return async (gatewayId) => {
    const separator = gatewayId.indexOf('_');
    const instance = byName.get(gatewayId.slice(0, separator));
    const callId = gatewayId.slice(separator + 1);
    if (!instance?.provider.get || !instance.provider.isCallId(callId))
      throw new Error(`no instance can read ${gatewayId}`);
    const requestId = crypto.randomUUID();
    const ctx: OperationContext = {
      requestId,
      log: logger.child({ requestId, poll: gatewayId }),
      span: IDS_ONLY_TRACER.startRequest('poll call', null),
      http: instance.upstream.forProbe(instance.upstream.poll),
      stream: instance.upstream.stream,
    };
    return instance.provider.get(callId, { includeRaw: false, maxAgeSeconds: 0 }, ctx);
  };
}

/** One instance's calls that began in a window: what the call.started poller reads. */
export type StartedSearch = (instance: string, since: number, until: number) => Promise<Call[]>;

/**
 * The instances whose history can be searched by time (`search` capability), and the search:
 * Verba SearchCalls for ongoing calls, CallFire QueryCalls by interval; same client as polls.
 */
export function startedSearch(
  instances: readonly Instance[],
  logger: Logger,
): { instances: string[]; search: StartedSearch } {
  const searchable = instances.filter((i) => i.provider.capabilities.includes('search'));
  const byName = new Map(searchable.map((instance) => [instance.name, instance]));
  return {
    instances: searchable.map((i) => i.name),
    search: async (name, since, until) => {
      const instance = byName.get(name);
      if (!instance?.provider.find) return [];
      const requestId = crypto.randomUUID();
      const ctx: OperationContext = {
        requestId,
        log: logger.child({ requestId, poll: name }),
        span: IDS_ONLY_TRACER.startRequest('poll new calls', null),
        http: instance.upstream.forProbe(instance.upstream.poll),
        stream: instance.upstream.stream,
      };
      const page = await instance.provider.find(
        {
          limit: 100,
          filters: {
            since: new Date(since).toISOString(),
            until: new Date(until).toISOString(),
            // Verba searches ongoing or recorded calls: a new call is an ongoing one.
            ...(instance.kind === 'verba' ? { state: 'in_progress' } : {}),
          },
        },
        { includeRaw: false, maxAgeSeconds: 0 },
        ctx,
      );
      return page.items;
    },
  };
}
