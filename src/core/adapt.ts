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
import {
  type Adapter,
  type AdapterContext,
  capabilitiesOf,
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
      stream: async (request) => {
        carried.push(request);
        try {
          return await ctx.stream({
            ...request,
            timeoutMs: options.timeoutMs,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          });
        } catch (error) {
          throw fromUpstreamError(error, origin, false);
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
          });
        } catch (error) {
          throw fromUpstreamError(error, origin, !idempotent);
        }
      },
    };
    try {
      return await operation(adapterCtx);
    } catch (thrown) {
      // A streamed body read by the adapter (a recording's first bytes) fails as it is read.
      const error =
        thrown instanceof UpstreamError ? fromUpstreamError(thrown, origin, lastWasWrite) : thrown;
      if (!(error instanceof GatewayError)) throw error;
      // An answer to a write that cannot be read says nothing of whether the write happened.
      const unknown = lastWasWrite && error.code === 'provider_bad_response';
      throw withheld(stamped(error), [...declared, ...carried.flatMap(credentialsIn)], unknown);
    }
  };

  const { get, find, url, keep, unmark, delete: remove, ping } = adapter;
  const { recordings, audio, liveAudio } = adapter;
  const provider: Provider = {
    kind: origin.provider,
    instance: origin.instance,
    capabilities: capabilitiesOf(adapter),
    findFilters: adapter.findFilters ?? [],
    isCallId: (raw) => adapter.isCallId(raw),
  };
  if (get)
    provider.get = (callId, getOptions, ctx) =>
      run(ctx, false, (c) => get.call(adapter, callId, getOptions, c));
  if (find)
    provider.find = (query, getOptions, ctx) =>
      run(ctx, false, (c) => find.call(adapter, query, getOptions, c)).catch((error: unknown) => {
        // A search that matches nothing is an empty page, not a missing resource.
        if (isNotFound(error)) return EMPTY_PAGE;
        throw error;
      });
  if (url) provider.url = (callId, ctx) => run(ctx, false, (c) => url.call(adapter, callId, c));
  if (keep)
    provider.keep = (target, type, ctx) =>
      run(ctx, true, (c) => keep.call(adapter, target, type, c));
  if (unmark)
    provider.unmark = (target, type, ctx) =>
      run(ctx, true, (c) => unmark.call(adapter, target, type, c));
  if (remove)
    provider.delete = (target, ctx) => run(ctx, true, (c) => remove.call(adapter, target, c));
  if (recordings)
    provider.recordings = (callId, ctx) =>
      run(ctx, false, (c) => recordings.call(adapter, callId, c));
  if (audio)
    provider.audio = (callId, recordingId, request, ctx) =>
      run(ctx, false, (c) => audio.call(adapter, callId, recordingId, request, c));
  if (liveAudio)
    provider.liveAudio = (callId, ctx) =>
      run(ctx, false, (c) => liveAudio.call(adapter, callId, c));
  if (ping)
    provider.ping = (ctx) =>
      run(ctx, false, (c) => ping.call(adapter, c)).catch((error: unknown) => {
        // Any answer proves the provider and the credentials work; "not found" is an answer.
        if (isNotFound(error)) return;
        throw error;
      });
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
