import type { OperationContext } from '../providers/provider.ts';
import type { Caller } from './auth/verify.ts';
import type { StreamEnd } from './http/stream.ts';
import type { Logger } from './logging/logger.ts';
import type { ProviderRegistry } from './registry.ts';
import type { BreakerSnapshot } from './resilience/breaker.ts';

export interface Listening {
  format: string | null;
  start: number | null;
  end: number | null;
  /** Settles when the audio stops flowing. */
  done: Promise<StreamEnd>;
}

/** The Hono environment shared by every router: what a handler finds with `c.get(...)`. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    registry: ProviderRegistry;
    /** Upstream time and count for the request's log line, filled by the instrumented client. */
    upstream: { ms: number; calls: number };
    /** The per-request context handed to provider operations. */
    operation: (instance: string) => OperationContext;
    /** The same for a readiness probe: no retries, and the instance's breaker is left alone. */
    probe: (instance: string) => OperationContext;
    /** The authenticated key's name and scopes; null on open routes and in open mode. */
    caller: Caller | null;
    /** The instance's circuit breaker, for /providers and /readyz. */
    breaker: (instance: string) => BreakerSnapshot;
    /** Set by the audio routes: what is being listened to, for the audit line. */
    listening?: Listening;
  };
}
