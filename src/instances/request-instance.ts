/**
 * An instance as one request uses it: each operation goes through the instance's resilient
 * upstream, seen through this request's instrumentation (one log line per attempt, its
 * time and count added to the request's summary), and is a 501 where the adapter has none.
 */
import { notImplemented } from '../core/errors.ts';
import type { RequestInstance } from '../core/instance.ts';
import type { Logger } from '../core/logger.ts';
import type { Capability, OperationContext } from '../core/provider.ts';
import { redactUrl } from '../core/redact.ts';
import { type HttpClient, UpstreamError } from '../core/upstream.ts';
import type { Instance } from './instance.ts';

export interface RequestScope {
  requestId: string;
  log: Logger;
  /** Upstream time and count for the request's summary line. */
  totals: { ms: number; calls: number };
}

export function requestInstance(instance: Instance, scope: RequestScope): RequestInstance {
  const { provider, upstream } = instance;
  // One per instance and request: the request's deadline starts with its first exchange.
  let context: OperationContext | undefined;
  const ctx = () => {
    context ??= {
      requestId: scope.requestId,
      log: scope.log,
      http: upstream.forRequest(instrument(upstream.send, instance.name, scope)),
    };
    return context;
  };
  /** The operation, when the provider has it and its capabilities say so; else the 501. */
  const need = <F>(capability: Capability, operation: F | undefined): F => {
    if (operation === undefined || !provider.capabilities.includes(capability))
      throw notImplemented(provider.kind, provider.instance, capability, provider.capabilities);
    return operation;
  };

  return {
    name: instance.name,
    kind: instance.kind,
    capabilities: provider.capabilities,
    findFilters: provider.findFilters ?? [],
    breaker: () => upstream.breaker(),
    get: (callId, options) => need('get', provider.get).call(provider, callId, options, ctx()),
    find: (query, options) => need('find', provider.find).call(provider, query, options, ctx()),
    url: (callId) => need('url', provider.url).call(provider, callId, ctx()),
    keep: (callId, type) => need('keep', provider.keep).call(provider, { callId }, type, ctx()),
    unmark: (callId, type) =>
      need('unmark', provider.unmark).call(provider, { callId }, type, ctx()),
    delete: (callId) => need('delete', provider.delete).call(provider, { callId }, ctx()),
    keepBySelector: (selector, type) =>
      need('keepBySelector', provider.keep).call(provider, selector, type, ctx()),
    deleteBySelector: (selector) =>
      need('deleteBySelector', provider.delete).call(provider, selector, ctx()),
    ping: async () => {
      // A probe is one attempt, and what it meets must not move the breaker.
      await provider.ping?.({
        requestId: scope.requestId,
        log: scope.log,
        http: upstream.forProbe(instrument(upstream.probe, instance.name, scope)),
      });
    },
  };
}

function instrument(client: HttpClient, instance: string, scope: RequestScope): HttpClient {
  const { log, totals } = scope;
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

export const round = (ms: number) => Math.round(ms * 100) / 100;
