/**
 * HMAC-SHA-256 on both runtimes. node:crypto's is synchronous and costs about a
 * microsecond; elsewhere (workerd) Web Crypto's, with the key imported once. As in
 * the API key check, process.getBuiltinModule finds node:crypto without an import the
 * Worker bundle would have to resolve.
 */

export type Mac = (text: string) => Promise<Uint8Array>;

type NodeCrypto = {
  createHmac(
    algorithm: string,
    key: Uint8Array,
  ): { update(text: string): { digest(): Uint8Array } };
};

const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

/**
 * `key`: text (a configured secret, as UTF-8) or bytes (a random key). `node`: node:crypto
 * when the runtime has it; tests pass null to take the Web Crypto path.
 */
export function hmacSha256(
  key: string | Uint8Array,
  node: NodeCrypto | null | undefined = nodeCrypto,
): Mac {
  const raw = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  if (node) return async (text) => node.createHmac('sha256', raw).update(text).digest();
  let imported: ReturnType<typeof crypto.subtle.importKey> | undefined;
  return async (text) => {
    imported ??= crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const signature = await crypto.subtle.sign(
      'HMAC',
      await imported,
      new TextEncoder().encode(text),
    );
    return new Uint8Array(signature);
  };
}

/** Equal-length byte strings compared without an early exit: a MAC or a key's digest. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
