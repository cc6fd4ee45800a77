/**
 * What the gateway tells its operators, as the core and the adapters see it: events to
 * count (Metrics) and spans to trace (Tracer). Runtime-neutral and library-free, so the
 * Worker bundles none of prom-client or OpenTelemetry: Node implements these with them
 * (src/node/prometheus.ts, otel.ts), the Worker with Analytics Engine, and tests with whatever they like.
 *
 * Every string handed to Metrics is a route template, a configured instance name or one of
 * the fixed vocabularies below, never a call id or anything read from a request or an
 * answer: each distinct value is a time series kept for as long as the process lives.
 */
import { newSpanId, newTrace, type TraceIds } from './trace-context.ts';

export type BreakerStateName = 'closed' | 'open' | 'half_open';
export type CacheResult = 'hit' | 'miss' | 'coalesced';
export type IdempotencyOutcome = 'replayed' | 'conflict' | 'in_use';
/** Why a Verba token was asked for: none yet, the held one ageing out, or Verba rejecting it. */
export type TokenReason = 'initial' | 'renewal' | 'rejected';
/**
 * An attempt's outcome: the answer's status class, or why there was none (the
 * UpstreamFailure names that mean something was attempted).
 */
export type UpstreamOutcome =
  | '1xx'
  | '2xx'
  | '3xx'
  | '4xx'
  | '5xx'
  | 'connect'
  | 'timeout'
  | 'network'
  | 'too_large'
  | 'bad_encoding';

export interface RequestEvent {
  /** The matched route's template (`/calls/:id`), or `unmatched`. */
  route: string;
  /** One of the HTTP methods the gateway knows, or `OTHER`. */
  method: string;
  status: number;
  /** The configured instance the request reached; '' when it reached none. */
  instance: string;
  durationMs: number;
  /** Attempts sent upstream for this request, and their time added up. */
  upstreamCalls: number;
  upstreamMs: number;
}

/** A request's upstream time and attempts, and its last answered attempt: for its log line. */
export interface UpstreamTotals {
  ms: number;
  calls: number;
  last?: { instance: string; operation: string; status: number; attempt: number };
}

export interface UpstreamEvent {
  instance: string;
  /** The adapter's name for what it asked: a Verba action, a CallFire operation. */
  operation: string;
  outcome: UpstreamOutcome;
  durationMs: number;
  /** 0 for the first try, n for the n-th retry. */
  attempt: number;
}

export interface Metrics {
  /** Once per request, when its answer is ready. */
  request(event: RequestEvent): void;
  /** Once per attempt sent to a provider. */
  upstream(event: UpstreamEvent): void;
  /** The instance's breaker or request cap refused an attempt: nothing was sent. */
  upstreamRefused(instance: string, operation: string): void;
  /** The instance's breaker moved to `state`. */
  breaker(instance: string, state: BreakerStateName): void;
  /** A read of one call through the cache. */
  cache(instance: string, result: CacheResult): void;
  idempotency(outcome: IdempotencyOutcome): void;
  /** A token was asked for; `ok` says whether the provider granted it. */
  token(instance: string, reason: TokenReason, ok: boolean): void;
  /** Audio relayed from a provider to a caller, once its stream has ended. */
  audioBytes(instance: string, bytes: number): void;
}

export type SpanKind = 'server' | 'client' | 'internal';
export type SpanAttributes = Record<string, string | number | boolean>;

export interface Span {
  /** This span's ids: what a `traceparent` sent on its behalf names. */
  readonly ids: TraceIds;
  /** A span started now, inside this one. */
  child(name: string, kind: SpanKind, attributes?: SpanAttributes): Span;
  rename(name: string): void;
  set(attributes: SpanAttributes): void;
  /** Marks the span failed; `message` is a problem code or failure name, never a URL. */
  fail(message: string): void;
  end(): void;
}

export interface Tracer {
  /** A request's span: inside the caller's trace when it sent one, a new trace otherwise. */
  startRequest(name: string, parent: TraceIds | null, attributes?: SpanAttributes): Span;
}

export interface Telemetry {
  metrics: Metrics;
  tracer: Tracer;
}

const ignore = () => {};

export const NO_METRICS: Metrics = {
  request: ignore,
  upstream: ignore,
  upstreamRefused: ignore,
  breaker: ignore,
  cache: ignore,
  idempotency: ignore,
  token: ignore,
  audioBytes: ignore,
};

/**
 * Spans that record nothing but still carry ids, so a trace id reaches the logs and a
 * `traceparent` reaches the provider with no tracing backend at all. A span id is drawn
 * only when something asks for it.
 */
class IdsOnlySpan implements Span {
  private readonly trace: Omit<TraceIds, 'spanId'>;
  private spanId: string | undefined;

  constructor(trace: Omit<TraceIds, 'spanId'>, spanId?: string) {
    this.trace = trace;
    this.spanId = spanId;
  }

  get ids(): TraceIds {
    this.spanId ??= newSpanId();
    return { ...this.trace, spanId: this.spanId };
  }

  child(): Span {
    return new IdsOnlySpan(this.trace);
  }

  rename = ignore;
  set = ignore;
  fail = ignore;
  end = ignore;
}

export const IDS_ONLY_TRACER: Tracer = {
  startRequest: (_name, parent) => {
    if (parent) return new IdsOnlySpan(withoutSpan(parent));
    const trace = newTrace();
    return new IdsOnlySpan(withoutSpan(trace), trace.spanId);
  },
};

function withoutSpan({ spanId: _, ...trace }: TraceIds): Omit<TraceIds, 'spanId'> {
  return trace;
}

export const NO_TELEMETRY: Telemetry = { metrics: NO_METRICS, tracer: IDS_ONLY_TRACER };

/** Runs `work` in a span inside `parent`, ended (and failed, on a throw) however it ends. */
export function inSpan<T>(parent: Span, name: string, work: () => T): T {
  const span = parent.child(name, 'internal');
  try {
    return work();
  } catch (error) {
    span.fail(error instanceof Error ? error.name : 'error');
    throw error;
  } finally {
    span.end();
  }
}

/** The status class label of an HTTP status. */
export function statusClass(status: number): '1xx' | '2xx' | '3xx' | '4xx' | '5xx' {
  if (status < 200) return '1xx';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  if (status < 500) return '4xx';
  return '5xx';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A request method as a label: anything unusual is one value, whatever a caller sends. */
export const methodLabel = (method: string) => (METHODS.has(method) ? method : 'OTHER');
