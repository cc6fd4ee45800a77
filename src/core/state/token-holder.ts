/**
 * The holder's side of an instance's token (a Durable Object on the Worker, the process
 * on Node): one current token, renewed by one caller at a time. Callers that arrive while
 * a renewal runs wait for it instead of starting their own; if it fails at its caller's
 * deadline, a waiter with time left renews in turn, within its own deadline.
 *
 * A provider that rejects the very token it just issued (wrong account rights, a broken
 * server) would otherwise be asked for a new one by every request: once a request reports
 * that the token issued to replace a rejected one was rejected too (`freshRejected`), no
 * token is requested for a while (5 s, doubling up to 5 minutes, back to 5 s once a token
 * lives to its renewal), and every request in between is refused at once with that wait
 * in `Retry-After`. The holder is the fleet's on the Worker, so the backoff is too.
 */
import type {
  InstanceState,
  SharedFailure,
  TokenOutcome,
  TokenRenewal,
  TokenRenewalReason,
} from './types.ts';

export interface HeldToken {
  value: string;
  /** When callers must stop using it, milliseconds since the epoch (holder's clock). */
  expiresAt: number;
}

export interface TokenStore {
  load(): HeldToken | null;
  save(token: HeldToken | null): void;
}

/** A renewal that has not finished by then is abandoned, so waiters are never stuck. */
export const RENEWAL_TIMEOUT_MS = 30_000;
export const TOKEN_BACKOFF_FIRST_MS = 5_000;
export const TOKEN_BACKOFF_MAX_MS = 5 * 60_000;

export class TokenHolder {
  private pending: Promise<TokenOutcome> | null = null;
  /** Backoffs in a row, and until when no token is requested. */
  private backoffs = 0;
  private backoffUntil = 0;
  private readonly store: TokenStore;
  private readonly now: () => number;

  constructor(store: TokenStore, now: () => number) {
    this.store = store;
    this.now = now;
  }

  token(renew: TokenRenewal, stale: string | null, freshRejected = false): Promise<TokenOutcome> {
    const current = this.store.load();
    const now = this.now();
    if (current && current.value !== stale && now < current.expiresAt) {
      return Promise.resolve({
        ok: true,
        value: current.value,
        validForMs: current.expiresAt - now,
      });
    }
    const rejected = current !== null && current.value === stale;
    if (rejected) {
      this.store.save(null);
      if (freshRejected) {
        this.backoffs += 1;
        this.backoffUntil =
          now + Math.min(TOKEN_BACKOFF_MAX_MS, TOKEN_BACKOFF_FIRST_MS * 2 ** (this.backoffs - 1));
      }
    }
    // A report never starts a renewal, whoever handled the token before it.
    if (now < this.backoffUntil || freshRejected)
      return Promise.resolve(backingOff(this.backoffUntil - now));
    const waiting = this.pending;
    if (waiting) {
      // Someone else's renewal: if it failed at its caller's deadline, this caller's own
      // deadline may still leave time for one of its own.
      return waiting.then((outcome) =>
        !outcome.ok && outcome.failure.status === 504
          ? this.token(renew, stale, freshRejected)
          : outcome,
      );
    }
    const reason = rejected ? 'rejected' : current ? 'renewal' : 'initial';
    const pending = this.renew(renew, reason).finally(() => {
      this.pending = null;
    });
    this.pending = pending;
    return pending;
  }

  private async renew(renew: TokenRenewal, reason: TokenRenewalReason): Promise<TokenOutcome> {
    const askedAt = this.now();
    let outcome: TokenOutcome;
    try {
      outcome = await withTimeout(renew(reason), RENEWAL_TIMEOUT_MS);
    } catch (error) {
      // The renewing caller went away (its isolate was evicted) or took too long.
      outcome = {
        ok: false,
        failure: {
          status: 503,
          code: 'provider_unavailable',
          detail: `The provider's token could not be renewed: ${(error as Error).message}.`,
          extras: {},
          headers: { 'retry-after': '1' },
        },
      };
    }
    if (!outcome.ok) return outcome;
    // A token that lived to its renewal shows the provider takes them again.
    if (reason === 'renewal') this.backoffs = 0;
    // Counted from the request, not the answer: the provider's clock started then.
    const expiresAt = askedAt + outcome.validForMs;
    this.store.save({ value: outcome.value, expiresAt });
    return { ok: true, value: outcome.value, validForMs: Math.max(0, expiresAt - this.now()) };
  }
}

function backingOff(waitMs: number): TokenOutcome {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const failure: SharedFailure = {
    status: 502,
    code: 'provider_auth_failed',
    detail: `The provider rejected the tokens it issued, even a fresh one; the gateway asks it for a new token again in ${seconds} s.`,
    extras: {},
    headers: { 'retry-after': String(seconds) },
  };
  return { ok: false, failure };
}

/** A holder in this process's memory, for an instance whose token nobody else shares. */
export function processTokens(now: () => number): Pick<InstanceState, 'token'> {
  let held: HeldToken | null = null;
  const holder = new TokenHolder(
    {
      load: () => held,
      save: (token) => {
        held = token;
      },
    },
    now,
  );
  return {
    token: (renew, stale, freshRejected) => holder.token(renew, stale, freshRejected),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
