/**
 * An instance as one request uses it: each operation goes through the instance's resilient
 * upstream, seen through this request's instrumentation (each attempt a span and a count,
 * a log line when it was retried or failed, its time and count added to the request's
 * summary, the trace passed on in `traceparent`: attempt-span.ts), and is a 501 where the
 * adapter has none.
 */
import { GatewayError, notImplemented } from '../core/errors.ts';
import type { RequestInstance } from '../core/instance.ts';
import type { Capability, OperationContext } from '../core/provider.ts';
import type { StreamClient } from '../core/stream.ts';
import type { HttpClient } from '../core/upstream.ts';
import type { StreamRefusal } from '../resilience/stream-budget.ts';
import { type AttemptScope, startAttempt } from './attempt-span.ts';
import type { Instance } from './instance.ts';
import { instrumentStream } from './stream-instrument.ts';

export interface RequestScope extends AttemptScope {
  requestId: string;
  /** Told the first time an operation of the request reaches an instance. */
  reached(instance: string): void;
  /** The API key's name ('' without one): the instance's request cap is shared by key. */
  caller(): string;
}

export function requestInstance(instance: Instance, scope: RequestScope): RequestInstance {
  const { provider, upstream } = instance;
  // One per instance and request. Its upstream clients are built when first used, so a
  // read the cache answers builds none; the request's deadline starts with its first exchange.
  let context: OperationContext | undefined;
  const ctx = () => {
    if (context) return context;
    scope.reached(instance.name);
    const caller = scope.caller();
    let http: HttpClient | undefined;
    let stream: StreamClient | undefined;
    context = {
      requestId: scope.requestId,
      log: scope.log,
      span: scope.span,
      get http() {
        http ??= upstream.forRequest(
          instrument((request) => upstream.send({ ...request, caller }), instance.name, scope),
        );
        return http;
      },
      // Streamed answers run past the request's deadline: a recording takes its time.
      get stream() {
        stream ??= instrumentStream(
          (request) => upstream.stream({ ...request, caller }),
          instance.name,
          scope,
        );
        return stream;
      },
    };
    return context;
  };
  /** The request's context, with the caller's signal for an operation that stops when it ends. */
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
    find: (query, options, signal) =>
      need('find', provider.find).call(provider, query, options, streaming(signal)),
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
    admitStream: (keyName) => {
      const slot = instance.streams.take(keyName);
      if (typeof slot === 'function') return slot;
      throw streamRefusal(instance, slot);
    },
    ping: async () => {
      // A probe is one attempt, and what it meets must not move the breaker.
      await provider.ping?.({
        requestId: scope.requestId,
        log: scope.log,
        span: scope.span,
        http: upstream.forProbe(instrument(upstream.probe, instance.name, scope)),
        stream: upstream.stream,
      });
    },
  };
}

/** Seconds a refused listener waits: streams end when their listeners stop, not on a clock. */
const STREAM_RETRY_AFTER_SECONDS = 5;

function streamRefusal(instance: Instance, refusal: StreamRefusal): GatewayError {
  const extras = { provider: instance.kind, instance: instance.name };
  const headers = { 'retry-after': String(STREAM_RETRY_AFTER_SECONDS) };
  const { maxStreams, maxStreamsPerKey } = instance.settings;
  return refusal === 'key'
    ? new GatewayError(
        429,
        'too_many_streams',
        `This API key already has ${maxStreamsPerKey} audio streams open from instance '${instance.name}', as many as it may; nothing was sent. Close one, or retry after Retry-After seconds.`,
        extras,
        headers,
      )
    : new GatewayError(
        503,
        'streams_busy',
        `The gateway already relays ${maxStreams} audio streams from instance '${instance.name}', as many as it may; nothing was sent. Retry after Retry-After seconds.`,
        extras,
        headers,
      );
}

function instrument(client: HttpClient, instance: string, scope: AttemptScope): HttpClient {
  return async (request) => {
    const attempt = startAttempt(scope, instance, request);
    let response: Awaited<ReturnType<HttpClient>>;
    try {
      response = await client(attempt.traced);
    } catch (error) {
      attempt.failed(error);
      throw error;
    }
    attempt.answered(response.status);
    return response;
  };
}
