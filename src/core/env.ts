import type { InstanceDirectory } from './instance.ts';
import type { Logger } from './logger.ts';
import type { StreamEnd } from './stream.ts';
import type { UpstreamTotals } from './telemetry.ts';

/** What an audio route is relaying, for the audit line written when it ends. */
export interface Listening {
  format: string | null;
  start: number | null;
  end: number | null;
  /** Settles when the audio stops flowing. */
  done: Promise<StreamEnd>;
}

/**
 * The Worker's bindings: src/worker/index.ts merges in the `Env` that `wrangler types` generates
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

/** The route Hono matched for a request: its method and template (`/calls/:id`). */
export interface MatchedRoute {
  readonly method: string;
  readonly path: string;
}

/** The Hono environment shared by every router: what a handler finds with `c.get(...)`. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    /** The route that takes the request; null when none does (a 404 or 405). */
    route: MatchedRoute | null;
    log: Logger;
    /** The configured provider instances, as this request uses them. */
    instances: InstanceDirectory;
    /** Upstream time and count for the request's log line, filled by the instrumented client. */
    upstream: UpstreamTotals;
    /** The authenticated key; null on open routes and in open mode. */
    caller: Caller | null;
    /** Set by the audio routes: what is being listened to, for the audit line. */
    listening?: Listening;
  };
}
