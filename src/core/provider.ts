/**
 * What every provider kind implements (an Adapter) and what the rest of the gateway sees of
 * it (a Provider: the adapter behind the core's plumbing, see adapt.ts). Everything that
 * knows a provider's protocol lives in providers/<kind>/.
 */

import type { Call, CallPage } from './call.ts';
import type { Logger } from './logger.ts';
import type { AudioRequest, AudioStream, RecordingList } from './media.ts';
import type { StreamClient, UpstreamStream, UpstreamStreamRequest } from './stream.ts';
import type { Span } from './telemetry.ts';
import type { HttpClient, UpstreamRequest, UpstreamResponse } from './upstream.ts';

/** The operations an adapter may implement; each one it leaves out is a 501. */
export const OPERATIONS = [
  'get',
  'find',
  'url',
  'keep',
  'unmark',
  'delete',
  'recordings',
  'audio',
  'liveAudio',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Each operation described once, for everything the core derives from it: whether it
 * writes (a write is never repeated, its outcome may be unknown, and the call cache drops
 * what it touches), and what a provider's "not found" means for it (`empty page`: a
 * search that matched nothing; `reachable`: a probe that got an answer), and whether the
 * instance's deadline bounds the whole operation (`wholeDeadline`: an answer read as it
 * arrives, which a per-exchange timeout cannot bound). Its capability
 * (/providers, the 501s, the OpenAPI list) is its name, see CAPABILITIES.
 */
export const OPERATION_TRAITS: Record<
  Operation | 'ping',
  { write: boolean; notFound?: 'empty page' | 'reachable'; wholeDeadline?: true }
> = {
  get: { write: false },
  find: { write: false, notFound: 'empty page', wholeDeadline: true },
  url: { write: false },
  keep: { write: true },
  unmark: { write: true },
  delete: { write: true },
  recordings: { write: false },
  audio: { write: false },
  liveAudio: { write: false },
  ping: { write: false, notFound: 'reachable' },
};

/**
 * What /providers lists: the operations, writes by selector (keep and delete of an adapter
 * that takes selectors in writes) and `search` (a find that takes a time window).
 */
export const CAPABILITIES = [
  'get',
  'find',
  'url',
  'keep',
  'unmark',
  'delete',
  'keepBySelector',
  'deleteBySelector',
  'recordings',
  'audio',
  'liveAudio',
  'search',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Which call an extension selector picks: tried in order, the first that exists wins. */
export const CALL_STATUSES = ['ongoing', 'next', 'last'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const KEEP_TYPES = ['manualRecord'] as const;
export type KeepType = (typeof KEEP_TYPES)[number];

/** Picks a call that may have no id yet: the call on `extension` in the first matching status. */
export interface ExtensionSelector {
  extension: string;
  status: CallStatus[];
}

/** Picks a call by an identifier other than the provider's own call id. */
export type ReferenceSelector =
  | { platformCallId: string }
  | { nativeId: string }
  | { meetingId: string };

export type CallSelector = ExtensionSelector | ReferenceSelector;

/** A write's target: a known call, or a selector resolved by the provider. */
export type CallTarget = { callId: string } | CallSelector;

/**
 * Filters of GET /calls, named for the gateway rather than any provider. Values arrive
 * validated: `state`/`result` are comma-separated lists of the call schema's states and
 * outcomes, `inbound` is `true`/`false`, numbers are digits (optionally after `+`), ids
 * digits, `since`/`until` ISO-8601 date-times.
 */
export const FIND_FILTERS = [
  'state',
  'result',
  'inbound',
  'fromNumber',
  'toNumber',
  'broadcastId',
  'batchId',
  'label',
  'since',
  'until',
  /** Part of either party's number. */
  'number',
  /** Part of either party's name. */
  'name',
] as const;
export type FindFilter = (typeof FIND_FILTERS)[number];
export type FindFilters = Partial<Record<FindFilter, string>>;

export interface FindQuery {
  selector?: CallSelector;
  type?: KeepType;
  limit: number;
  cursor?: string;
  /** Only filters the instance's kind lists in `findFilters`; the route refuses the others. */
  filters: FindFilters;
}

/** Per request: the instance's upstream client as this request uses it, its logger and span. */
export interface OperationContext {
  http: HttpClient;
  /** Streamed answers (audio, long listings), relayed as they arrive. */
  stream: StreamClient;
  /** Aborted when the caller goes away. */
  signal?: AbortSignal;
  log: Logger;
  requestId: string;
  /** The request's span: work of the adapter's own (parsing) and the cache are traced in it. */
  span: Span;
}

/**
 * An upstream request as an adapter writes it. The core fills in the rest: the instance's
 * deadline, the default size cap, and whether it is idempotent (a request sent by a read is;
 * one sent by a write is not, unless the adapter says it only reads, as a token request does).
 */
export type AdapterRequest = Omit<
  UpstreamRequest,
  'timeoutMs' | 'maxBodyBytes' | 'idempotent' | 'attempt' | 'caller'
> & {
  maxBodyBytes?: number;
  idempotent?: boolean;
};

/** What an adapter's operation gets: an upstream whose failures are already problems. */
export interface AdapterContext {
  http(request: AdapterRequest): Promise<UpstreamResponse>;
  /**
   * A streamed request; the core fills in the instance's deadline (to the headers) and the
   * caller's signal, and turns failures below HTTP into problems.
   */
  stream(request: AdapterStreamRequest): Promise<UpstreamStream>;
  /** The instance's deadline (`<PREFIX>_TIMEOUT_MS`), for work of the adapter's own. */
  timeoutMs: number;
  log: Logger;
  requestId: string;
  span: Span;
}

export type AdapterStreamRequest = Omit<UpstreamStreamRequest, 'timeoutMs' | 'signal' | 'caller'>;

export interface GetOptions {
  includeRaw: boolean;
  /**
   * The oldest kept answer the caller accepts, in seconds (its `Cache-Control: max-age`);
   * 0 asks the provider again (`no-cache`). Only a layer that keeps answers reads it.
   */
  maxAgeSeconds?: number;
  /** Told where the answer came from, by a layer that keeps answers. */
  onCacheStatus?: (status: CacheStatus) => void;
}

/** Where an answer came from: memory, or the provider (and why it was asked). */
export type CacheStatus =
  | { hit: true; ageMs: number; ttlMs: number }
  | {
      hit: false;
      /** Nothing kept (`miss`), kept but expired (`stale`), or refused by the request. */
      fwd: 'miss' | 'stale' | 'request';
      /** Answered by a read already under way for another request. */
      collapsed: boolean;
      stored: boolean;
    };

/** The operations, over whatever context a layer hands them. */
interface Operations<Ctx> {
  get?(callId: string, options: GetOptions, ctx: Ctx): Promise<Call>;
  find?(query: FindQuery, options: GetOptions, ctx: Ctx): Promise<CallPage>;
  url?(callId: string, ctx: Ctx): Promise<string>;
  keep?(target: CallTarget, type: KeepType | undefined, ctx: Ctx): Promise<void>;
  unmark?(target: CallTarget, type: KeepType | undefined, ctx: Ctx): Promise<void>;
  delete?(target: CallTarget, ctx: Ctx): Promise<void>;
  recordings?(callId: string, ctx: Ctx): Promise<RecordingList>;
  audio?(
    callId: string,
    recordingId: string,
    request: AudioRequest,
    ctx: Ctx,
  ): Promise<AudioStream>;
  liveAudio?(callId: string, ctx: Ctx): Promise<AudioStream>;
  /** Cheap reachability probe for /readyz: any answer of the provider's proves it. */
  ping?(ctx: Ctx): Promise<void>;
}

/** What a provider kind writes: only its protocol, for the operations it has. */
export interface Adapter extends Operations<AdapterContext> {
  /** Is `raw` a call id this provider could have? Checked before any upstream request. */
  isCallId(raw: string): boolean;
  /** The FIND_FILTERS `find` understands; none when absent. */
  readonly findFilters?: readonly FindFilter[];
  /** keep, unmark and delete take a selector as well as a call id. */
  readonly writesBySelector?: boolean;
}

/** An adapter as the gateway uses it: named, with what it can do derived from what it has. */
export interface Provider extends Operations<OperationContext> {
  readonly kind: string;
  readonly instance: string;
  readonly capabilities: readonly Capability[];
  readonly findFilters?: readonly FindFilter[];
  isCallId(raw: string): boolean;
}

/** The capabilities of an adapter: the operations it implements, in CAPABILITIES order. */
export function capabilitiesOf(adapter: Adapter): Capability[] {
  const has = (operation: Operation) => typeof adapter[operation] === 'function';
  return CAPABILITIES.filter((capability) => {
    if (capability === 'keepBySelector') return has('keep') && adapter.writesBySelector === true;
    if (capability === 'deleteBySelector')
      return has('delete') && adapter.writesBySelector === true;
    if (capability === 'search')
      return has('find') && (adapter.findFilters ?? []).includes('since');
    return has(capability);
  });
}

/** The gateway id of a provider's call. */
export const gatewayCallId = (instance: string, providerCallId: string) =>
  `${instance}_${providerCallId}`;
