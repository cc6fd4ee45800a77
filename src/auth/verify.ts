/**
 * Finds the key a caller presented, by digest and in constant time: every configured
 * digest is compared in full, so neither the time taken nor an early exit tells an
 * attacker how close a guess came or which entry matched. Web Crypto only, so the same
 * code runs on Node and in workerd.
 */

import { timingSafeEqual } from '../core/hmac.ts';
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

/** The caller of any key presented, or null when it is none of the configured keys. */
export type KeyVerifier = ((presented: string) => Promise<Caller | null>) & {
  /** The caller of a key already proven, without a promise: the common case. */
  known(presented: string): Caller | undefined;
};

type NodeCrypto = {
  createHash(algorithm: string): { update(text: string): { digest(): Uint8Array } };
};

// Node's synchronous hash costs about a microsecond; Web Crypto's digest goes through the
// thread pool and cost more CPU than the rest of a request. process.getBuiltinModule finds
// node:crypto where there is one without an import the Worker bundle would have to resolve.
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

export async function sha256(text: string): Promise<Uint8Array> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text).digest();
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

  // Keys already proven, by the string presented: only a string that matched a configured
  // key gets in, so it holds at most one entry per configured key whatever callers send,
  // and nothing derived from a key is kept. A string not in it is digested and compared
  // in full, in constant time, as before.
  const proven = new Map<string, Caller>();

  const verify = async (presented: string): Promise<Caller | null> => {
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
    if (match && proven.size < entries.length) proven.set(presented, match);
    return match;
  };
  return Object.assign(verify, { known: (presented: string) => proven.get(presented) });
}
