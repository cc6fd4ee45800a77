import type { OperationContext } from '../providers/provider.ts';
import type { Logger } from './logging/logger.ts';
import type { ProviderRegistry } from './registry.ts';

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
  };
}
