import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { OperationContext } from '../../providers/provider.ts';
import type { AppEnv } from '../app-env.ts';
import { type HttpClient, UpstreamError } from '../http/client.ts';
import type { Logger } from '../logging/logger.ts';
import { redactUrl } from '../logging/redact.ts';
import type { ProviderRegistry } from '../registry.ts';
import type { InstanceUpstream } from '../resilience/upstream.ts';
import { instrumentStream } from './stream-instrument.ts';

/**
 * Per request: a child logger carrying the request id, an upstream client that logs each
 * provider call (URL scrubbed of credentials) and adds up its time, and one summary line.
 * The instance's resilience layers wrap the logging one, so every attempt is a log line.
 */
export function requestContext(
  logger: Logger,
  registry: ProviderRegistry,
  upstreamFor: (instance: string) => InstanceUpstream,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const requestId = c.get('requestId');
    const log = logger.child({ requestId });
    const upstream = { ms: 0, calls: 0 };
    c.set('log', log);
    c.set('registry', registry);
    c.set('upstream', upstream);
    c.set('breaker', (instance) => upstreamFor(instance).breaker());
    // One per instance and request: the request's deadline starts with the first.
    const operations = new Map<string, OperationContext>();
    c.set('operation', (instance) => {
      let operation = operations.get(instance);
      if (!operation) {
        const resilient = upstreamFor(instance);
        operation = {
          requestId,
          log,
          http: resilient.forRequest(instrument(resilient.send, instance, log, upstream)),
          // Streamed answers run past the request's deadline: a recording takes its time.
          stream: instrumentStream(resilient.stream, instance, log, upstream),
          // Read only when asked: the Node adapter builds a whole Request to give a signal.
          get signal() {
            return c.req.raw.signal;
          },
        };
        operations.set(instance, operation);
      }
      return operation;
    });
    c.set('probe', (instance) => {
      const resilient = upstreamFor(instance);
      return {
        requestId,
        log,
        http: resilient.forProbe(instrument(resilient.probe, instance, log, upstream)),
        stream: instrumentStream(resilient.stream, instance, log, upstream),
      };
    });
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

function instrument(
  client: HttpClient,
  instance: string,
  log: Logger,
  totals: { ms: number; calls: number },
): HttpClient {
  return async (request) => {
    const started = performance.now();
    const fields = { instance, method: request.method, url: redactUrl(request.url) };
    try {
      const response = await client(request);
      const ms = performance.now() - started;
      totals.ms += ms;
      totals.calls += 1;
      log.info(
        { upstream: { ...fields, status: response.status, durationMs: round(ms) } },
        'upstream',
      );
      return response;
    } catch (error) {
      const ms = performance.now() - started;
      // The breaker refused: nothing was sent, so it is no upstream call.
      if (error instanceof UpstreamError && error.failure === 'circuit_open') {
        log.info({ upstream: { ...fields, skipped: 'circuit open' } }, 'upstream skipped');
        throw error;
      }
      totals.ms += ms;
      totals.calls += 1;
      log.warn(
        { upstream: { ...fields, error: (error as Error).message, durationMs: round(ms) } },
        'upstream failed',
      );
      throw error;
    }
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
