/**
 * `<PREFIX>_MAX_RPS`: the requests an instance may send per second, counted by its
 * GatewayState holder (the instance's object on the Worker, so the cap holds for the
 * fleet; the process on Node), and shared fairly between API keys there
 * (core/state/rate-window.ts). A request takes one permit before it is sent; permits are
 * fetched from the holder `batch` at a time, for one key, and lapse with their one-second
 * window, so the cap is never exceeded, at the price of permits an isolate fetched and
 * did not use. The gateway's own requests (token renewals) ask the holder each time and
 * are never refused.
 */
import type { InstanceState } from '../core/state/types.ts';

export class RateLimitedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('request rate cap reached');
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface RateGateOptions {
  state: Pick<InstanceState, 'permits'>;
  maxPerSecond: number;
  batch: number;
  now: () => number;
  /** The holder could not be reached; the request went without a permit. */
  onStateError?: (error: unknown) => void;
}

interface Fetched {
  left: number;
  until: number;
  window: number;
}

export class RateGate {
  /** Permits fetched and not yet used, by API key. */
  private readonly fetched = new Map<string, Fetched>();
  private readonly options: RateGateOptions;

  constructor(options: RateGateOptions) {
    this.options = options;
  }

  /** Takes a permit for `caller`, or throws RateLimitedError: the request must not be sent. */
  async take(caller = '', own = false): Promise<void> {
    const held = this.fetched.get(caller);
    if (!own && held && held.left > 0 && this.options.now() < held.until) {
      held.left -= 1;
      return;
    }
    let grant: Awaited<ReturnType<InstanceState['permits']>>;
    try {
      grant = await this.options.state.permits(
        this.options.maxPerSecond,
        own ? 1 : this.options.batch,
        caller,
        own,
      );
    } catch (error) {
      this.options.onStateError?.(error);
      return;
    }
    if (own) return;
    if (grant.granted === 0) {
      throw new RateLimitedError(Math.max(1, Math.ceil(grant.validForMs / 1000)));
    }
    // Concurrent requests here may each have fetched permits of the same window; those
    // of an older window have lapsed with it.
    const now = this.fetched.get(caller);
    const kept = now && now.window === grant.window ? now.left : 0;
    this.fetched.set(caller, {
      left: kept + grant.granted - 1,
      window: grant.window,
      until: this.options.now() + grant.validForMs,
    });
  }
}
