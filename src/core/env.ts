import type { InstanceDirectory } from './instance.ts';
import type { Logger } from './logger.ts';

/**
 * The Worker's bindings: src/worker.ts merges in the `Env` that `wrangler types` generates
 * from wrangler.toml (worker-configuration.d.ts). Node has none, and its compilation does
 * not see the Worker's types.
 */
// biome-ignore lint/suspicious/noEmptyInterface: declaration merging fills it on the Worker.
export interface Bindings {}

/** Who called: the API key's configured name and its scopes, never the key. */
export interface Caller {
  readonly name: string;
  readonly scopes: readonly string[];
}

/** The Hono environment shared by every router: what a handler finds with `c.get(...)`. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    log: Logger;
    /** The configured provider instances, as this request uses them. */
    instances: InstanceDirectory;
    /** Upstream time and count for the request's log line, filled by the instrumented client. */
    upstream: { ms: number; calls: number };
    /** The authenticated key; null on open routes and in open mode. */
    caller: Caller | null;
  };
}
