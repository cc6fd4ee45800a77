import { GatewayError } from '../core/errors.ts';

export type AuditOutcome = 'done' | 'unknown' | 'denied' | 'refused' | 'failed';

/** How a request ended, as an audit line says it: from its status and the problem raised. */
export function outcomeOf(status: number, error: unknown): AuditOutcome {
  if (status < 400) return 'done';
  if (error instanceof GatewayError && error.extras.outcome === 'unknown') return 'unknown';
  if (status === 401 || status === 403) return 'denied';
  return status < 500 ? 'refused' : 'failed';
}
