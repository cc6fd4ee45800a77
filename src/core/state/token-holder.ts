/**
 * The holder's side of an instance's token (a Durable Object on the Worker, the process
 * on Node): one current token, renewed by one caller at a time. Callers that arrive while
 * a renewal runs wait for it instead of starting their own.
 */
import type { InstanceState, TokenOutcome, TokenRenewal, TokenRenewalReason } from './types.ts';

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

export class TokenHolder {
  private pending: Promise<TokenOutcome> | null = null;
  private readonly store: TokenStore;
  private readonly now: () => number;

  constructor(store: TokenStore, now: () => number) {
    this.store = store;
    this.now = now;
  }

  token(renew: TokenRenewal, stale: string | null): Promise<TokenOutcome> {
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
    if (rejected) this.store.save(null);
    if (!this.pending) {
      const reason = rejected ? 'rejected' : current ? 'renewal' : 'initial';
      this.pending = this.renew(renew, reason).finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
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
    // Counted from the request, not the answer: the provider's clock started then.
    const expiresAt = askedAt + outcome.validForMs;
    this.store.save({ value: outcome.value, expiresAt });
    return { ok: true, value: outcome.value, validForMs: Math.max(0, expiresAt - this.now()) };
  }
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
  return { token: (renew, stale) => holder.token(renew, stale) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
