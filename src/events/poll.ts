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
