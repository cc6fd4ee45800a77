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
import { withinDeadline } from './operation-deadline.ts';
import {
  type Adapter,
  type AdapterContext,
  capabilitiesOf,
  OPERATION_TRAITS,
  OPERATIONS,
  type OperationContext,
  type Provider,
} from './provider.ts';
import { providerText } from './provider-text.ts';
import { SECRET_NAMES } from './redact.ts';
import { DEFAULT_MAX_BODY_BYTES, UpstreamError, type UpstreamRequest } from './upstream.ts';
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
    // What the requests carried, read for credentials only when a problem is raised.
    const carried: Array<Pick<UpstreamRequest, 'url' | 'headers'>> = [];
    let lastWasWrite = false;
    const adapterCtx: AdapterContext = {
      log: ctx.log,
      requestId: ctx.requestId,
      timeoutMs: options.timeoutMs,
      stream: async (request) => {
        carried.push(request);
        try {
          return await ctx.stream({
            ...request,
            timeoutMs: options.timeoutMs,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          });
        } catch (error) {
          throw fromUpstreamError(error, false);
        }
      },
      span: ctx.span,
      http: async (request) => {
        const idempotent = request.idempotent ?? !write;
        carried.push(request);
        lastWasWrite = !idempotent;
        try {
          return await ctx.http({
            ...request,
            maxBodyBytes: request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
            timeoutMs: options.timeoutMs,
            idempotent,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          });
        } catch (error) {
          throw fromUpstreamError(error, !idempotent);
        }
      },
    };
    try {
      return await operation(adapterCtx);
    } catch (thrown) {
      // A streamed body read by the adapter (a recording's first bytes) fails as it is read.
      const error =
        thrown instanceof UpstreamError ? fromUpstreamError(thrown, lastWasWrite) : thrown;
      if (!(error instanceof GatewayError)) throw error;
      // An answer to a write that cannot be read says nothing of whether the write happened.
      const unknown = lastWasWrite && error.code === 'provider_bad_response';
      throw withheld(stamped(error), [...declared, ...carried.flatMap(credentialsIn)], unknown);
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
      const ctx = args[args.length - 1] as OperationContext;
      const inputs = args.slice(0, -1);
      const once = (c: OperationContext) =>
        run(c, write, (a) => implementation.apply(adapter, [...inputs, a]));
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
