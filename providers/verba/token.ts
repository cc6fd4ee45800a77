import type { TokenReason } from '../../src/core/telemetry.ts';

/** Verba tokens live one hour; renew a little before, so no request carries a dying one. */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
export const TOKEN_RENEW_MARGIN_MS = 5 * 60 * 1000;

/**
 * One token per instance, obtained on first use and shared by every request. Concurrent
 * callers that find no valid token wait for the same RequestToken rather than each
 * starting one.
 */
export class ManagedToken<C> {
  private token: { value: string; obtainedAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly request: (ctx: C) => Promise<string>;
  private readonly now: () => number;
  private readonly onRequest: (reason: TokenReason, granted: boolean) => void;

  constructor(
    request: (ctx: C) => Promise<string>,
    now: () => number,
    /** Told of each token request once it is answered, for the token metrics. */
    onRequest: (reason: TokenReason, granted: boolean) => void = () => {},
  ) {
    this.request = request;
    this.now = now;
    this.onRequest = onRequest;
  }

  get(ctx: C): Promise<string> {
    const token = this.token;
    if (token && this.now() < token.obtainedAt + TOKEN_LIFETIME_MS - TOKEN_RENEW_MARGIN_MS) {
      return Promise.resolve(token.value);
    }
    return this.renew(ctx, token ? 'renewal' : 'initial');
  }

  /** Verba rejected `stale`: drop it (unless another caller already replaced it) and renew. */
  replace(stale: string, ctx: C): Promise<string> {
    if (this.token?.value !== stale) return this.get(ctx);
    this.token = null;
    return this.renew(ctx, 'rejected');
  }

  private renew(ctx: C, reason: TokenReason): Promise<string> {
    if (!this.pending) {
      const askedAt = this.now();
      this.pending = this.request(ctx)
        .then(
          (value) => {
            this.token = { value, obtainedAt: askedAt };
            this.onRequest(reason, true);
            return value;
          },
          (error: unknown) => {
            this.onRequest(reason, false);
            throw error;
          },
        )
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }
}
