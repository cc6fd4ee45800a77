/**
 * The key that signs audio links: AUDIO_LINK_KEY when configured, else a random key made
 * once and kept in the gateway's shared state, so every process and isolate signs and
 * checks alike, and a restart on the same state keeps links working. Never derived from a
 * credential.
 */
import type { GatewayState } from '../core/state/types.ts';
import type { SigningKey } from './signed-link.ts';

/** A random key per name, made by whoever asks first and the same for everyone after. */
export interface NamedKeys {
  key(name: string): Promise<string>;
}

export const AUDIO_LINK_KEY_NAME = 'audio-links';

export function audioLinkKey(configured: string | null, keys: NamedKeys): SigningKey {
  if (configured !== null) return async () => configured;
  return () => keys.key(AUDIO_LINK_KEY_NAME);
}

/** How long a process trusts its copy of a stored key before asking the state again. */
const KEY_CACHE_MS = 60_000;
const SCOPE = 'callgate:named-keys';
const FINGERPRINT = 'named-key/1';

/**
 * Named keys kept as records of the state's atomic claim: of concurrent first askers one
 * claims the name and stores its random key; every other one, in any process or isolate,
 * reads that key back as the record's answer.
 */
export function stateNamedKeys(state: GatewayState, now: () => number = Date.now): NamedKeys {
  const cache = new Map<string, { value: string; until: number }>();
  const ask = async (name: string): Promise<string> => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const claim = await state.idempotency.claim(SCOPE, name, FINGERPRINT);
      if (claim.kind === 'replay') return claim.answer.body;
      if (claim.kind === 'claimed') {
        const value = randomKey();
        await state.idempotency.complete(SCOPE, name, claim.lease, {
          status: 200,
          contentType: 'text/plain',
          body: value,
        });
        return value;
      }
      if (claim.kind === 'mismatch') break;
      // Another asker is storing it right now.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the shared state did not hand out the key '${name}'`);
  };
  return {
    async key(name) {
      const held = cache.get(name);
      if (held && now() < held.until) return held.value;
      const value = await ask(name);
      cache.set(name, { value, until: now() + KEY_CACHE_MS });
      return value;
    },
  };
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
