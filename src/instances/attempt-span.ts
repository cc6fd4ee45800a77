/**
 * One upstream attempt, buffered or streamed, as the request sees it: one span (its
 * `traceparent` sent to the provider), one count and duration, and at most one log line.
 * A healthy first attempt writes none: the request's own line carries the upstream's
 * fields (src/middleware/request-context.ts). A retry, an answer that says the provider is
 * unwell, a failure or an attempt the breaker or the cap refused each get a line.
 */
import type { Logger } from '../core/logger.ts';
import { redactUrl } from '../core/redact.ts';
import {
  type Metrics,
  type Span,
  statusClass,
  type UpstreamOutcome,
  type UpstreamTotals,
} from '../core/telemetry.ts';
import { formatTraceparent } from '../core/trace-context.ts';
import { UpstreamError, type UpstreamFailure } from '../core/upstream.ts';

export interface AttemptScope {
  log: Logger;
  totals: UpstreamTotals;
  /** The request's span: each attempt is a span inside it. */
  span: Span;
  metrics: Metrics;
}

/** What an attempt failed with, as its outcome label; anything not listed was `network`. */
const OUTCOME_OF_FAILURE: Partial<Record<UpstreamFailure, UpstreamOutcome>> = {
  connect: 'connect',
  timeout: 'timeout',
  network: 'network',
  too_large: 'too_large',
  bad_encoding: 'bad_encoding',
};

/** Failures where nothing was sent: the breaker or the request cap refused. */
const SKIPPED: Partial<Record<UpstreamFailure, string>> = {
  circuit_open: 'circuit open',
  rate_limited: 'request cap reached',
};

/** Why nothing was sent (the breaker or the request cap refused), or undefined when it was. */
export function skipReason(error: unknown): string | undefined {
  return error instanceof UpstreamError ? SKIPPED[error.failure] : undefined;
}

interface AttemptRequest {
  operation: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  attempt?: number;
}

export interface Attempt<R> {
  /** The request as it is sent: with the attempt's `traceparent`. */
  readonly traced: R;
  readonly span: Span;
  /** Its fields for a log line (the URL with its credentials redacted). */
  fields(): Record<string, unknown>;
  /** The provider answered `status`; the span stays open when `streaming` (its body runs on). */
  answered(status: number, streaming?: boolean): void;
  /** Nothing came back (or nothing was sent); logs and counts it, once. */
  failed(error: unknown): void;
}

/** Opens one attempt of `request` to `instance`; `stream` for a streamed answer. */
export function startAttempt<R extends AttemptRequest>(
  scope: AttemptScope,
  instance: string,
  request: R,
  stream = false,
): Attempt<R> {
  return new OpenAttempt(scope, instance, request, stream);
}

/** One object per attempt, its methods shared: every upstream request makes one. */
class OpenAttempt<R extends AttemptRequest> implements Attempt<R> {
  readonly traced: R;
  readonly span: Span;
  readonly #scope: AttemptScope;
  readonly #instance: string;
  readonly #request: R;
  readonly #stream: boolean;
  readonly #started = performance.now();
  readonly #attempt: number;

  constructor(scope: AttemptScope, instance: string, request: R, stream: boolean) {
    this.#scope = scope;
    this.#instance = instance;
    this.#request = request;
    this.#stream = stream;
    const attempt = request.attempt ?? 0;
    this.#attempt = attempt;
    this.span = scope.span.child(`${instance} ${request.operation}`, 'client', {
      'callgate.provider_instance': instance,
      'callgate.operation': request.operation,
      'http.request.method': request.method ?? 'GET',
      ...(attempt > 0 ? { 'http.request.resend_count': attempt } : {}),
    });
    const ids = this.span.ids;
    this.traced = {
      ...request,
      headers: {
        ...request.headers,
        traceparent: formatTraceparent(ids),
        ...(ids.state ? { tracestate: ids.state } : {}),
      },
    };
  }

  fields(): Record<string, unknown> {
    const request = this.#request;
    return {
      instance: this.#instance,
      operation: request.operation,
      attempt: this.#attempt,
      method: request.method ?? 'GET',
      url: redactUrl(request.url),
      ...(this.#stream ? { stream: true } : {}),
    };
  }

  #took(outcome: UpstreamOutcome): number {
    const ms = performance.now() - this.#started;
    const scope = this.#scope;
    scope.totals.ms += ms;
    scope.totals.calls += 1;
    scope.metrics.upstream({
      instance: this.#instance,
      operation: this.#request.operation,
      outcome,
      durationMs: ms,
      attempt: this.#attempt,
    });
    return ms;
  }

  answered(status: number, streaming = false): void {
    const outcome = statusClass(status);
    const ms = this.#took(outcome);
    const attempt = this.#attempt;
    const span = this.span;
    this.#scope.totals.last = {
      instance: this.#instance,
      operation: this.#request.operation,
      status,
      attempt,
    };
    span.set({ 'http.response.status_code': status });
    if (status >= 500) span.fail(outcome);
    if (!streaming) span.end();
    // A healthy first attempt is told by the request's line; anything else by its own.
    if (attempt > 0 || status >= 500 || status === 429) {
      this.#scope.log.info(
        { upstream: { ...this.fields(), status, durationMs: round(ms) } },
        'upstream',
      );
    }
  }

  failed(error: unknown): void {
    const span = this.span;
    const skipped = skipReason(error);
    if (skipped) {
      this.#scope.metrics.upstreamRefused(this.#instance, this.#request.operation);
      span.fail((error as UpstreamError).failure);
      span.end();
      this.#scope.log.info({ upstream: { ...this.fields(), skipped } }, 'upstream skipped');
      return;
    }
    const outcome =
      (error instanceof UpstreamError && OUTCOME_OF_FAILURE[error.failure]) || 'network';
    const ms = this.#took(outcome);
    span.fail(outcome);
    span.end();
    this.#scope.log.warn(
      { upstream: { ...this.fields(), error: (error as Error).message, durationMs: round(ms) } },
      'upstream failed',
    );
  }
}

export const round = (ms: number) => Math.round(ms * 100) / 100;
