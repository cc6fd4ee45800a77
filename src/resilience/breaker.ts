/**
 * An instance's circuit breaker as one isolate (or process) uses it, over the breaker its
 * GatewayState holds for the whole fleet. On the healthy path it asks the holder nothing
 * but a read once per `syncMs`: a request acts on the view it has, and successes are
 * reported only while failures are being counted. Failures are always reported, so they
 * add up across isolates, and the report's answer opens this isolate's view at once.
 *
 * How quickly a breaker opened elsewhere stops this isolate: its next request after at
 * most `syncMs` reads the holder, so at most one sync interval of requests (plus those in
 * flight) reach a provider the fleet has given up on; each that fails learns it at once.
 *
 * When the holder cannot be reached, requests go on with the last view: the breaker
 * protects the provider, it must not become a way for its own storage to stop traffic.
 */
import type { BreakerSnapshot } from '../core/instance.ts';
import type {
  BreakerChange,
  BreakerPolicy,
  BreakerView,
  InstanceState,
} from '../core/state/types.ts';

export interface SharedBreakerOptions {
  state: Pick<InstanceState, 'breakerRead' | 'breakerProbe' | 'breakerReport'>;
  policy: BreakerPolicy;
  /** How long a view is acted on before the holder is read again; 0 reads every time. */
  syncMs: number;
  now: () => number;
  onTransition?: (transition: NonNullable<BreakerChange['transition']>, view: BreakerView) => void;
  /** The holder could not be reached; the request went on with the last view. */
  onStateError?: (error: unknown) => void;
}

export class CircuitOpenError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('circuit breaker open');
    this.name = 'CircuitOpenError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Report how the attempt went, exactly once. */
export interface SharedPermit {
  success(): Promise<void>;
  failure(): Promise<void>;
}

const NOTHING_TO_TELL: Promise<void> = Promise.resolve();

const CLOSED_VIEW: BreakerView = { state: 'closed', failures: 0, openedAt: null, coolingForMs: 0 };

export class SharedBreaker {
  private view: BreakerView = CLOSED_VIEW;
  /** When `view` was read, on this isolate's clock; -Infinity before the first read. */
  private seenAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;
  private readonly options: SharedBreakerOptions;

  constructor(options: SharedBreakerOptions) {
    this.options = options;
  }

  /**
   * The healthy path without a promise: a permit at once when this view is younger than
   * the sync interval and closed; null when `acquire` has to decide.
   */
  tryAcquire(): SharedPermit | null {
    if (this.options.now() - this.seenAt >= this.options.syncMs) return null;
    return this.view.state === 'closed' ? this.permit(false) : null;
  }

  /** A permit to send, or CircuitOpenError when the provider must be left alone for now. */
  async acquire(): Promise<SharedPermit> {
    if (this.options.now() - this.seenAt >= this.options.syncMs) await this.refresh();
    const view = this.view;
    if (view.state === 'closed') return this.permit(false);
    if (view.state === 'open') {
      const remaining = this.seenAt + view.coolingForMs - this.options.now();
      if (remaining > 0) throw new CircuitOpenError(Math.ceil(remaining / 1000));
    }
    let change: BreakerChange & { granted: boolean };
    try {
      change = await this.options.state.breakerProbe(this.options.policy);
    } catch (error) {
      this.options.onStateError?.(error);
      return this.permit(true);
    }
    this.learn(change);
    if (!change.granted) {
      const wait = change.view.state === 'open' ? change.view.coolingForMs : 1000;
      throw new CircuitOpenError(Math.max(1, Math.ceil(wait / 1000)));
    }
    return this.permit(change.view.state !== 'closed');
  }

  /**
   * The breaker as /providers and /readyz show it: the holder's, read unless this view is
   * younger than the sync interval. /readyz is open to anyone, so asking for it as often as
   * one likes must not cost the holder more than requests do.
   */
  async snapshot(): Promise<Omit<BreakerSnapshot, 'scope'>> {
    if (this.options.now() - this.seenAt >= this.options.syncMs) await this.refresh();
    const view = this.view;
    // The cooldown as it runs on this clock since the view was read.
    const remaining =
      view.state === 'open' ? this.seenAt + view.coolingForMs - this.options.now() : 0;
    const cooling = remaining > 0;
    return {
      // An open breaker past its cooldown lets the next request probe.
      state: view.state === 'open' && !cooling ? 'half_open' : view.state,
      consecutiveFailures: view.failures,
      openedAt: view.openedAt === null ? null : new Date(view.openedAt).toISOString(),
      retryAfterSeconds: cooling ? Math.max(1, Math.ceil(remaining / 1000)) : null,
    };
  }

  private refresh(): Promise<void> {
    // Concurrent requests of one isolate share one read.
    this.reading ??= this.options.state
      .breakerRead(this.options.policy)
      .then(
        (view) => this.see(view),
        (error) => {
          this.options.onStateError?.(error);
          // Not again for a sync interval: a holder in trouble is not hammered either.
          this.seenAt = this.options.now();
        },
      )
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  private permit(probe: boolean): SharedPermit {
    let settled = false;
    const report = (ok: boolean): Promise<void> => {
      if (settled) return NOTHING_TO_TELL;
      settled = true;
      // The healthy path: nothing is being counted, so there is nothing to tell.
      if (ok && !probe && this.view.state === 'closed' && this.view.failures === 0)
        return NOTHING_TO_TELL;
      return Promise.resolve()
        .then(() => this.options.state.breakerReport(this.options.policy, ok, probe))
        .then(
          (change) => this.learn(change),
          (error: unknown) => this.options.onStateError?.(error),
        );
    };
    return { success: () => report(true), failure: () => report(false) };
  }

  private learn(change: BreakerChange): void {
    this.see(change.view);
    if (change.transition) this.options.onTransition?.(change.transition, change.view);
  }

  private see(view: BreakerView): void {
    this.view = view;
    this.seenAt = this.options.now();
  }
}
