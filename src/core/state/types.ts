/**
 * What the gateway keeps beyond one request, and may share beyond one process: the
 * answers to writes sent with an `Idempotency-Key`, each provider instance's token,
 * circuit breaker and request budget, and the random keys the gateway makes for itself
 * (named-keys.ts). Two implementations stand behind it: SQLite on
 * Node (src/node/sqlite-state.ts) and Durable Objects on the Worker
 * (src/worker/durable-objects.ts). Everything crossing it is plain data, because on the
 * Worker it crosses an RPC boundary.
 */

/** What a replay needs of the first answer, and nothing more. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type ClaimResult =
  /** The key was free and is now held by this request, until `complete` or `release`. */
  | { kind: 'claimed'; lease: string }
  /** The key was answered before: send this again. */
  | { kind: 'replay'; answer: StoredAnswer }
  /** Another request holds the key right now. */
  | { kind: 'in_use'; retryAfterSeconds: number }
  /** The key was used for a different request. */
  | { kind: 'mismatch' };

/**
 * Idempotency records, claimed atomically: of any number of concurrent claims of one key,
 * exactly one is `claimed`. `scope` keeps callers apart (the API key's name).
 */
export interface IdempotencyRecords {
  claim(scope: string, key: string, fingerprint: string): Promise<ClaimResult>;
  /** Keeps `answer` for replay; does nothing when the lease was lost (it expired). */
  complete(scope: string, key: string, lease: string, answer: StoredAnswer): Promise<void>;
  /** Frees the key for a new attempt: the request's outcome is not worth replaying. */
  release(scope: string, key: string, lease: string): Promise<void>;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerPolicy {
  /** Failures without a success in between that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses before it lets one probe through. */
  cooldownMs: number;
}

/** A breaker as its holder sees it; durations rather than instants, so clocks may differ. */
export interface BreakerView {
  state: BreakerState;
  failures: number;
  /** When it last opened, milliseconds since the epoch; null while it never has. */
  openedAt: number | null;
  /** While open: how long until a probe may go. 0 when it may go now. */
  coolingForMs: number;
}

export interface BreakerChange {
  view: BreakerView;
  /** Set when this call moved the breaker. */
  transition: { from: BreakerState; to: BreakerState } | null;
}

/** Requests an instance may send within the current one-second window. */
export interface PermitGrant {
  granted: number;
  /** Which window they belong to: permits of one window add up, an older one's lapse. */
  window: number;
  /** How long the granted permits stay valid (the rest of the window). */
  validForMs: number;
}

/** A failure that crossed the state boundary: enough to rebuild the gateway's error. */
export interface SharedFailure {
  status: number;
  code: string;
  detail: string;
  extras: Record<string, unknown>;
  headers: Record<string, string>;
  /** An InstanceProblem, whose wording adapt() has yet to stamp. */
  aboutInstance?: boolean;
}

export type TokenOutcome =
  /** `validForMs`: how long callers may use it before asking again. */
  { ok: true; value: string; validForMs: number } | { ok: false; failure: SharedFailure };

/** Why the holder asks for a token: it has none, the one it has ages out, or it was refused. */
export type TokenRenewalReason = 'initial' | 'renewal' | 'rejected';

/** Asks the provider for a new token. Called by the holder, at most one at a time. */
export type TokenRenewal = (reason: TokenRenewalReason) => Promise<TokenOutcome>;

export interface InstanceState {
  /**
   * The instance's token: the current one, or a new one from `renew` when there is none,
   * it is about to expire, or it is `stale` (the provider refused it). A `stale` token that
   * was already replaced gets its replacement, without a second renewal. `freshRejected`:
   * the provider refused `stale` right after it was issued to replace a refused one, so
   * the holder backs off instead of renewing (token-holder.ts).
   */
  token(renew: TokenRenewal, stale: string | null, freshRejected?: boolean): Promise<TokenOutcome>;
  breakerRead(policy: BreakerPolicy): Promise<BreakerView>;
  /** May a request go? Closed: yes. Open past its cooldown: one caller gets the probe. */
  breakerProbe(policy: BreakerPolicy): Promise<BreakerChange & { granted: boolean }>;
  /** How an attempt went; `probe` when it was the one a half-open breaker let through. */
  breakerReport(policy: BreakerPolicy, ok: boolean, probe: boolean): Promise<BreakerChange>;
  /**
   * Up to `wanted` of the `maxPerSecond` requests the instance may send this second, for
   * `caller` (an API key's name: the cap is shared fairly between keys), or for the
   * gateway's `own` request (a token renewal), which is never refused (rate-window.ts).
   */
  permits(
    maxPerSecond: number,
    wanted: number,
    caller?: string,
    own?: boolean,
  ): Promise<PermitGrant>;
  /**
   * The instance's random key called `name` (its cursor key when none is configured),
   * made once and kept with the instance's state: the same for every process or isolate.
   */
  key(name: string): Promise<Uint8Array>;
}

/** Random keys by name, made once and kept (named-keys.ts). */
export interface NamedKeys {
  /**
   * The key called `name`: 32 random bytes made on first use and kept; of concurrent first
   * uses, the first writer's key is the one every caller gets.
   */
  getOrCreate(name: string): Promise<Uint8Array>;
}

export interface GatewayState {
  /** Where the state lives, for the start banner and /providers. */
  readonly description: string;
  /**
   * `fleet`: every isolate shares it, and asking costs a round trip. `process`: this
   * process (and its STATE_DB). Either way a process or isolate acts on its view of a
   * breaker for a while (`BREAKER_SYNC_MS`), so a healthy request asks the holder nothing.
   */
  readonly scope: 'fleet' | 'process';
  /** How many permits one caller takes at a time, for a cap of `maxPerSecond`. */
  permitBatch(maxPerSecond: number): number;
  readonly idempotency: IdempotencyRecords;
  /** The gateway's own random keys, not tied to an instance; see `InstanceState.key`. */
  readonly keys: NamedKeys;
  instance(name: string): InstanceState;
  close(): Promise<void>;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Records one API key may hold unless configured (IDEMPOTENCY_MAX_ENTRIES). */
export const IDEMPOTENCY_MAX_PER_SCOPE = 1_000;
/** A claim outlives any request's deadline; one whose holder vanished frees itself then. */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;
/**
 * A claim younger than this is taken for a request still running (a repeat is told to come
 * back in a second); an older one for a request that died with its runtime (a repeat is
 * told the time until the claim lapses). Three times the default `<PREFIX>_TIMEOUT_MS`.
 */
export const LIVE_CLAIM_MS = 30_000;
/** A probe whose sender vanished stops holding the half-open breaker after this. */
export const PROBE_LEASE_MS = 30_000;
/** Expired records are removed at least this often (they are ignored from the moment they expire). */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
