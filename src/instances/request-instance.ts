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
import type { HttpClient } from '../core/upstream.ts';
import type { Instance } from './instance.ts';
import { instrumentStream, skipReason } from './stream-instrument.ts';

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
      // Streamed answers run past the request's deadline: a recording takes its time.
      stream: instrumentStream(upstream.stream, instance.name, scope.log, scope.totals),
    };
    return context;
  };
  /** The request's context, with the caller's signal for an operation that streams. */
  const streaming = (signal: AbortSignal | undefined): OperationContext =>
    signal ? { ...ctx(), signal } : ctx();
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
    maxRps: instance.settings.maxRps,
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
    recordings: (callId) => need('recordings', provider.recordings).call(provider, callId, ctx()),
    audio: (callId, recordingId, request, signal) =>
      need('audio', provider.audio).call(provider, callId, recordingId, request, streaming(signal)),
    liveAudio: (callId, signal) =>
      need('liveAudio', provider.liveAudio).call(provider, callId, streaming(signal)),
    ping: async () => {
      // A probe is one attempt, and what it meets must not move the breaker.
      await provider.ping?.({
        requestId: scope.requestId,
        log: scope.log,
        http: upstream.forProbe(instrument(upstream.probe, instance.name, scope)),
        stream: upstream.stream,
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
      // The breaker or the request cap refused: nothing was sent, so it is no upstream call.
      const skipped = skipReason(error);
      if (skipped) {
        log.info({ upstream: { ...fields, skipped } }, 'upstream skipped');
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
