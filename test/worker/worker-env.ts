/**
 * A Worker's environment in the tests: the variables a test sets, and the Durable Object
 * namespaces wrangler.toml binds. Every gateway gets a state prefix of its own unless a
 * test passes one along, so only gateways meant to share state (two isolates) do.
 */
import { env } from 'cloudflare:test';
import type { WorkerOptions } from '../../src/worker/index.ts';

export function workerEnv<V extends Record<string, unknown>>(vars: V) {
  return {
    ...vars,
    IDEMPOTENCY: env.IDEMPOTENCY,
    INSTANCE_STATE: env.INSTANCE_STATE,
    EVENT_HUB: env.EVENT_HUB,
    CALL_WATCH: env.CALL_WATCH,
  };
}

/** A state of its own: its Durable Objects are named after a fresh prefix. */
export const ownState = (): WorkerOptions => ({ statePrefix: `${crypto.randomUUID()}:` });
