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

  constructor(request: (ctx: C) => Promise<string>, now: () => number) {
    this.request = request;
    this.now = now;
  }

  get(ctx: C): Promise<string> {
    const token = this.token;
    if (token && this.now() < token.obtainedAt + TOKEN_LIFETIME_MS - TOKEN_RENEW_MARGIN_MS) {
      return Promise.resolve(token.value);
    }
    return this.renew(ctx);
  }

  /** Verba rejected `stale`: drop it (unless another caller already replaced it) and renew. */
  replace(stale: string, ctx: C): Promise<string> {
    if (this.token?.value === stale) this.token = null;
    return this.get(ctx);
  }

  private renew(ctx: C): Promise<string> {
    if (!this.pending) {
      const askedAt = this.now();
      this.pending = this.request(ctx)
        .then((value) => {
          this.token = { value, obtainedAt: askedAt };
          return value;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }
}
