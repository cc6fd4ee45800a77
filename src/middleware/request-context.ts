import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { RoutePolicies } from '../auth/policy.ts';
import type { AppEnv } from '../core/env.ts';
import { type Logger, lazyChild } from '../core/logger.ts';
import { methodLabel, type Telemetry, type UpstreamTotals } from '../core/telemetry.ts';
import { parseTraceContext } from '../core/trace-context.ts';
import { round } from '../instances/attempt-span.ts';
import type { InstanceRegistry } from '../instances/registry.ts';
import { auditAnswer } from './audit.ts';

/** A caller's X-Request-Id is taken when it is safe to log and echo; else one is made. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestContextOptions {
  logger: Logger;
  registry: InstanceRegistry;
  telemetry: Telemetry;
  policies: RoutePolicies;
  /** The largest unread body of a refused write read for its audit line. */
  maxBodyBytes: number;
}

/**
 * Per request, around everything else the app does: its id (echoed in X-Request-Id), a
 * span continuing the caller's W3C trace (or starting one), a child logger carrying the
 * request and trace ids, the instances as this request uses them (each upstream attempt a
 * span and a count, its time added up), and at the end the audit line of a write or an
 * audio request, one line for the request, with the last upstream answer's fields, and its
 * metrics.
 */
export function requestContext(options: RequestContextOptions) {
  const { logger, registry, policies, maxBodyBytes } = options;
  const { metrics, tracer } = options.telemetry;
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId =
      incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    // Matched before any middleware runs: the last handler is the route's, unless none is.
    const matched = matchedRoutes(c).at(-1);
    const route = matched && matched.method !== 'ALL' ? matched : null;
    c.set('route', route);
    const span = tracer.startRequest(
      methodLabel(c.req.method),
      parseTraceContext(c.req.header('traceparent'), c.req.header('tracestate')),
      { 'http.request.method': c.req.method, 'url.path': c.req.path },
    );
    const traceId = span.ids.traceId;
    const log = lazyChild(logger, { requestId, traceId });
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
    const audited = auditAnswer(c, policies.of(route), maxBodyBytes);
    if (audited) await audited;
    const status = c.res.status;
    const template = route?.path ?? UNMATCHED;
    const durationMs = performance.now() - started;
    span.rename(route ? `${c.req.method} ${template}` : c.req.method);
    span.set({
      'http.response.status_code': status,
      ...(route ? { 'http.route': template } : {}),
      ...(reached ? { 'callgate.provider_instance': reached } : {}),
    });
    if (status >= 500) span.fail(String(status));
    span.end();
    metrics.request({
      route: template,
      method: methodLabel(c.req.method),
      status,
      instance: reached,
      durationMs,
      upstreamCalls: upstream.calls,
      upstreamMs: upstream.ms,
    });
    // The child's fields, written here without making the child.
    logger.info(
      {
        requestId,
        traceId,
        method: c.req.method,
        route: template,
        status,
        durationMs: round(durationMs),
        upstreamMs: round(upstream.ms),
        upstreamCalls: upstream.calls,
        ...(upstream.last ? { upstream: upstream.last } : {}),
        ...(c.get('caller') ? { keyName: c.get('caller')?.name } : {}),
      },
      'request',
    );
    c.res.headers.set('x-request-id', requestId);
  });
}

/** The route label of a request that matched no route (any path a caller makes up). */
const UNMATCHED = 'unmatched';
