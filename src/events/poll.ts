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
import type { NewEvent } from './event.ts';

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

/** How far back each search for new calls reaches before the last one's end. */
export const STARTED_LOOKBACK_MS = 2 * 60 * 1000;

/** What one round of call.started polling needs of the event store. */
export interface StartedStore {
  firstStart(callId: string): boolean;
  record(input: NewEvent): { deliveries: number };
}

/**
 * One round of call.started polling, the same on both runtimes: each searchable instance's
 * calls that began in a window sliding back over the last rounds (`lastUntil`, per
 * instance), each announced once however many rounds see it. Returns the deliveries made.
 */
export async function pollStartedOnce(
  store: StartedStore,
  started: { instances: string[]; search: StartedSearch },
  lastUntil: Map<string, number>,
  now: () => number,
  log: Logger,
): Promise<number> {
  let deliveries = 0;
  for (const instance of started.instances) {
    const until = now();
    // Overlapping windows: a call the provider lists late is still found.
    const since = Math.min(lastUntil.get(instance) ?? until, until) - STARTED_LOOKBACK_MS;
    try {
      const calls = await started.search(instance, since, until);
      lastUntil.set(instance, until);
      for (const call of calls) {
        if (!store.firstStart(call.id)) continue;
        deliveries += store.record({
          type: 'call.started',
          data: { call },
          callId: call.id,
          instance,
          owner: null,
        }).deliveries;
      }
    } catch (error) {
      log.warn(
        { instance, err: { message: (error as Error).message } },
        'polling new calls failed',
      );
    }
  }
  return deliveries;
}
