import type { AddressInfo } from 'node:net';
import { createGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { IDS_ONLY_TRACER, NO_METRICS, type Tracer } from '../../src/core/telemetry.ts';
import { nodeDocsAssets } from '../../src/node/docs-assets.ts';
import { nodeEvents } from '../../src/node/events.ts';
import { createNodeClient } from '../../src/node/http-client.ts';
import { createPrometheusMetrics } from '../../src/node/prometheus.ts';
import { serveGateway } from '../../src/node/serve.ts';
import { openSqliteState, type SqliteState } from '../../src/node/sqlite-state.ts';
import { createNodeStreamClient } from '../../src/node/stream-client.ts';
import { nodeSender } from '../../src/node/webhook-sender.ts';
import { TEST_API_KEYS, withKey } from './keys.ts';
import { captureLogs } from './log-capture.ts';

export interface RunningGateway {
  url: string;
  /** Sends the all-scopes test key unless `init` carries an Authorization header. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Sends exactly `init`: no key unless it has one. */
  raw(path: string, init?: RequestInit): Promise<Response>;
  logs: () => Array<Record<string, unknown>>;
  /** Its state: node:sqlite, in memory unless the environment sets STATE_DB. */
  state: SqliteState;
  close(): Promise<void>;
}

/**
 * The Node gateway on a loopback port, configured from `env` as `npm start` would be, with
 * the test keys (test/support/keys.ts) unless `env` says otherwise about auth.
 */
export async function startGateway(
  env: Record<string, string>,
  options: {
    name: string;
    now?: () => number;
    /** Spans exported somewhere (an OTLP receiver); ids only when absent. */
    tracer?: Tracer;
  },
): Promise<RunningGateway> {
  const auth =
    env.GATEWAY_API_KEYS !== undefined || env.GATEWAY_AUTH !== undefined
      ? {}
      : { GATEWAY_API_KEYS: TEST_API_KEYS };
  const config = loadConfig({ ...auth, ...env });
  const { logger, lines } = captureLogs(options.name);
  const upstream = createNodeClient();
  const state = openSqliteState({
    path: config.stateDb,
    maxPerScope: config.idempotencyMaxEntries,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const media = createNodeStreamClient();
  const events = nodeEvents(state.sql, {
    settings: config.events,
    send: nodeSender(config.events.allow),
    ...(options.now ? { now: options.now } : {}),
  });
  // Metrics as `npm start` has them: on unless METRICS=off.
  const prometheus = config.metrics
    ? createPrometheusMetrics({ instances: config.instances.map((i) => i.name) })
    : null;
  const app = createGateway(config, {
    state,
    http: upstream.client,
    stream: media.stream,
    logger,
    docsAssets: nodeDocsAssets(),
    telemetry: {
      metrics: prometheus?.metrics ?? NO_METRICS,
      tracer: options.tracer ?? IDS_ONLY_TRACER,
    },
    metrics: prometheus ?? { notServed: 'Metrics are off (METRICS=off).' },
    ...(options.now ? { now: options.now } : {}),
    events: events.attach,
  });
  const server = serveGateway({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
    limits: config.server,
    logger,
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    fetch: (path, init) => fetch(`${url}${path}`, withKey(init)),
    raw: (path, init) => fetch(`${url}${path}`, init),
    logs: lines,
    state,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await events.close();
      await upstream.close();
      await state.close();
      await media.close();
    },
  };
}
