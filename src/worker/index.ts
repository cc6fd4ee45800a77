/**
 * The Cloudflare Worker: the same gateway, configured from its bindings and secrets, with the
 * runtime's fetch (or an instance's VPC service binding) as the upstream client. `Env`,
 * `Fetcher` and `ExecutionContext` are the types `wrangler types` generated from
 * wrangler.toml (worker-configuration.d.ts; `npm run typecheck:worker` checks it is current).
 */
import { Hono } from 'hono';
import { createGateway } from '../app.ts';
import { ConfigError, type GatewayConfig, loadConfig, type Variables } from '../config.ts';
import { GatewayError } from '../core/errors.ts';
import { problemResponse } from '../core/problem.ts';
import type { StreamClient } from '../core/stream.ts';
import { IDS_ONLY_TRACER, NO_METRICS } from '../core/telemetry.ts';
import type { HttpClient } from '../core/upstream.ts';
import { createFetchClient } from '../http/fetch-client.ts';
import { createFetchStreamClient } from '../http/fetch-stream-client.ts';
import { analyticsEngineMetrics } from './analytics-engine.ts';
import { createConsoleLogger } from './console-logger.ts';

import { createDurableObjectState, type StateBindings } from './durable-objects.ts';
import {
  CallWatchBase,
  durableObjectEvents,
  type EventBindings,
  EventHubBase,
} from './event-objects.ts';

// The Durable Object classes wrangler.toml binds must be exported by the main module.
export { IdempotencyShard, ProviderInstanceState } from './durable-objects.ts';

declare module '../core/env.ts' {
  /** On the Worker, the Hono env's bindings are wrangler.toml's, as generated. */
  interface Bindings extends Env {}
}

type FetchHandler = (
  request: Request,
  env: Variables,
  ctx: ExecutionContext,
) => Response | Promise<Response>;

// Built once per isolate: bindings do not change while it lives, and the token cache must survive requests.
let handler: FetchHandler | undefined;

export interface WorkerOptions {
  /**
   * Names every Durable Object of the gateway's state with this prefix: gateways built with
   * different prefixes share nothing, as separate deployments would (the tests' isolation).
   */
  statePrefix?: string;
}

export function buildWorkerApp(env: Variables, options: WorkerOptions = {}): FetchHandler {
  let config: GatewayConfig;
  let viaBinding: Map<string, Clients>;
  let bindings: StateBindings;
  try {
    config = loadConfig(env);
    viaBinding = vpcClients(config, env);
    bindings = stateBindings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return misconfigured(error);
  }
  const logger = createConsoleLogger(config.logLevel);
  if (config.auth.open && config.auth.openReason === 'GATEWAY_AUTH=off') {
    logger.warn({ auth: 'off' }, 'GATEWAY_AUTH=off: every caller may read, keep and delete calls');
  }
  const dataset: unknown = Reflect.get(env, 'METRICS');
  const app = createGateway(config, {
    http: createFetchClient(),
    httpFor: (instance) => viaBinding.get(instance.name)?.http,
    stream: createFetchStreamClient(),
    streamFor: (instance) => viaBinding.get(instance.name)?.stream,
    logger,
    state: createDurableObjectState(bindings, {
      maxPerScope: config.idempotencyMaxEntries,
      ...(options.statePrefix ? { prefix: options.statePrefix } : {}),
    }),
    // Cloudflare traces the Worker itself ([observability.traces] in wrangler.toml); the
    // gateway's spans carry ids only, for the logs and the providers.
    telemetry: {
      metrics: config.metrics && isDataset(dataset) ? analyticsEngineMetrics(dataset) : NO_METRICS,
      tracer: IDS_ONLY_TRACER,
    },
    metrics: {
      notServed:
        'This gateway runs on Workers: its counters go to Workers Analytics Engine, not to /metrics.',
    },
    ...eventsOf(env, config, options),
  });
  return (request, workerEnv, ctx) => app.fetch(request, workerEnv, ctx);
}

/** A watched call's object: its instances come from the configuration, as the gateway's do. */
export class CallWatchObject extends CallWatchBase {
  protected configure(vars: Variables) {
    return loadConfig(vars).instances;
  }
}

/** The deployment's event hub: it polls the configured instances for call.started. */
export class EventHub extends EventHubBase {
  protected configure(vars: Variables) {
    return loadConfig(vars).instances;
  }
}

/** Events where their two namespaces are bound; without them the events' routes are 503s. */
function eventsOf(env: Variables, config: GatewayConfig, options: WorkerOptions) {
  const hub: unknown = Reflect.get(env, 'EVENT_HUB');
  const calls: unknown = Reflect.get(env, 'CALL_WATCH');
  if (!isNamespace(hub) || !isNamespace(calls)) return {};
  const bindings = { EVENT_HUB: hub, CALL_WATCH: calls } as unknown as EventBindings;
  return { events: durableObjectEvents(bindings, env, config.events, options.statePrefix) };
}

/** The Durable Object namespaces of the gateway's state, which wrangler.toml declares. */
function stateBindings(env: Variables): StateBindings {
  const names = ['IDEMPOTENCY', 'INSTANCE_STATE'] as const;
  const missing = names.filter((name) => !isNamespace(Reflect.get(env, name)));
  if (missing.length) {
    throw new ConfigError(
      missing.map(
        (name) =>
          `${name}: no Durable Object namespace bound under this name (wrangler.toml declares it with its migration)`,
      ),
    );
  }
  return env as StateBindings;
}

const isNamespace = (value: unknown): value is DurableObjectNamespace =>
  typeof value === 'object' &&
  value !== null &&
  'getByName' in value &&
  typeof value.getByName === 'function';

/** Each instance that names a VPC service binding reaches its provider through it alone. */
function vpcClients(config: GatewayConfig, env: Variables): Map<string, Clients> {
  const clients = new Map<string, Clients>();
  for (const instance of config.instances) {
    if (!instance.vpcBinding) continue;
    const binding: unknown = Reflect.get(env, instance.vpcBinding);
    if (!isFetcher(binding)) {
      throw new ConfigError([
        `${instance.prefix}_VPC_BINDING: no service binding named '${instance.vpcBinding}'`,
      ]);
    }
    const viaBinding = (url: string, init: RequestInit) => binding.fetch(url, init);
    clients.set(instance.name, {
      http: createFetchClient(viaBinding),
      stream: createFetchStreamClient(viaBinding),
    });
  }
  return clients;
}

const isDataset = (value: unknown): value is AnalyticsEngineDataset =>
  typeof value === 'object' &&
  value !== null &&
  'writeDataPoint' in value &&
  typeof value.writeDataPoint === 'function';

/** An instance's clients through its binding: buffered documents, and streamed audio. */
interface Clients {
  http: HttpClient;
  stream: StreamClient;
}

const isFetcher = (value: unknown): value is Fetcher =>
  typeof value === 'object' &&
  value !== null &&
  'fetch' in value &&
  typeof value.fetch === 'function';

/** Without a valid configuration, every request says why (variable names only, never values). */
function misconfigured(error: ConfigError): FetchHandler {
  console.error(JSON.stringify({ level: 50, msg: 'invalid configuration', errors: error.lines }));
  const app = new Hono();
  app.all('*', () =>
    problemResponse(
      new GatewayError(
        500,
        'internal_error',
        `The gateway is misconfigured: ${error.lines.join('; ')}`,
      ),
      crypto.randomUUID(),
    ),
  );
  return (request) => app.fetch(request);
}

export default {
  fetch(request, env, ctx) {
    handler ??= buildWorkerApp(env);
    return handler(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
