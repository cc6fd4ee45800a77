/**
 * The plumbing every adapter stands on, written once: an adapter only builds requests, reads
 * answers and maps its provider's own codes. Around each operation the core
 *
 * - completes each upstream request: the instance's deadline, the default size cap, and
 *   whether it is idempotent (sent by a read, or marked so by the adapter);
 * - turns failures below HTTP into problems, a write's as `outcome: unknown` when it may
 *   have reached the provider, or when its answer could not be read;
 * - stamps every problem the adapter raises about its instance (an InstanceProblem) with
 *   who raised it, "<Label> instance '<name>'", and the instance's extras;
 * - withholds from every problem the adapter raises any text that quotes a credential: the
 *   kind's declared secrets and whatever credentials the operation's requests carried
 *   (provider-text.ts);
 * - answers a search that finds nothing with an empty page, and counts a provider's "not
 *   found" as proof that it is reachable.
 */
import type { CallPage } from './call.ts';
import { base64 } from './encoding.ts';
import { GatewayError, InstanceProblem } from './errors.ts';
import type { Logger } from './logger.ts';
import { withinDeadline } from './operation-deadline.ts';
import {
  type Adapter,
  type AdapterContext,
  type AdapterRequest,
  type AdapterStreamRequest,
  capabilitiesOf,
  OPERATION_TRAITS,
  OPERATIONS,
  type OperationContext,
  type Provider,
} from './provider.ts';
import { providerText } from './provider-text.ts';
import { SECRET_NAMES } from './redact.ts';
import type { UpstreamStream } from './stream.ts';
import type { Span } from './telemetry.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  UpstreamError,
  type UpstreamRequest,
  type UpstreamResponse,
} from './upstream.ts';
import { fromUpstreamError } from './upstream-errors.ts';

/** Which instance of which kind a problem comes from: the `provider` and `instance` of its extras. */
export interface Origin {
  provider: string;
  instance: string;
}

export interface AdaptOptions {
  /** The provider's name as problems write it: `Verba instance 'verba' …`. */
  label?: string;
  /** Whole-exchange deadline of every upstream request. */
  timeoutMs: number;
  /** Values no problem may quote: the kind's credentials, and pairs sent together. */
  secrets: ReadonlyArray<string | null | undefined>;
}

const EMPTY_PAGE: CallPage = { items: [], nextCursor: null };

type AnyOperation = (...args: unknown[]) => Promise<unknown>;

export function adapt(origin: Origin, adapter: Adapter, options: AdaptOptions): Provider {
  const name = `${options.label ?? origin.provider} instance '${origin.instance}'`;
  /** An adapter's problem about its instance, with the instance named and in its extras. */
  const stamped = (error: GatewayError): GatewayError =>
    error instanceof InstanceProblem
      ? new GatewayError(
          error.status,
          error.code,
          `${name} ${error.message}`,
          { ...origin, ...error.extras },
          error.headers,
        )
      : error;
  const declared = options.secrets.flatMap((secret) => (secret ? [secret, base64(secret)] : []));

  /** One operation's run: its upstream as the adapter sees it, and what its requests carried. */
  const run = async <T>(
    ctx: OperationContext,
    write: boolean,
    operation: (adapterCtx: AdapterContext) => Promise<T>,
  ): Promise<T> => {
    const adapterCtx = new OperationUpstream(ctx, write, options.timeoutMs);
    try {
      return await operation(adapterCtx);
    } catch (thrown) {
      const lastWasWrite = adapterCtx.lastWasWrite;
      // A streamed body read by the adapter (a recording's first bytes) fails as it is read.
      const error =
        thrown instanceof UpstreamError ? fromUpstreamError(thrown, lastWasWrite) : thrown;
      if (!(error instanceof GatewayError)) throw error;
      // An answer to a write that cannot be read says nothing of whether the write happened.
      const unknown = lastWasWrite && error.code === 'provider_bad_response';
      const carried = adapterCtx.carried.flatMap(credentialsIn);
      throw withheld(stamped(error), [...declared, ...carried], unknown);
    }
  };

  const provider: Provider = {
    kind: origin.provider,
    instance: origin.instance,
    capabilities: capabilitiesOf(adapter),
    findFilters: adapter.findFilters ?? [],
    isCallId: (raw) => adapter.isCallId(raw),
  };
  // Every operation the adapter has, wrapped as its traits say: the context is its last
  // argument, the adapter's own context takes its place.
  for (const operation of [...OPERATIONS, 'ping'] as const) {
    const implementation = adapter[operation] as AnyOperation | undefined;
    if (!implementation) continue;
    const { write, notFound, wholeDeadline } = OPERATION_TRAITS[operation];
    const wrapped: AnyOperation = (...args) => {
      const last = args.length - 1;
      const ctx = args[last] as OperationContext;
      // The adapter's context takes the operation context's place among the arguments.
      const once = (c: OperationContext) =>
        run(c, write, (a) => {
          args[last] = a;
          return implementation.apply(adapter, args);
        });
      // An answer read as it arrives (a long listing): the instance's deadline bounds all of it.
      const result = wholeDeadline
        ? withinDeadline(options.timeoutMs, ctx.signal, (signal) => once({ ...ctx, signal })).catch(
            (error: unknown) => {
              throw stamped(fromUpstreamError(error, false));
            },
          )
        : once(ctx);
      if (notFound === undefined) return result;
      return result.catch((error: unknown) => {
        // A search that matches nothing is an empty page, not a missing resource; any
        // answer, "not found" included, proves a provider and its credentials work.
        if (!isNotFound(error)) throw error;
        return notFound === 'empty page' ? EMPTY_PAGE : undefined;
      });
    };
    (provider as unknown as Record<string, AnyOperation>)[operation] = wrapped;
  }
  return provider;
}

/** The problem for an answer that lacks what the operation needs, e.g. a record without an id. */
export function answeredWithout(what: string): InstanceProblem {
  return new InstanceProblem('provider_bad_response', `answered without ${what}.`);
}

const isNotFound = (error: unknown) => error instanceof GatewayError && error.code === 'not_found';

/** What a request carries that a server may quote back: secret-named parameters, its authorization. */
function credentialsIn(request: Pick<UpstreamRequest, 'url' | 'headers'>): string[] {
  const found: string[] = [];
  if (URL.canParse(request.url)) {
    for (const [name, value] of new URL(request.url).searchParams)
      if (value && SECRET_NAMES.includes(name.toLowerCase())) found.push(value);
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() !== 'authorization') continue;
    // The credential after the scheme (`Basic …`, `Bearer …`) is what a server may quote.
    found.push(value, value.slice(value.indexOf(' ') + 1));
  }
  return found;
}

/** The problem without provider text that quotes a credential, and with the outcome it knows. */
function withheld(error: GatewayError, secrets: string[], unknownOutcome: boolean): GatewayError {
  const detail = providerText(error.message, secrets);
  const message = error.extras.providerMessage;
  const providerMessage = message === undefined ? undefined : providerText(message, secrets);
  const outcome = unknownOutcome && error.extras.outcome === undefined;
  if (detail === error.message && providerMessage === message && !outcome) return error;
  return new GatewayError(
    error.status,
    error.code,
    detail,
    {
      ...error.extras,
      ...(providerMessage === undefined ? {} : { providerMessage }),
      ...(outcome ? { outcome: 'unknown' } : {}),
    },
    error.headers,
  );
}

/**
 * An operation's upstream as its adapter sees it: each request completed with the
 * instance's deadline, the default size cap and whether it may be repeated, its failures
 * below HTTP turned into problems, and what it carried kept for the credential check of a
 * problem. One object per operation: every read makes one.
 */
class OperationUpstream implements AdapterContext {
  readonly log: Logger;
  readonly requestId: string;
  readonly span: Span;
  readonly timeoutMs: number;
  /** What the requests carried, read for credentials only when a problem is raised. */
  readonly carried: Array<Pick<UpstreamRequest, 'url' | 'headers'>> = [];
  lastWasWrite = false;
  readonly #ctx: OperationContext;
  readonly #write: boolean;

  constructor(ctx: OperationContext, write: boolean, timeoutMs: number) {
    this.#ctx = ctx;
    this.#write = write;
    this.log = ctx.log;
    this.requestId = ctx.requestId;
    this.span = ctx.span;
    this.timeoutMs = timeoutMs;
  }

  async http(request: AdapterRequest): Promise<UpstreamResponse> {
    const ctx = this.#ctx;
    const idempotent = request.idempotent ?? !this.#write;
    this.carried.push(request);
    this.lastWasWrite = !idempotent;
    try {
      return await ctx.http({
        ...request,
        maxBodyBytes: request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        timeoutMs: this.timeoutMs,
        idempotent,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      throw fromUpstreamError(error, !idempotent);
    }
  }

  async stream(request: AdapterStreamRequest): Promise<UpstreamStream> {
    const ctx = this.#ctx;
    this.carried.push(request);
    try {
      return await ctx.stream({
        ...request,
        timeoutMs: this.timeoutMs,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      throw fromUpstreamError(error, false);
    }
  }
}
