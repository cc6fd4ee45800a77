/**
 * The Cloudflare Worker: the same app, configured from bindings and secrets, with the
 * runtime's fetch (or an instance's VPC service binding) as the upstream client.
 */
import { Hono } from 'hono';
import { createGateway } from './app.ts';
import { ConfigError, type Variables as Env, loadConfig } from './config.ts';
import { GatewayError } from './core/errors.ts';
import { problemResponse } from './core/problem.ts';
import type { HttpClient } from './core/upstream.ts';
import { createFetchClient } from './http/fetch-client.ts';
import { createConsoleLogger } from './logging/console-logger.ts';

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
  for (const instance of config.instances) {
    if (!instance.vpcBinding) continue;
    const binding = Reflect.get(env, instance.vpcBinding) as Fetcher | undefined;
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
  }
  if (config.auth.open && config.auth.openReason === 'GATEWAY_AUTH=off') {
    logger.warn({ auth: 'off' }, 'GATEWAY_AUTH=off: every caller may read, keep and delete calls');
  }
  const app = createGateway(config, {
    http,
    httpFor: (instance) => viaBinding.get(instance.name),
    logger,
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
