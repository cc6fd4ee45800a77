/**
 * The key that signs audio links: AUDIO_LINK_KEY when configured, else a random key made
 * once and kept in the gateway's shared state (core/state/named-keys.ts), so every process
 * and isolate signs and checks alike, and a restart on the same state keeps links working.
 * Never derived from a credential.
 */
import { base64url } from '../core/encoding.ts';
import type { NamedKeys } from '../core/state/types.ts';
import type { SigningKey } from './signed-link.ts';

/** The kept key's name in the state (the `named_key` table on Node). */
export const AUDIO_LINK_KEY_NAME = 'audio-links';

export function audioLinkKey(configured: string | null, keys: NamedKeys): SigningKey {
  if (configured !== null) return async () => configured;
  return async () => base64url(await keys.getOrCreate(AUDIO_LINK_KEY_NAME));
}
