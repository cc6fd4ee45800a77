import { badRequest, GatewayError, notImplemented, unknownInstance } from '../core/errors.ts';
import type { Capability, Provider } from '../core/provider.ts';

/** The configured provider instances, and how a gateway id `<instance>_<callId>` finds one. */
export class ProviderRegistry {
  private readonly byInstance: Map<string, Provider>;

  constructor(providers: readonly Provider[]) {
    this.byInstance = new Map(providers.map((p) => [p.instance, p]));
  }

  list(): Provider[] {
    return [...this.byInstance.values()];
  }

  /** The named instance; unknown names are a 404 on /providers/{instance}, a 400 elsewhere. */
  instance(name: string, status: 400 | 404 = 400): Provider {
    const provider = this.byInstance.get(name);
    if (!provider) throw unknownInstance(name, status);
    return provider;
  }

  /** Splits and checks a gateway id before anything reaches a provider. */
  resolve(id: string): { provider: Provider; callId: string } {
    const separator = id.indexOf('_');
    const instanceName = separator > 0 ? id.slice(0, separator) : '';
    const callId = id.slice(separator + 1);
    if (!/^[a-z][a-z0-9-]*$/.test(instanceName) || !callId) {
      throw badRequest(
        "A call id is '<instance>_<providerCallId>', e.g. verba_a8343631-9f35-4a3a-83f0-9e81592339fb.",
        [{ field: 'path.id', message: 'must be <instance>_<providerCallId>' }],
      );
    }
    const provider = this.byInstance.get(instanceName);
    if (!provider) {
      const error = unknownInstance(instanceName);
      throw new GatewayError(400, error.code, error.message, {
        ...error.extras,
        errors: [{ field: 'path.id', message: `no provider instance '${instanceName}'` }],
      });
    }
    if (!provider.isCallId(callId)) {
      throw badRequest(`'${truncate(callId)}' is not a ${provider.kind} call id.`, [
        { field: 'path.id', message: `not a ${provider.kind} call id` },
      ]);
    }
    return { provider, callId };
  }
}

/** The provider's implementation of an operation, or the 501 that says it has none. */
export function operationOf<K extends keyof Provider & Capability>(
  provider: Provider,
  capability: K,
): NonNullable<Provider[K]> {
  const op = provider[capability];
  if (!op || !provider.capabilities.includes(capability)) {
    throw notImplemented(provider.kind, provider.instance, capability, provider.capabilities);
  }
  return (op as (...args: unknown[]) => unknown).bind(provider) as NonNullable<Provider[K]>;
}

const truncate = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);
