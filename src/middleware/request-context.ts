import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../core/env.ts';
import type { Logger } from '../core/logger.ts';
import type { InstanceRegistry } from '../instances/registry.ts';
import { round } from '../instances/request-instance.ts';

/**
 * Per request: a child logger carrying the request id, the instances as this request uses
 * them (each upstream attempt a log line, its time added up), and one summary line.
 */
export function requestContext(logger: Logger, registry: InstanceRegistry) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const requestId = c.get('requestId');
    const log = logger.child({ requestId });
    const upstream = { ms: 0, calls: 0 };
    c.set('log', log);
    c.set('upstream', upstream);
    c.set('instances', registry.forRequest({ requestId, log, totals: upstream }));
    await next();
    log.info(
      {
        method: c.req.method,
        route: routePath(c, -1),
        status: c.res.status,
        durationMs: round(performance.now() - started),
        upstreamMs: round(upstream.ms),
        upstreamCalls: upstream.calls,
        ...(c.get('caller') ? { keyName: c.get('caller')?.name } : {}),
      },
      'request',
    );
  });
}
