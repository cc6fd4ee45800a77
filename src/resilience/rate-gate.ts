/**
 * `<PREFIX>_MAX_RPS`: the requests an instance may send per second, counted by its
 * GatewayState holder (the instance's object on the Worker, so the cap holds for the
 * fleet; the process on Node). A request takes one permit before it is sent; permits are
 * fetched from the holder `batch` at a time and lapse with their one-second window, so the
 * cap is never exceeded, at the price of permits an isolate fetched and did not use.
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

export class RateGate {
  private left = 0;
  private until = 0;
  private window = Number.NaN;
  private readonly options: RateGateOptions;

  constructor(options: RateGateOptions) {
    this.options = options;
  }

  /** Takes a permit, or throws RateLimitedError: the request must not be sent. */
  async take(): Promise<void> {
    if (this.left > 0 && this.options.now() < this.until) {
      this.left -= 1;
      return;
    }
    let grant: Awaited<ReturnType<InstanceState['permits']>>;
    try {
      grant = await this.options.state.permits(this.options.maxPerSecond, this.options.batch);
    } catch (error) {
      this.options.onStateError?.(error);
      return;
    }
    if (grant.granted === 0) {
      throw new RateLimitedError(Math.max(1, Math.ceil(grant.validForMs / 1000)));
    }
    // Concurrent requests here may each have fetched permits of the same window; those
    // of an older window have lapsed with it.
    this.left = (grant.window === this.window ? this.left : 0) + grant.granted - 1;
    this.window = grant.window;
    this.until = this.options.now() + grant.validForMs;
  }
}
