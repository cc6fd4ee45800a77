/**
 * Finds the key a caller presented, by digest and in constant time: every configured
 * digest is compared in full, so neither the time taken nor an early exit tells an
 * attacker how close a guess came or which entry matched. Web Crypto only, so the same
 * code runs on Node and in workerd.
 */
import type { Scope } from '../schemas/security.ts';
import { type ApiKeyEntry, KEY_SYNTAX } from './keys.ts';

export interface Caller {
  /** The key's configured name: what logs and audit lines record, never the key. */
  name: string;
  scopes: readonly Scope[];
}

interface PreparedKey {
  caller: Caller;
  digest: Uint8Array;
}

export type KeyVerifier = (presented: string) => Promise<Caller | null>;

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Equal-length byte strings compared without an early exit. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

export function createKeyVerifier(entries: readonly ApiKeyEntry[]): KeyVerifier {
  // Plain `key` entries are digested once, on first use (Web Crypto is asynchronous).
  let prepared: Promise<PreparedKey[]> | undefined;
  const prepare = () =>
    Promise.all(
      entries.map(async (entry) => ({
        caller: { name: entry.name, scopes: entry.scopes },
        digest: entry.sha256 ? fromHex(entry.sha256) : await sha256(entry.key ?? ''),
      })),
    );

  // Keys already proven: a Web Crypto digest per request costs more CPU than the rest of
  // the gateway's own work on a request. Only a string that matched a configured key is
  // kept (so at most one per key, whatever callers send), and a lookup can only succeed
  // for exactly that string; a wrong key still takes the full digest-and-compare path.
  const proven = new Map<string, Caller>();

  return async (presented) => {
    const known = proven.get(presented);
    if (known) return known;
    if (presented.length === 0 || presented.length > 512 || !KEY_SYNTAX.test(presented))
      return null;
    prepared ??= prepare();
    const keys = await prepared;
    const digest = await sha256(presented);
    let match: Caller | null = null;
    for (const key of keys) {
      // No break: every entry costs the same whether or not an earlier one matched.
      if (timingSafeEqual(digest, key.digest)) match = key.caller;
    }
    if (match) proven.set(presented, match);
    return match;
  };
}
