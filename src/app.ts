/**
 * The gateway, built the same way for Node and the Worker: the entry points differ only in
 * what they inject (providers, upstream client, logger, where the docs' assets come from).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Provider } from '../providers/provider.ts';
import type { AppEnv } from './app-env.ts';
import type { AuthSettings } from './auth/keys.ts';
import { authenticate } from './auth/middleware.ts';
import { RoutePolicies } from './auth/policy.ts';
import { GatewayError } from './errors.ts';
import type { HttpClient } from './http/client.ts';
import { createFetchStreamClient } from './http/fetch-stream-client.ts';
import type { StreamClient } from './http/stream.ts';
import { idempotency } from './idempotency/middleware.ts';
import { IdempotencyStore } from './idempotency/store.ts';
import type { Logger } from './logging/logger.ts';
import { audit } from './middleware/audit.ts';
import { requestContext } from './middleware/request-context.ts';
import { requestId } from './middleware/request-id.ts';
import { openApiDocument } from './openapi.ts';
import { asGatewayError, problemResponse } from './problem.ts';
import { ProviderRegistry } from './registry.ts';
import { ReadinessProbes } from './resilience/readiness.ts';
import { RESILIENCE_DEFAULTS, type ResilienceSettings } from './resilience/settings.ts';
import { createInstanceUpstream, type InstanceUpstream } from './resilience/upstream.ts';
import { callsRouter } from './routes/calls.ts';
import { type DocsAssets, docsRouter } from './routes/docs.ts';
import { healthRouter } from './routes/health.ts';
import { providersRouter } from './routes/providers.ts';
import { recordingsRouter } from './routes/recordings.ts';
import { SECURITY_SCHEME, SECURITY_SCHEME_NAME } from './schemas/security.ts';

export interface AppDeps {
  providers: readonly Provider[];
  /** The upstream client. */
  http: HttpClient;
  /** Per-instance override: the Worker routes an instance through its VPC binding. */
  httpFor?: (instance: string) => HttpClient | undefined;
  /** The client for streamed answers (audio); the runtime's fetch when absent. */
  stream?: StreamClient;
  streamFor?: (instance: string) => StreamClient | undefined;
  logger: Logger;
  /** Node serves swagger-ui-dist itself; the Worker leaves it to static assets. */
  docsAssets?: DocsAssets;
  /** Who may call. Required, so no entry point can forget it and run open. */
  auth: AuthSettings;
  /** Per-instance timeouts, retries and breaker; defaults where absent. */
  resilience?: (instance: string) => ResilienceSettings | undefined;
  /** Remembered answers for `Idempotency-Key`; one per process (Node) or isolate (Worker). */
  idempotency?: IdempotencyStore;
  /** Least time between two readiness probes of one instance (READY_PROBE_INTERVAL_MS). */
  readyProbeIntervalMs?: number;
  /** Milliseconds since the epoch, for the breakers and readiness; injectable for tests. */
  now?: () => number;
}

/** Request bodies are tiny selectors; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

export function createApp(deps: AppDeps) {
  const registry = new ProviderRegistry(deps.providers);
  // Built once per instance: its breaker must see every request to it.
  const upstreams = new Map<string, InstanceUpstream>();
  const stream = deps.stream ?? createFetchStreamClient();
  const upstreamFor = (instance: string) => {
    let upstream = upstreams.get(instance);
    if (!upstream) {
      upstream = createInstanceUpstream(deps.httpFor?.(instance) ?? deps.http, {
        instance,
        settings: deps.resilience?.(instance) ?? RESILIENCE_DEFAULTS,
        logger: deps.logger,
        stream: deps.streamFor?.(instance) ?? stream,
        ...(deps.now ? { now: deps.now } : {}),
      });
      upstreams.set(instance, upstream);
    }
    return upstream;
  };
  const policies = new RoutePolicies(['/docs', '/openapi.json']);
  const readiness = new ReadinessProbes({
    ...(deps.readyProbeIntervalMs === undefined ? {} : { intervalMs: deps.readyProbeIntervalMs }),
    ...(deps.now ? { now: deps.now } : {}),
  });

  const app = new OpenAPIHono<AppEnv>({ strict: false });
  app.use('*', requestId);
  app.use('*', requestContext(deps.logger, registry, upstreamFor));
  app.use('*', audit(policies, MAX_BODY_BYTES));
  app.use('*', authenticate(deps.auth, policies));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new GatewayError(
        413,
        'payload_too_large',
        `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
      );
    },
  });
  // A GET or HEAD request has no body to limit, and asking for one makes the Node adapter
  // build a full WHATWG Request on the hottest path.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );
  app.use(
    '*',
    idempotency(deps.idempotency ?? new IdempotencyStore(deps.now ? { now: deps.now } : {})),
  );

  app.route('/', callsRouter);
  app.route('/', recordingsRouter);
  app.route('/', providersRouter);
  app.route('/', healthRouter(readiness));
  app.route('/', docsRouter(deps.docsAssets));

  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME_NAME, SECURITY_SCHEME);
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(app);
    return c.json(document);
  });
  policies.load(app.openAPIRegistry.definitions);

  app.notFound((c) =>
    problemResponse(
      new GatewayError(404, 'route_not_found', `No route for ${c.req.method} ${c.req.path}.`),
      c.get('requestId'),
    ),
  );
  app.onError((error, c) => {
    const gatewayError =
      error instanceof HTTPException ? fromHttpException(error) : asGatewayError(error);
    const log = c.get('log') ?? deps.logger;
    if (gatewayError.status >= 500 && gatewayError.code === 'internal_error') {
      log.error({ err: { message: error.message, stack: error.stack } }, 'unhandled error');
    }
    return problemResponse(gatewayError, c.get('requestId'));
  });
  return app;
}

/** Hono's own 400s (malformed JSON body) join the error model. */
function fromHttpException(error: HTTPException): GatewayError {
  if (error.status === 400)
    return new GatewayError(400, 'bad_request', error.message || 'Malformed request.');
  if (error.status === 415)
    return new GatewayError(
      415,
      'unsupported_media_type',
      'Send the request body as application/json.',
    );
  return new GatewayError(
    error.status,
    error.status === 413 ? 'payload_too_large' : 'bad_request',
    error.message,
  );
}
