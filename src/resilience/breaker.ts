/**
 * One circuit breaker per provider instance, shared by every request to it. After
 * `failureThreshold` consecutive failures it opens: requests fail at once, without reaching
 * the provider, until `cooldownMs` has passed. Then it lets exactly one probe through
 * (half-open): a success closes it, a failure opens it for another cooldown.
 */

import type { BreakerSnapshot, BreakerState } from '../core/instance.ts';

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  at: number;
  consecutiveFailures: number;
}

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now: () => number;
  onTransition?: (transition: BreakerTransition) => void;
}

/** What `acquire` hands out: report how the attempt went, exactly once. */
export interface BreakerPermit {
  success(): void;
  failure(): void;
}

export class CircuitOpenError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('circuit breaker open');
    this.name = 'CircuitOpenError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;
  private readonly options: BreakerOptions;

  constructor(options: BreakerOptions) {
    this.options = options;
  }

  /** A permit to send, or CircuitOpenError when the provider must be left alone for now. */
  acquire(): BreakerPermit {
    const now = this.options.now();
    if (this.state === 'open' && this.openedAt !== null) {
      if (now < this.openedAt + this.options.cooldownMs) throw new CircuitOpenError(this.wait(now));
      this.move('half_open', now);
    }
    if (this.state === 'half_open') {
      // One probe at a time: the others would pile onto a provider that may still be down.
      if (this.probing) throw new CircuitOpenError(1);
      this.probing = true;
      return this.permit(true);
    }
    return this.permit(false);
  }

  snapshot(): BreakerSnapshot {
    const now = this.options.now();
    const coolingDown =
      this.state === 'open' &&
      this.openedAt !== null &&
      now < this.openedAt + this.options.cooldownMs;
    return {
      // An open breaker past its cooldown will let the next request probe.
      state: this.state === 'open' && !coolingDown ? 'half_open' : this.state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt === null ? null : new Date(this.openedAt).toISOString(),
      retryAfterSeconds: coolingDown ? this.wait(now) : null,
    };
  }

  private permit(probe: boolean): BreakerPermit {
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      if (probe) this.probing = false;
      const now = this.options.now();
      if (ok) {
        this.failures = 0;
        if (this.state !== 'closed') this.move('closed', now);
        return;
      }
      this.failures += 1;
      if (this.state === 'half_open' || this.failures >= this.options.failureThreshold) {
        this.openedAt = now;
        if (this.state !== 'open') this.move('open', now);
      }
    };
    return { success: () => settle(true), failure: () => settle(false) };
  }

  private wait(now: number): number {
    const until = (this.openedAt ?? now) + this.options.cooldownMs;
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  private move(to: BreakerState, at: number): void {
    const from = this.state;
    this.state = to;
    this.options.onTransition?.({ from, to, at, consecutiveFailures: this.failures });
  }
}
