import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/auth/verify.ts';
import { hmacSha256 } from '../../src/core/hmac.ts';

describe('hmacSha256', () => {
  // RFC 4231, test case 2.
  const KEY = 'Jefe';
  const DATA = 'what do ya want for nothing?';
  const MAC = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

  it("gives the RFC 4231 value with node:crypto and with Web Crypto (the Worker's)", async () => {
    expect(toHex(await hmacSha256(KEY)(DATA))).toBe(MAC);
    const webCrypto = hmacSha256(KEY, null);
    expect(toHex(await webCrypto(DATA))).toBe(MAC);
    expect(toHex(await webCrypto(DATA))).toBe(MAC);
  });
});
