/**
 * One record per configured provider instance, built once for the life of the process (Node)
 * or isolate (Worker) by buildInstances, which every entry point reaches through
 * createGateway: its name and kind, its adapter (as a Provider), and the resilient upstream
 * that holds its settings, its breaker and its request budget. What the instance shares
 * beyond one process or isolate (token, breaker, budget) is held by the gateway's state.
 */

import type { CallCacheOptions } from '../cache/call-cache.ts';
import { withCallCache } from '../cache/call-cache.ts';
import type { ConfiguredInstance, ProviderDeps } from '../core/kind.ts';
import type { Logger } from '../core/logger.ts';
import type { Provider } from '../core/provider.ts';
import type { GatewayState } from '../core/state/types.ts';
import type { StreamClient } from '../core/stream.ts';
import type { Metrics } from '../core/telemetry.ts';
import type { HttpClient } from '../core/upstream.ts';
import type { ResilienceSettings } from '../resilience/settings.ts';
import { StreamBudget } from '../resilience/stream-budget.ts';
import { createInstanceUpstream, type InstanceUpstream } from '../resilience/upstream.ts';

/** An instance as the configuration describes it (see src/config.ts). */
export class InstanceConfig {
  readonly name: string;
  readonly kind: string;
  /** Prefix of this instance's variables (`VERBA`, `VERBA_EU`, …). */
  readonly prefix: string;
  /** The kind's own parsed settings. */
  readonly settings: unknown;
  /** Worker only: the VPC service binding that reaches this instance's private network. */
  readonly vpcBinding: string | null;
  /** Timeouts, size cap, retries and breaker, from `<PREFIX>_…` whatever the kind. */
  readonly resilience: ResilienceSettings;
  // Private, so the record compares and prints as the settings it holds.
  readonly #configured: ConfiguredInstance;

  constructor(
    fields: Pick<InstanceConfig, 'name' | 'kind' | 'prefix' | 'vpcBinding' | 'resilience'>,
    configured: ConfiguredInstance,
  ) {
    this.name = fields.name;
    this.kind = fields.kind;
    this.prefix = fields.prefix;
    this.settings = configured.settings;
    this.vpcBinding = fields.vpcBinding;
    this.resilience = fields.resilience;
    this.#configured = configured;
  }

  /** The kind's adapter for these settings, behind the core's plumbing. */
  createProvider(deps: ProviderDeps): Provider {
    return this.#configured.createProvider(deps);
  }
}

export interface Instance {
  readonly name: string;
  readonly kind: string;
  /** The kind's adapter behind the core's plumbing and, unless CALL_CACHE=off, the call cache. */
  readonly provider: Provider;
  /** Its timeouts, size cap, retries and circuit breaker, around the runtime's client. */
  readonly upstream: InstanceUpstream;
  readonly settings: ResilienceSettings;
  /** Audio streams relayed now, in all and per key (`<PREFIX>_MAX_STREAMS…`). */
  readonly streams: StreamBudget;
}

/** What the runtime gives every instance. */
export interface InstanceRuntime {
  /** The upstream client: undici on Node, fetch on the Worker. */
  http: HttpClient;
  /** An instance's own client instead, where it has one (a Worker's VPC service binding). */
  httpFor?: (instance: InstanceConfig) => HttpClient | undefined;
  /** The client for streamed answers (audio): undici on Node, fetch on the Worker. */
  stream: StreamClient;
  /** An instance's own streamed client, where it has one (a VPC service binding). */
  streamFor?: (instance: InstanceConfig) => StreamClient | undefined;
  logger: Logger;
  /** Milliseconds since the epoch, for tokens, caches and breakers; injectable for tests. */
  now: () => number;
  /** What outlives a request: Durable Objects on the Worker, node:sqlite on Node. */
  state: GatewayState;
  /** Where tokens, cache reads and breaker transitions are counted. */
  metrics: Metrics;
}

export function buildInstances(
  instances: readonly InstanceConfig[],
  callCache: CallCacheOptions | null,
  runtime: InstanceRuntime,
): Instance[] {
  const { logger, now, state, metrics } = runtime;
  return instances.map((instance) => {
    const held = state.instance(instance.name);
    const keys = { getOrCreate: (name: string) => held.key(name) };
    const adapted = instance.createProvider({ now, tokens: held, metrics, keys });
    const { breakerSyncMs, maxRps } = instance.resilience;
    return {
      name: instance.name,
      kind: instance.kind,
      provider: callCache ? withCallCache(adapted, { ...callCache, now, metrics }) : adapted,
      upstream: createInstanceUpstream(runtime.httpFor?.(instance) ?? runtime.http, {
        instance: instance.name,
        settings: instance.resilience,
        logger,
        metrics,
        now,
        state: held,
        scope: state.scope,
        // The breaker's view is held in memory and read from the holder at most once per
        // interval (and at once whenever a report moves it), so a healthy read asks the
        // holder nothing: no SQLite statement on Node, no object request on the Worker.
        breakerSyncMs,
        permitBatch: maxRps === null ? 1 : state.permitBatch(maxRps),
        stream: runtime.streamFor?.(instance) ?? runtime.stream,
      }),
      settings: instance.resilience,
      streams: new StreamBudget(
        instance.resilience.maxStreams,
        instance.resilience.maxStreamsPerKey,
      ),
    };
  });
}
