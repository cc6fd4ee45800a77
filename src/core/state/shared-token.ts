/**
 * An isolate's (or process's) view of its instance's token: the holder's token, cached
 * here until the holder said it stops being valid, so a request asks the holder only when
 * there is no usable token. Concurrent requests here share one question to the holder;
 * when it fails at its asker's deadline, each of the others asks again within its own.
 */
import type { InstanceState, SharedFailure, TokenRenewal } from './types.ts';

export class SharedToken {
  private local: { value: string; until: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly state: Pick<InstanceState, 'token'>;
  private readonly now: () => number;
  private readonly toError: (failure: SharedFailure) => Error;

  constructor(
    state: Pick<InstanceState, 'token'>,
    now: () => number,
    toError: (failure: SharedFailure) => Error,
  ) {
    this.state = state;
    this.now = now;
    this.toError = toError;
  }

  get(renew: TokenRenewal): Promise<string> {
    const local = this.local;
    if (local && this.now() < local.until) return Promise.resolve(local.value);
    return this.ask(renew, null);
  }

  /** The provider refused `stale`: get its replacement, renewed by the holder if need be. */
  replace(stale: string, renew: TokenRenewal): Promise<string> {
    if (this.local?.value === stale) this.local = null;
    if (this.local) return this.get(renew);
    // A question already on its way may come back with the very token that was refused.
    const pending = this.pending;
    if (pending) return pending.then((value) => (value === stale ? this.ask(renew, stale) : value));
    return this.ask(renew, stale);
  }

  /**
   * The provider refused `fresh`, the replacement `replace` just gave for a refused token:
   * tells the holder, which backs off rather than asking for yet another one.
   */
  async rejectedFresh(fresh: string, renew: TokenRenewal): Promise<void> {
    if (this.local?.value === fresh) this.local = null;
    await this.state.token(renew, fresh, true);
  }

  private ask(renew: TokenRenewal, stale: string | null): Promise<string> {
    const waiting = this.pending;
    if (waiting) {
      return waiting.catch((error: unknown) => {
        if ((error as { status?: unknown }).status !== 504) throw error;
        return this.local && this.now() < this.local.until
          ? this.local.value
          : this.ask(renew, stale);
      });
    }
    const pending = this.state
      .token(renew, stale)
      .then((outcome) => {
        if (!outcome.ok) throw this.toError(outcome.failure);
        this.local = { value: outcome.value, until: this.now() + outcome.validForMs };
        return outcome.value;
      })
      .finally(() => {
        this.pending = null;
      });
    this.pending = pending;
    return pending;
  }
}
