import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../core/env.ts';
import type { Logger } from '../core/logger.ts';
import { methodLabel, type Telemetry, type UpstreamTotals } from '../core/telemetry.ts';
import { parseTraceContext } from '../core/trace-context.ts';
import { round } from '../instances/attempt-span.ts';
import type { InstanceRegistry } from '../instances/registry.ts';

/**
 * Per request: a span continuing the caller's W3C trace (or starting one), a child logger
 * carrying the request and trace ids, the instances as this request uses them (each
 * upstream attempt a span and a count, its time added up), and at the end one line, with
 * the last upstream answer's fields, and the request's metrics.
 */
export function requestContext(logger: Logger, registry: InstanceRegistry, telemetry: Telemetry) {
  const { metrics, tracer } = telemetry;
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const requestId = c.get('requestId');
    const span = tracer.startRequest(
      methodLabel(c.req.method),
      parseTraceContext(c.req.header('traceparent'), c.req.header('tracestate')),
      { 'http.request.method': c.req.method, 'url.path': c.req.path },
    );
    const log = logger.child({ requestId, traceId: span.ids.traceId });
    const upstream: UpstreamTotals = { ms: 0, calls: 0 };
    // The first configured instance the request reached: a metric label, so never a name
    // taken from the request before the registry vouched for it.
    let reached = '';
    c.set('log', log);
    c.set('upstream', upstream);
    c.set(
      'instances',
      registry.forRequest({
        requestId,
        log,
        totals: upstream,
        span,
        metrics,
        reached: (instance) => {
          reached ||= instance;
        },
        caller: () => c.get('caller')?.name ?? '',
      }),
    );
    await next();
    const status = c.res.status;
    const route = routeTemplate(c);
    const durationMs = performance.now() - started;
    span.rename(route === UNMATCHED ? c.req.method : `${c.req.method} ${route}`);
    span.set({
      'http.response.status_code': status,
      ...(route === UNMATCHED ? {} : { 'http.route': route }),
      ...(reached ? { 'callgate.provider_instance': reached } : {}),
    });
    if (status >= 500) span.fail(String(status));
    span.end();
    metrics.request({
      route,
      method: methodLabel(c.req.method),
      status,
      instance: reached,
      durationMs,
      upstreamCalls: upstream.calls,
      upstreamMs: upstream.ms,
    });
    log.info(
      {
        method: c.req.method,
        route,
        status,
        durationMs: round(durationMs),
        upstreamMs: round(upstream.ms),
        upstreamCalls: upstream.calls,
        ...(upstream.last ? { upstream: upstream.last } : {}),
        ...(c.get('caller') ? { keyName: c.get('caller')?.name } : {}),
      },
      'request',
    );
  });
}

/** The route label of a request that matched no route (any path a caller makes up). */
const UNMATCHED = 'unmatched';

/** The template of the route that answered (`/calls/:id`); middleware match every path. */
function routeTemplate(c: Parameters<typeof matchedRoutes>[0]): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i];
    if (route && route.method !== 'ALL') return route.path;
  }
  return UNMATCHED;
}
