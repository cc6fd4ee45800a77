/**
 * The Cloudflare Worker: the same app, configured from bindings and secrets, with the
 * runtime's fetch (or an instance's VPC service binding) as the upstream client.
 */
import { Hono } from 'hono';
import { createApp } from './app.ts';
import { buildProviders } from './build-providers.ts';
import { ConfigError, type Env, loadConfig } from './config.ts';
import { GatewayError } from './errors.ts';
import type { HttpClient } from './http/client.ts';
import { createFetchClient } from './http/fetch-client.ts';
import { createFetchStreamClient } from './http/fetch-stream-client.ts';
import type { StreamClient } from './http/stream.ts';
import { IdempotencyStore } from './idempotency/store.ts';
import { createConsoleLogger } from './logging/console-logger.ts';
import { problemResponse } from './problem.ts';

interface Fetcher {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

type FetchHandler = (
  request: Request,
  env: Env,
  ctx: ExecutionContextLike,
) => Response | Promise<Response>;

// Built once per isolate: bindings do not change while it lives, and the token cache must survive requests.
let handler: FetchHandler | undefined;

export function buildWorkerApp(env: Env): FetchHandler {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return misconfigured(error);
  }
  const logger = createConsoleLogger(config.logLevel);
  const http = createFetchClient();
  const viaBinding = new Map<string, HttpClient>();
  const streamViaBinding = new Map<string, StreamClient>();
  for (const instance of config.instances) {
    if (!instance.vpcBinding) continue;
    const binding = env[instance.vpcBinding] as Fetcher | undefined;
    if (!binding || typeof binding.fetch !== 'function') {
      return misconfigured(
        new ConfigError([
          `${instance.prefix}_VPC_BINDING: no service binding named '${instance.vpcBinding}'`,
        ]),
      );
    }
    viaBinding.set(
      instance.name,
      createFetchClient((url, init) => binding.fetch(url, init)),
    );
    streamViaBinding.set(
      instance.name,
      createFetchStreamClient((url, init) => binding.fetch(url, init)),
    );
  }
  if (config.auth.open && config.auth.openReason === 'GATEWAY_AUTH=off') {
    logger.warn({ auth: 'off' }, 'GATEWAY_AUTH=off: every caller may read, keep and delete calls');
  }
  const app = createApp({
    providers: buildProviders(config, { logger, now: Date.now }),
    http,
    httpFor: (instance) => viaBinding.get(instance),
    stream: createFetchStreamClient(),
    streamFor: (instance) => streamViaBinding.get(instance),
    logger,
    auth: config.auth,
    resilience: (name) => config.instances.find((i) => i.name === name)?.resilience,
    readyProbeIntervalMs: config.readyProbeIntervalMs,
    idempotency: new IdempotencyStore({ maxEntries: config.idempotencyMaxEntries }),
  });
  return (request, workerEnv, ctx) => app.fetch(request, workerEnv, ctx as never);
}

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
  fetch(request: Request, env: Env, ctx: ExecutionContextLike) {
    handler ??= buildWorkerApp(env);
    return handler(request, env, ctx);
  },
};
