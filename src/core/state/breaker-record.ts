/**
 * The circuit breaker as a record and three pure moves over it, so every holder (an
 * isolate's memory, a SQLite row, a Durable Object) applies the same rules: after
 * `failureThreshold` failures without a success in between it opens; after `cooldownMs`
 * exactly one probe may go (half-open); a success closes it, a failed probe reopens it.
 */
import {
  type BreakerChange,
  type BreakerPolicy,
  type BreakerState,
  type BreakerView,
  PROBE_LEASE_MS,
} from './types.ts';

export interface BreakerRecord {
  state: BreakerState;
  failures: number;
  openedAt: number | null;
  /** While half-open: until when the probe that was let through holds it. */
  probeUntil: number | null;
}

export const CLOSED_BREAKER: BreakerRecord = {
  state: 'closed',
  failures: 0,
  openedAt: null,
  probeUntil: null,
};

export function breakerView(
  record: BreakerRecord,
  policy: BreakerPolicy,
  now: number,
): BreakerView {
  const coolingForMs =
    record.state === 'open' && record.openedAt !== null
      ? Math.max(0, record.openedAt + policy.cooldownMs - now)
      : 0;
  return {
    state: record.state,
    failures: record.failures,
    openedAt: record.openedAt,
    coolingForMs,
  };
}

export function probeBreaker(
  record: BreakerRecord,
  policy: BreakerPolicy,
  now: number,
): { record: BreakerRecord; granted: boolean } {
  if (record.state === 'closed') return { record, granted: true };
  if (record.state === 'open' && breakerView(record, policy, now).coolingForMs > 0) {
    return { record, granted: false };
  }
  // Half-open with a live probe: the others would pile onto a provider that may still be down.
  if (record.state === 'half_open' && record.probeUntil !== null && now < record.probeUntil) {
    return { record, granted: false };
  }
  return {
    record: { ...record, state: 'half_open', probeUntil: now + PROBE_LEASE_MS },
    granted: true,
  };
}

export function reportToBreaker(
  record: BreakerRecord,
  policy: BreakerPolicy,
  ok: boolean,
  probe: boolean,
  now: number,
): BreakerRecord {
  // Any answer proves the provider is back, even one sent before the breaker opened.
  if (ok) return { ...record, state: 'closed', failures: 0, probeUntil: null };
  const failures = record.failures + 1;
  if (probe || record.state === 'half_open' || failures >= policy.failureThreshold) {
    return { state: 'open', failures, openedAt: now, probeUntil: null };
  }
  return { ...record, failures };
}

export function breakerChange(
  before: BreakerRecord,
  after: BreakerRecord,
): BreakerChange['transition'] {
  return before.state === after.state ? null : { from: before.state, to: after.state };
}
