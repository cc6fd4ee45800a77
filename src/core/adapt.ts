/**
 * The plumbing every adapter stands on, written once: an adapter only builds requests, reads
 * answers and maps its provider's own codes. Around each operation the core
 *
 * - completes each upstream request: the instance's deadline, the default size cap, and
 *   whether it is idempotent (sent by a read, or marked so by the adapter);
 * - turns failures below HTTP into problems, a write's as `outcome: unknown` when it may
 *   have reached the provider;
 * - scrubs the instance's credentials from every problem the adapter raises;
 * - answers a search that finds nothing with an empty page, and counts a provider's "not
 *   found" as proof that it is reachable.
 */
import type { CallPage } from './call.ts';
import { GatewayError } from './errors.ts';
import {
  type Adapter,
  type AdapterContext,
  capabilitiesOf,
  type OperationContext,
  type Provider,
} from './provider.ts';
import { secretScrubber } from './redact.ts';
import { DEFAULT_MAX_BODY_BYTES } from './upstream.ts';
import { fromUpstreamError } from './upstream-errors.ts';

/** Which instance of which kind a problem comes from: the `provider` and `instance` of its extras. */
export interface Origin {
  provider: string;
  instance: string;
}

export interface AdaptOptions {
  /** Whole-exchange deadline of every upstream request. */
  timeoutMs: number;
  /** Values that must never leave the gateway (see secretScrubber). */
  secrets: ReadonlyArray<string | null | undefined>;
}

const EMPTY_PAGE: CallPage = { items: [], nextCursor: null };

export function adapt(origin: Origin, adapter: Adapter, options: AdaptOptions): Provider {
  const scrub = secretScrubber(options.secrets);

  const contextFor = (ctx: OperationContext, write: boolean): AdapterContext => ({
    log: ctx.log,
    requestId: ctx.requestId,
    http: async (request) => {
      const idempotent = request.idempotent ?? !write;
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
  });

  /** Runs an operation; a problem it raises leaves without the instance's secrets. */
  const run = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      throw scrubbed(error, scrub);
    }
  };

  const { get, find, url, keep, unmark, delete: remove, ping } = adapter;
  const provider: Provider = {
    kind: origin.provider,
    instance: origin.instance,
    capabilities: capabilitiesOf(adapter),
    findFilters: adapter.findFilters ?? [],
    isCallId: (raw) => adapter.isCallId(raw),
  };
  if (get)
    provider.get = (callId, getOptions, ctx) =>
      run(() => get.call(adapter, callId, getOptions, contextFor(ctx, false)));
  if (find)
    provider.find = (query, getOptions, ctx) =>
      run(() => find.call(adapter, query, getOptions, contextFor(ctx, false))).catch(
        (error: unknown) => {
          // A search that matches nothing is an empty page, not a missing resource.
          if (isNotFound(error)) return EMPTY_PAGE;
          throw error;
        },
      );
  if (url)
    provider.url = (callId, ctx) => run(() => url.call(adapter, callId, contextFor(ctx, false)));
  if (keep)
    provider.keep = (target, type, ctx) =>
      run(() => keep.call(adapter, target, type, contextFor(ctx, true)));
  if (unmark)
    provider.unmark = (target, type, ctx) =>
      run(() => unmark.call(adapter, target, type, contextFor(ctx, true)));
  if (remove)
    provider.delete = (target, ctx) =>
      run(() => remove.call(adapter, target, contextFor(ctx, true)));
  if (ping)
    provider.ping = (ctx) =>
      run(() => ping.call(adapter, contextFor(ctx, false))).catch((error: unknown) => {
        // Any answer proves the provider and the credentials work; "not found" is an answer.
        if (isNotFound(error)) return;
        throw error;
      });
  return provider;
}

/** The problem for an answer that lacks what the operation needs, e.g. a record without an id. */
export function answeredWithout(origin: Origin, label: string, what: string): GatewayError {
  return new GatewayError(
    502,
    'provider_bad_response',
    `${label} instance '${origin.instance}' answered without ${what}.`,
    { ...origin },
  );
}

const isNotFound = (error: unknown) => error instanceof GatewayError && error.code === 'not_found';

function scrubbed(error: GatewayError, scrub: (text: string) => string): GatewayError {
  const detail = scrub(error.message);
  const message = error.extras.providerMessage;
  const providerMessage = message === undefined ? undefined : scrub(message);
  if (detail === error.message && providerMessage === message) return error;
  return new GatewayError(
    error.status,
    error.code,
    detail,
    { ...error.extras, ...(providerMessage === undefined ? {} : { providerMessage }) },
    error.headers,
  );
}
