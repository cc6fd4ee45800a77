/**
 * A configured provider instance as one request uses it, and the lookup a request finds
 * them through (`c.get('instances')`). Built by src/instances/ from one record per
 * instance; routes see only this.
 */
import type { Call, CallPage } from './call.ts';
import type { AudioRequest, AudioStream, RecordingList } from './media.ts';
import type {
  CallSelector,
  Capability,
  FindFilter,
  FindQuery,
  GetOptions,
  KeepType,
} from './provider.ts';

import type { BreakerState } from './state/types.ts';

export type { BreakerState };

/** An instance's circuit breaker, as /providers and /readyz show it. */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** When it last opened, ISO-8601; null while it never has. */
  openedAt: string | null;
  /** Seconds until a probe may go, while open. */
  retryAfterSeconds: number | null;
  /** `fleet`: every isolate of the Worker shares it; `process`: this process (and its STATE_DB). */
  scope: 'fleet' | 'process';
}

/**
 * The instance's operations, sent through its resilient upstream and logged as this
 * request's. Each one the instance lacks is a 501 naming what it can do.
 */
export interface RequestInstance {
  readonly name: string;
  readonly kind: string;
  readonly capabilities: readonly Capability[];
  /** The FIND_FILTERS its `find` applies. */
  readonly findFilters: readonly FindFilter[];
  /** The breaker as the instance's state holds it now. */
  breaker(): Promise<BreakerSnapshot>;
  /** `<PREFIX>_MAX_RPS`, or null. */
  readonly maxRps: number | null;
  get(callId: string, options: GetOptions): Promise<Call>;
  /** `signal`: the caller's request; the search stops when it ends. */
  find(query: FindQuery, options: GetOptions, signal?: AbortSignal): Promise<CallPage>;
  url(callId: string): Promise<string>;
  keep(callId: string, type: KeepType | undefined): Promise<void>;
  unmark(callId: string, type: KeepType | undefined): Promise<void>;
  delete(callId: string): Promise<void>;
  keepBySelector(selector: CallSelector, type: KeepType | undefined): Promise<void>;
  deleteBySelector(selector: CallSelector): Promise<void>;
  recordings(callId: string): Promise<RecordingList>;
  /** `signal`: the caller's request, whose end ends the upstream one. */
  audio(
    callId: string,
    recordingId: string,
    request: AudioRequest,
    signal?: AbortSignal,
  ): Promise<AudioStream>;
  liveAudio(callId: string, signal?: AbortSignal): Promise<AudioStream>;
  /**
   * A slot in the instance's stream budget for `keyName` (null: no key name), released by
   * calling what it returns; a 429 problem when the key has its share, a 503 when the
   * instance has all it may. Taken before anything is sent.
   */
  admitStream(keyName: string | null): () => void;
  /**
   * Resolves when the provider answers one attempt, retried never and counted by no breaker
   * (an instance without a probe is taken as reachable).
   */
  ping(): Promise<void>;
}

export interface InstanceDirectory {
  list(): RequestInstance[];
  /** The named instance; an unknown name is a 404 on /providers/{instance}, a 400 elsewhere. */
  named(name: string, status?: 400 | 404): RequestInstance;
  /** Splits and checks a gateway id `<instance>_<callId>` before anything reaches a provider. */
  resolve(id: string): { instance: RequestInstance; callId: string };
}
