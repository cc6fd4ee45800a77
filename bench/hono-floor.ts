/**
 * The floor on Hono: the least a gateway on this stack must do for an uncached read. A
 * Hono app on @hono/node-server that, per request, asks the upstream through an undici Pool
 * (one body read), parses the answer (`JSON.parse`; txml for Verba's XML, as the gateway
 * does), maps it to an object the size of a call, serializes it with `JSON.stringify`,
 * writes one pino info line (asynchronous, to a file, as the gateway does) and makes one
 * prom-client counter and one histogram observation. No validation, auth, retries,
 * breaker, cache or tracing: what is left is what no design on Hono can avoid.
 *
 * Reads BENCH_RELAY_ROUTES (JSON: path -> [{ url, headers }], the same as bench/relay.ts)
 * and BENCH_FLOOR_LOG (the log file); prints its port on stdout.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';
import { parse, type TNode } from 'txml/txml';
import { relayRoutes } from './relay-routes.ts';

const routes = relayRoutes();

const logger = pino(
  { level: 'info', base: { service: 'floor' } },
  pino.destination({ dest: process.env.BENCH_FLOOR_LOG ?? '/dev/null', sync: false }),
);
const registry = new Registry();
const requests = new Counter({
  name: 'floor_requests_total',
  help: 'requests',
  labelNames: ['route', 'status_class'] as const,
  registers: [registry],
}).labels('/calls/:id', '2xx');
const seconds = new Histogram({
  name: 'floor_request_duration_seconds',
  help: 'duration',
  labelNames: ['route'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
}).labels('/calls/:id');

/** Every leaf of the parsed answer, flattened: about as many fields as a call has. */
function mapCall(parsed: unknown): Record<string, unknown> {
  const call: Record<string, unknown> = {};
  const walk = (value: unknown, name: string) => {
    if (value === null || typeof value !== 'object') {
      call[name] = value;
      return;
    }
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, `${name}${index}`);
      return;
    }
    const node = value as TNode & Record<string, unknown>;
    if (typeof node.tagName === 'string' && Array.isArray(node.children)) {
      walk(node.attributes, node.tagName);
      for (const [index, child] of node.children.entries()) {
        walk(child, typeof child === 'string' ? `${node.tagName}${index}` : node.tagName);
      }
      return;
    }
    for (const key in node) walk(node[key], key);
  };
  walk(parsed, 'call');
  return call;
}

const app = new Hono();
app.get('/calls/:id', async (c) => {
  const started = performance.now();
  const hops = routes.get(c.req.path);
  if (!hops) return c.notFound();
  let call: Record<string, unknown> = {};
  let upstreamStatus = 0;
  for (const hop of hops) {
    const answer = await hop.pool.request({
      method: 'GET',
      path: hop.path,
      ...(hop.headers ? { headers: hop.headers } : {}),
    });
    const text = await answer.body.text();
    upstreamStatus = answer.statusCode;
    const type = String(answer.headers['content-type'] ?? '');
    call = mapCall(type.includes('json') ? JSON.parse(text) : parse(text));
  }
  const body = JSON.stringify(call);
  const ms = performance.now() - started;
  logger.info(
    { route: '/calls/:id', status: 200, upstreamStatus, ms, id: c.req.param('id') },
    'request',
  );
  requests.inc();
  seconds.observe(ms / 1000);
  return c.body(body, 200, { 'content-type': 'application/json' });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
