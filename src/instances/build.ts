import { findKind } from '../../providers/index.ts';
import { withCallCache } from '../cache/call-cache.ts';
import type { GatewayConfig } from '../config.ts';
import type { ProviderDeps } from '../core/kind.ts';
import type { Provider } from '../core/provider.ts';

export function buildProviders(config: GatewayConfig, deps: ProviderDeps): Provider[] {
  return config.instances.map((instance) => {
    const kind = findKind(instance.kind);
    if (!kind) throw new Error(`unknown provider kind ${instance.kind}`);
    const provider = kind.create(instance.name, instance.settings as never, deps);
    return config.callCache
      ? withCallCache(provider, { ...config.callCache, now: deps.now })
      : provider;
  });
}
