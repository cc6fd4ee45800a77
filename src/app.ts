/**
 * The gateway, built the same way for Node, the Worker and the tests: createGateway takes the
 * configuration and what the runtime provides (upstream client, logger, where the docs'
 * assets come from) and builds one record per provider instance, then the app over them.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { createLinkSigner } from './audio-links/signed-link.ts';
import { audioLinkKey } from './audio-links/signing-key.ts';
import type { AuthSettings } from './auth/keys.ts';
import { authenticate } from './auth/middleware.ts';
import { RoutePolicies } from './auth/policy.ts';
import type { GatewayConfig } from './config.ts';
import type { AppEnv } from './core/env.ts';
import { GatewayError } from './core/errors.ts';
import type { Logger } from './core/logger.ts';
import { asGatewayError, problemResponse } from './core/problem.ts';
import type { IdempotencyRecords } from './core/state/types.ts';
import type { StreamClient } from './core/stream.ts';
import { NO_TELEMETRY, type Telemetry } from './core/telemetry.ts';
import { callPoller, startedSearch } from './events/poll.ts';
import type { EventsFactory, EventsService } from './events/service.ts';
import { createFetchStreamClient } from './http/fetch-stream-client.ts';
import { idempotency } from './idempotency/middleware.ts';
import { buildInstances, type Instance, type InstanceRuntime } from './instances/instance.ts';
import { InstanceRegistry } from './instances/registry.ts';
import { admission } from './middleware/admission.ts';
import { requestContext } from './middleware/request-context.ts';
import { openApiDocument } from './openapi.ts';
import { ReadinessProbes } from './resilience/readiness.ts';
import { AllowedMethods } from './routes/allowed-methods.ts';
import { type AudioLinkDeps, audioLinksRouter } from './routes/audio-links.ts';
import { callsRouter } from './routes/calls.ts';
import { type DocsAssets, docsRouter } from './routes/docs.ts';
import { eventsRouter, writeEvents } from './routes/events.ts';
import { healthRouter } from './routes/health.ts';
import { type MetricsEndpoint, metricsRouter } from './routes/metrics.ts';
import { providersRouter } from './routes/providers.ts';
import { recordingsRouter } from './routes/recordings.ts';
import { registerEventWebhooks, webhooksRouter } from './routes/webhooks.ts';
import { SECURITY_SCHEME, SECURITY_SCHEME_NAME } from './schemas/security.ts';

export interface GatewayRuntime extends Omit<InstanceRuntime, 'now' | 'stream' | 'metrics'> {
  /** The client for streamed answers (audio); the runtime's fetch when absent. */
  stream?: StreamClient;
  /** Node serves swagger-ui-dist itself; the Worker leaves it to static assets. */
  docsAssets?: DocsAssets;
  /** Milliseconds since the epoch, for tokens, caches, breakers and readiness. */
  now?: () => number;
  /** Metrics and traces; without them spans still carry ids, for logs and providers. */
  telemetry?: Telemetry;
  /** `GET /metrics`: the exposition where the runtime keeps one, or why there is none. */
  metrics?: MetricsEndpoint;
  /** Events and webhooks (src/events/): the runtime's own; without it their routes are 503s. */
  events?: EventsFactory;
}

/** The gateway for a configuration: its instances, built once, and the app over them. */
export function createGateway(config: GatewayConfig, runtime: GatewayRuntime) {
  const now = runtime.now ?? Date.now;
  const telemetry = runtime.telemetry ?? NO_TELEMETRY;
  const instances = buildInstances(config.instances, config.callCache, {
    ...runtime,
    stream: runtime.stream ?? createFetchStreamClient(),
    now,
    metrics: telemetry.metrics,
  });
  const poll = callPoller(instances, runtime.logger);
  return createApp({
    instances,
    events:
      runtime.events?.({
        poll,
        started: startedSearch(instances, runtime.logger),
        logger: runtime.logger,
      }) ?? null,
    poll,
    logger: runtime.logger,
    telemetry,
    metrics: runtime.metrics ?? { notServed: 'This gateway serves no /metrics.' },
    auth: config.auth,
    ...(runtime.docsAssets ? { docsAssets: runtime.docsAssets } : {}),
    // Held by the gateway's state, so a repeat is recognized wherever and whenever it lands.
    idempotency: runtime.state.idempotency,
    // Its last probes outlive the request that asked for them.
    readiness: new ReadinessProbes({ now, intervalMs: config.readyProbeIntervalMs }),
    audioLinks: {
      signer: createLinkSigner(audioLinkKey(config.audioLinkKey, runtime.state.keys)),
      now,
      mayListen: (name) =>
        name === null
          ? config.auth.open
          : config.auth.keys.some(
              (key) => key.name === name && key.scopes.includes('recordings:read'),
            ),
    },
  });
}

interface AppDeps {
  instances: readonly Instance[];
  logger: Logger;
  docsAssets?: DocsAssets;
  /** Who may call. Required, so no entry point can forget it and run open. */
  auth: AuthSettings;
  idempotency: IdempotencyRecords;
  readiness: ReadinessProbes;
  telemetry: Telemetry;
  metrics: MetricsEndpoint;
  audioLinks: AudioLinkDeps;
  events: EventsService | null;
  poll: ReturnType<typeof callPoller>;
}

/** Request bodies are tiny selectors; anything larger is refused before parsing. */
const MAX_BODY_BYTES = 16 * 1024;

function createApp(deps: AppDeps) {
  const registry = new InstanceRegistry(deps.instances);
  const policies = new RoutePolicies(['/docs', '/openapi.json']);

  const app = new OpenAPIHono<AppEnv>({ strict: false });
  app.use(
    '*',
    requestContext({
      logger: deps.logger,
      registry,
      telemetry: deps.telemetry,
      policies,
      maxBodyBytes: MAX_BODY_BYTES,
    }),
  );
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
  // A GET or HEAD request skips the write steps: it has no body to limit, and asking for one
  // makes the Node adapter build a full WHATWG Request on the hottest path.
  app.use(
    '*',
    admission(policies, authenticate(deps.auth), [
      limitBody,
      idempotency(deps.idempotency, deps.telemetry.metrics),
      writeEvents(deps.events, deps.poll, deps.logger),
    ]),
  );

  app.route('/', callsRouter);
  app.route('/', recordingsRouter);
  app.route('/', audioLinksRouter(deps.audioLinks));
  app.route('/', providersRouter);
  app.route('/', healthRouter(deps.readiness));
  app.route('/', metricsRouter(deps.metrics));
  app.route('/', docsRouter(deps.docsAssets));
  app.route('/', eventsRouter(deps.events));
  app.route('/', webhooksRouter(deps.events));
  registerEventWebhooks(app);

  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME_NAME, SECURITY_SCHEME);
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(app);
    return c.json(document);
  });
  policies.load(app.openAPIRegistry.definitions);

  const allowed = new AllowedMethods(() => app.routes);
  app.notFound((c) => {
    const methods = allowed.of(c.req.path);
    const error =
      methods.length > 0 && !methods.includes(c.req.method)
        ? new GatewayError(
            405,
            'method_not_allowed',
            `${c.req.path} does not take ${c.req.method}; it takes ${methods.join(', ')}.`,
            {},
            { allow: methods.join(', ') },
          )
        : new GatewayError(404, 'route_not_found', `No route for ${c.req.method} ${c.req.path}.`);
    return problemResponse(error, c.get('requestId'));
  });
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
