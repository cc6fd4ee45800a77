/**
 * What every provider kind implements. Routes speak only this interface; everything that
 * knows a provider's protocol lives in providers/<kind>/.
 */

import type { CacheStatus } from '../src/cache/cache-status.ts';
import type { HttpClient } from '../src/http/client.ts';
import type { StreamClient } from '../src/http/stream.ts';
import type { Logger } from '../src/logging/logger.ts';
import type { Call, CallPage } from '../src/schemas/call.ts';
import type { AudioRequest, AudioStream, RecordingList } from './media.ts';

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
  /** Calls in a time window (GET /calls with since/until). */
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

/** Per request: the instrumented upstream client and the request's logger. */
export interface OperationContext {
  http: HttpClient;
  /** Streamed answers (audio), relayed as they arrive. */
  stream: StreamClient;
  /** Aborted when the caller goes away. */
  signal?: AbortSignal;
  log: Logger;
  requestId: string;
}

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

export interface Provider {
  readonly kind: string;
  readonly instance: string;
  readonly capabilities: readonly Capability[];
  /** The FIND_FILTERS `find` understands; none when absent. */
  readonly findFilters?: readonly FindFilter[];
  /** Is `raw` a call id this provider could have? Checked before any upstream request. */
  isCallId(raw: string): boolean;
  get?(callId: string, options: GetOptions, ctx: OperationContext): Promise<Call>;
  find?(query: FindQuery, options: GetOptions, ctx: OperationContext): Promise<CallPage>;
  url?(callId: string, ctx: OperationContext): Promise<string>;
  keep?(target: CallTarget, type: KeepType | undefined, ctx: OperationContext): Promise<void>;
  unmark?(target: CallTarget, type: KeepType | undefined, ctx: OperationContext): Promise<void>;
  delete?(target: CallTarget, ctx: OperationContext): Promise<void>;
  recordings?(callId: string, ctx: OperationContext): Promise<RecordingList>;
  audio?(
    callId: string,
    recordingId: string,
    request: AudioRequest,
    ctx: OperationContext,
  ): Promise<AudioStream>;
  liveAudio?(callId: string, ctx: OperationContext): Promise<AudioStream>;
  /** Cheap reachability probe for /readyz. */
  ping?(ctx: OperationContext): Promise<void>;
}

/** The gateway id of a provider's call. */
export const gatewayCallId = (instance: string, providerCallId: string) =>
  `${instance}_${providerCallId}`;
