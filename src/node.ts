/**
 * The Node server: `npm start`. Reads the environment, starts the sandboxes when no
 * provider is configured, and serves the gateway until SIGTERM/SIGINT.
 */
import { createGateway } from './app.ts';
import { ConfigError, type GatewayConfig, type LoadOptions, loadConfig } from './config.ts';
import { IDS_ONLY_TRACER, NO_METRICS } from './core/telemetry.ts';
import { nodeEvents } from './events/node-events.ts';
import { nodeSender } from './events/node-sender.ts';
import { createNodeClient } from './http/node-client.ts';
import { createNodeStreamClient } from './http/node-stream-client.ts';
import { createPinoLogger } from './logging/pino-logger.ts';
import { nodeDocsAssets } from './node-docs-assets.ts';
import { serveGateway } from './node-serve.ts';
import { startTracing, tracingProblems } from './observability/otel.ts';
import { createPrometheusMetrics } from './observability/prometheus.ts';
import type { Sandboxes } from './sandbox-mode.ts';
import { openSqliteState, type SqliteState } from './state/sqlite.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config = readConfig(process.env);
  let sandboxes: Sandboxes | undefined;
  if (config.instances.length === 0) {
    // Loaded only here: a configured start never loads the sandboxes.
    const { startSandboxes } = await import('./sandbox-mode.ts');
    sandboxes = await startSandboxes();
    config = readConfig({ ...process.env, ...sandboxes.env }, { sandbox: true });
  }

  const logger = createPinoLogger(config.logLevel);
  const state = openState(config);
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
      printBanner(`http://${shown}:${info.port}`, config, sandboxes, state);
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

function openState(config: GatewayConfig): SqliteState {
  try {
    return openSqliteState({ path: config.stateDb, maxPerScope: config.idempotencyMaxEntries });
  } catch (error) {
    cannotStart(
      `STATE_DB: cannot open ${config.stateDb}: ${(error as Error).message}.\n  Point it at a file in a directory this user may write, or unset it to keep state in memory.`,
    );
  }
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

function printBanner(
  base: string,
  config: GatewayConfig,
  sandboxes: Sandboxes | undefined,
  state: SqliteState,
): void {
  const mode = sandboxes
    ? `sandbox mode (no provider configured): ${sandboxes.describe.join('; ')}`
    : `instances: ${config.instances.map((i) => `${i.name} (${i.kind})`).join(', ')}`;
  const lines = [
    `callgate on ${base} (Node ${process.version})`,
    `  ${mode}`,
    `  docs:    ${base}/docs`,
    `  openapi: ${base}/openapi.json`,
    `  auth:    ${describeAuth(config)}`,
    `  state:   ${state.description}`,
  ];
  if (sandboxes) {
    lines.push('  try:');
    for (const example of sandboxes.examples) {
      const body = example.body ? ` -H 'content-type: application/json' -d '${example.body}'` : '';
      const method = example.method === 'GET' ? '' : ` -X ${example.method}`;
      // -N: curl prints each event as it comes instead of buffering the stream.
      const stream = example.stream ? ' -N' : '';
      lines.push(`    curl${stream}${method} '${base}${example.path}'${body}`);
    }
  } else {
    // The key stays a shell variable: the banner never prints a secret.
    const key = config.auth.open ? '' : ` -H "authorization: Bearer $CALLGATE_API_KEY"`;
    lines.push('  try:', `    curl${key} '${base}/providers'`);
    for (const instance of config.instances)
      lines.push(`    curl${key} '${base}/calls/${instance.name}_<${instance.kind} call id>'`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describeAuth(config: GatewayConfig): string {
  const { auth } = config;
  if (!auth.open) return `API keys required (${auth.keys.map((k) => k.name).join(', ')})`;
  const why = auth.openReason === 'sandbox' ? 'sandbox mode' : auth.openReason;
  return `OFF (${why}): NO API KEY IS CHECKED, anyone who reaches this port may read, keep and delete calls; set GATEWAY_API_KEYS to require keys`;
}

await main().catch((error: unknown) =>
  cannotStart(error instanceof Error ? error.message : String(error)),
);
