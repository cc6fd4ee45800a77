/**
 * The Node server: `npm start`. Reads the environment, starts the sandboxes when no
 * provider is configured, and serves the gateway until SIGTERM/SIGINT.
 */
import { createGateway } from '../app.ts';
import { ConfigError, type GatewayConfig, type LoadOptions, loadConfig } from '../config.ts';
import type { Logger } from '../core/logger.ts';
import { IDS_ONLY_TRACER, NO_METRICS } from '../core/telemetry.ts';
import { startBanner } from './banner.ts';
import { nodeDocsAssets } from './docs-assets.ts';
import { nodeEvents } from './events.ts';
import { createNodeClient } from './http-client.ts';
import { startTracing, tracingProblems } from './otel.ts';
import { createPinoLogger } from './pino-logger.ts';
import { createPrometheusMetrics } from './prometheus.ts';
import type { Sandboxes } from './sandbox-mode.ts';
import { serveGateway } from './serve.ts';
import { openSqliteState, type SqliteState } from './sqlite-state.ts';
import { createNodeStreamClient } from './stream-client.ts';
import { nodeSender } from './webhook-sender.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config = readConfig(process.env);
  let sandboxes: Sandboxes | undefined;
  if (config.instances.length === 0) {
    // Loaded only here: a configured start never loads the sandboxes.
    sandboxes = await import('./sandbox-mode.ts')
      .then(({ startSandboxes }) => startSandboxes())
      .catch(sandboxesMissing);
    config = readConfig({ ...process.env, ...sandboxes.env }, { sandbox: true });
  }

  const logger = createPinoLogger(config.logLevel);
  const state = openState(config, logger);
  const upstream = createNodeClient();
  const media = createNodeStreamClient();
  // Loaded only when an OTLP endpoint is configured; otherwise spans carry ids alone.
  const tracing = await startTracing(process.env);
  // Webhook deliveries pending in STATE_DB go out as soon as the gateway is built.
  const events = nodeEvents(state.sql, {
    settings: config.events,
    send: nodeSender(config.events.allow),
  });
  const prometheus = config.metrics
    ? createPrometheusMetrics({ instances: config.instances.map((i) => i.name) })
    : null;
  const app = createGateway(config, {
    http: upstream.client,
    stream: media.stream,
    logger,
    docsAssets: nodeDocsAssets(),
    state,
    telemetry: {
      metrics: prometheus?.metrics ?? NO_METRICS,
      tracer: tracing?.tracer ?? IDS_ONLY_TRACER,
    },
    metrics: prometheus ?? { notServed: 'Metrics are off (METRICS=off).' },
    events: events.attach,
  });
  if (tracing) logger.info({ traces: 'OTLP/HTTP' }, 'exporting traces');
  if (config.auth.open) {
    logger.warn(
      { auth: 'off', reason: config.auth.openReason },
      'no API key is required: every caller may read, keep and delete calls',
    );
  }

  // Sandbox mode has no callers but the developer: keep it on loopback.
  const hostname = process.env.HOST || (sandboxes ? '127.0.0.1' : '0.0.0.0');
  const server = serveGateway(
    { fetch: app.fetch, port: config.port, hostname, limits: config.server, logger },
    (info) => {
      const shown = hostname === '0.0.0.0' ? '127.0.0.1' : hostname;
      const base = `http://${shown}:${info.port}`;
      const runtime = `Node ${process.version}`;
      process.stdout.write(
        startBanner({ base, runtime, config, sandboxes, state: state.description }),
      );
    },
  );
  // Only a failure to listen is a start-up failure; later errors are not this handler's.
  const listenFailed = (error: NodeJS.ErrnoException) =>
    cannotStart(listenFailure(error, config.port, hostname));
  server.once('error', listenFailed);
  server.once('listening', () => server.off('error', listenFailed));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await events.close();
      await upstream.close();
      await state.close();
      await media.close();
      // Spans still batched are sent before the process goes.
      await tracing?.shutdown().catch(() => {});
      await sandboxes?.close();
      process.exit(0);
    });
    // Idle keep-alive sockets would hold close() open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function readConfig(env: NodeJS.ProcessEnv, options: LoadOptions = {}): GatewayConfig {
  try {
    const tracing = tracingProblems(env);
    if (tracing.length > 0) throw new ConfigError(tracing);
    return loadConfig(env, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    cannotStart(error.message);
  }
}

function openState(config: GatewayConfig, logger: Logger): SqliteState {
  try {
    return openSqliteState({
      path: config.stateDb,
      maxPerScope: config.idempotencyMaxEntries,
      logger,
    });
  } catch (error) {
    cannotStart(
      `STATE_DB: cannot open ${config.stateDb}: ${(error as Error).message}.\n  Point it at a file in a directory this user may write, or unset it to keep state in memory.`,
    );
  }
}

/**
 * The sandboxes use dev packages (an MP3 encoder for their recordings), which a production
 * install (`npm ci --omit=dev`) leaves out: say so rather than name a missing module.
 */
function sandboxesMissing(error: NodeJS.ErrnoException): never {
  if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  const missing = /Cannot find package '([^']+)'/.exec(error.message)?.[1];
  cannotStart(
    `no provider is configured, and sandbox mode needs the dev packages${missing ? ` (${missing} is not installed)` : ''}.\n  Configure a provider (README, Configuration), or install with \`npm ci\` rather than \`npm ci --omit=dev\` to try the sandboxes.`,
  );
}

/** Start-up failures are the operator's to fix: what went wrong and what to change, no stack. */
function cannotStart(reason: string): never {
  process.stderr.write(`callgate: cannot start, ${reason}\n`);
  process.exit(1);
}

function listenFailure(error: NodeJS.ErrnoException, port: number, hostname: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${hostname} is already in use.\n  Stop what listens there, or set PORT to a free port.`;
    case 'EACCES':
      return `no permission to listen on port ${port}.\n  Set PORT to 1024 or above (lower ports need privileges).`;
    case 'EADDRNOTAVAIL':
      return `${hostname} is not an address of this machine.\n  Set HOST to one of its addresses, or 0.0.0.0 for all of them.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${hostname} does not resolve to an address.\n  Set HOST to an IP address of this machine.`;
    default:
      return `listening on ${hostname}:${port} failed: ${error.code ?? error.message}.\n  Check PORT and HOST.`;
  }
}

await main().catch((error: unknown) =>
  cannotStart(error instanceof Error ? error.message : String(error)),
);
