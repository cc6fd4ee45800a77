/**
 * An instance as one request uses it: each operation goes through the instance's resilient
 * upstream, seen through this request's instrumentation (each attempt a span and a count,
 * a log line when it was retried or failed, its time and count added to the request's
 * summary, the trace passed on in `traceparent`: attempt-span.ts), and is a 501 where the
 * adapter has none.
 */
import { GatewayError, notImplemented } from '../core/errors.ts';
import type { RequestInstance } from '../core/instance.ts';
import type { AudioRequest } from '../core/media.ts';
import type {
  CallSelector,
  Capability,
  FindQuery,
  GetOptions,
  KeepType,
  OperationContext,
} from '../core/provider.ts';
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
  return new InstanceForRequest(instance, scope);
}

/**
 * One per instance and request, and one object: a request reads through it on the hottest
 * path. Its upstream clients are built when first used, so a read the cache answers builds
 * none; the request's deadline starts with its first exchange.
 */
class InstanceForRequest implements RequestInstance {
  readonly name: string;
  readonly kind: string;
  readonly capabilities: RequestInstance['capabilities'];
  readonly findFilters: RequestInstance['findFilters'];
  readonly maxRps: number | null;
  readonly #instance: Instance;
  readonly #scope: RequestScope;
  #context: OperationContext | undefined;

  constructor(instance: Instance, scope: RequestScope) {
    this.#instance = instance;
    this.#scope = scope;
    this.name = instance.name;
    this.kind = instance.kind;
    this.capabilities = instance.provider.capabilities;
    this.findFilters = instance.provider.findFilters ?? [];
    this.maxRps = instance.settings.maxRps;
  }

  /** The request's context for this instance, made by its first operation. */
  #ctx(): OperationContext {
    if (this.#context) return this.#context;
    const instance = this.#instance;
    const scope = this.#scope;
    const { upstream } = instance;
    scope.reached(instance.name);
    const caller = scope.caller();
    let http: HttpClient | undefined;
    let stream: StreamClient | undefined;
    this.#context = {
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
    return this.#context;
  }

  /** The request's context, with the caller's signal for an operation that stops when it ends. */
  #streaming(signal: AbortSignal | undefined): OperationContext {
    const ctx = this.#ctx();
    if (!signal) return ctx;
    // The same clients, read when they are needed.
    return {
      requestId: ctx.requestId,
      log: ctx.log,
      span: ctx.span,
      get http() {
        return ctx.http;
      },
      get stream() {
        return ctx.stream;
      },
      signal,
    };
  }

  /** The operation, when the provider has it and its capabilities say so; else the 501. */
  #need<F>(capability: Capability, operation: F | undefined): F {
    const { provider } = this.#instance;
    if (operation === undefined || !provider.capabilities.includes(capability))
      throw notImplemented(provider.kind, provider.instance, capability, provider.capabilities);
    return operation;
  }

  breaker() {
    return this.#instance.upstream.breaker();
  }

  get(callId: string, options: GetOptions) {
    const { provider } = this.#instance;
    return this.#need('get', provider.get).call(provider, callId, options, this.#ctx());
  }

  find(query: FindQuery, options: GetOptions, signal?: AbortSignal) {
    const { provider } = this.#instance;
    return this.#need('find', provider.find).call(
      provider,
      query,
      options,
      this.#streaming(signal),
    );
  }

  url(callId: string) {
    const { provider } = this.#instance;
    return this.#need('url', provider.url).call(provider, callId, this.#ctx());
  }

  keep(callId: string, type: KeepType | undefined) {
    const { provider } = this.#instance;
    return this.#need('keep', provider.keep).call(provider, { callId }, type, this.#ctx());
  }

  unmark(callId: string, type: KeepType | undefined) {
    const { provider } = this.#instance;
    return this.#need('unmark', provider.unmark).call(provider, { callId }, type, this.#ctx());
  }

  delete(callId: string) {
    const { provider } = this.#instance;
    return this.#need('delete', provider.delete).call(provider, { callId }, this.#ctx());
  }

  keepBySelector(selector: CallSelector, type: KeepType | undefined) {
    const { provider } = this.#instance;
    return this.#need('keepBySelector', provider.keep).call(provider, selector, type, this.#ctx());
  }

  deleteBySelector(selector: CallSelector) {
    const { provider } = this.#instance;
    return this.#need('deleteBySelector', provider.delete).call(provider, selector, this.#ctx());
  }

  recordings(callId: string) {
    const { provider } = this.#instance;
    return this.#need('recordings', provider.recordings).call(provider, callId, this.#ctx());
  }

  audio(callId: string, recordingId: string, request: AudioRequest, signal?: AbortSignal) {
    const { provider } = this.#instance;
    return this.#need('audio', provider.audio).call(
      provider,
      callId,
      recordingId,
      request,
      this.#streaming(signal),
    );
  }

  liveAudio(callId: string, signal?: AbortSignal) {
    const { provider } = this.#instance;
    return this.#need('liveAudio', provider.liveAudio).call(
      provider,
      callId,
      this.#streaming(signal),
    );
  }

  admitStream(keyName: string | null) {
    const slot = this.#instance.streams.take(keyName);
    if (typeof slot === 'function') return slot;
    throw streamRefusal(this.#instance, slot);
  }

  async ping() {
    const instance = this.#instance;
    const scope = this.#scope;
    const { provider, upstream } = instance;
    // A probe is one attempt, and what it meets must not move the breaker.
    await provider.ping?.({
      requestId: scope.requestId,
      log: scope.log,
      span: scope.span,
      http: upstream.forProbe(instrument(upstream.probe, instance.name, scope)),
      stream: upstream.stream,
    });
  }
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
