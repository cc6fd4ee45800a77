/** GATEWAY_API_KEYS and GATEWAY_AUTH: parsing, refusing to start open, digest lookup. */
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../src/auth/keys.ts';
import { createKeyVerifier, sha256, toHex } from '../../src/auth/verify.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { timingSafeEqual } from '../../src/core/hmac.ts';
import { TEST_API_KEYS, TEST_KEY_DIGESTS, TEST_KEYS } from '../support/keys.ts';

const VERBA = { VERBA_BASE_URL: 'http://verba.test/verba/api', VERBA_API_KEY: 'k' };

const configErrors = (env: Record<string, string>, sandbox = false) => {
  try {
    loadConfig(env, { sandbox });
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  return [];
};

describe('GATEWAY_API_KEYS', () => {
  it('reads named keys by digest or plain key, with their scopes', () => {
    const errors: string[] = [];
    const keys = readApiKeys(TEST_API_KEYS, errors);
    expect(errors).toEqual([]);
    expect(keys.map((k) => [k.name, k.scopes])).toEqual([
      ['test-all', ['calls:read', 'calls:write', 'calls:delete', 'recordings:read']],
      ['test-reader', ['calls:read']],
      ['test-writer', ['calls:read', 'calls:write']],
      ['test-deleter', ['calls:delete']],
      ['test-scraper', ['metrics:read']],
    ]);
  });

  it('has the right digests for the test keys', async () => {
    for (const [name, key] of Object.entries(TEST_KEYS)) {
      expect(toHex(await sha256(key)), name).toBe(
        TEST_KEY_DIGESTS[name as keyof typeof TEST_KEY_DIGESTS],
      );
    }
  });

  it('names each bad entry and field, never a value', () => {
    const errors: string[] = [];
    readApiKeys(
      JSON.stringify([
        { name: 'ops', sha256: 'not-hex', scopes: ['calls:read'] },
        { name: 'ops', key: 'short-secret', scopes: ['calls:read'] },
        { name: 'x', sha256: TEST_KEY_DIGESTS.all, key: 'a-long-enough-secret-value', scopes: [] },
        { name: 'y', sha256: TEST_KEY_DIGESTS.all, scopes: ['calls:everything'] },
      ]),
      errors,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'GATEWAY_API_KEYS: 0.sha256 must be 64 hex digits',
        'GATEWAY_API_KEYS: 1.key must be at least 16 characters',
        'GATEWAY_API_KEYS: 2.scopes must list at least one scope',
        'GATEWAY_API_KEYS: 2 needs exactly one of sha256 or key',
        expect.stringMatching(/^GATEWAY_API_KEYS: 3\.scopes\.0 must be one of calls:read/),
      ]),
    );
    expect(errors.join('\n')).not.toMatch(/short-secret|a-long-enough-secret-value/);
    const broken: string[] = [];
    readApiKeys('[{"name":', broken);
    expect(broken).toEqual([expect.stringMatching(/^GATEWAY_API_KEYS: is not valid JSON/)]);
  });

  it('refuses duplicate names and digests', () => {
    const errors: string[] = [];
    readApiKeys(
      JSON.stringify([
        { name: 'a', sha256: TEST_KEY_DIGESTS.all, scopes: ['calls:read'] },
        { name: 'a', sha256: TEST_KEY_DIGESTS.all.toUpperCase(), scopes: ['calls:read'] },
      ]),
      errors,
    );
    expect(errors).toEqual([
      'GATEWAY_API_KEYS: 1.name is used twice',
      'GATEWAY_API_KEYS: 1.sha256 is used twice',
    ]);
  });
});

describe('starting without keys', () => {
  it('refuses a configured gateway with no keys', () => {
    expect(configErrors(VERBA)).toEqual([
      expect.stringMatching(/^GATEWAY_API_KEYS: is required when providers are configured/),
    ]);
  });

  it('runs open only when GATEWAY_AUTH=off says so, or in sandbox mode', () => {
    expect(loadConfig({ ...VERBA, GATEWAY_AUTH: 'off' }).auth).toEqual({
      keys: [],
      open: true,
      openReason: 'GATEWAY_AUTH=off',
    });
    expect(loadConfig(VERBA, { sandbox: true }).auth).toMatchObject({
      open: true,
      openReason: 'sandbox',
    });
    expect(configErrors({ ...VERBA, GATEWAY_AUTH: 'maybe' })).toContain(
      'GATEWAY_AUTH: must be on or off',
    );
  });

  it('enforces keys in sandbox mode when they are given', () => {
    expect(
      loadConfig({ ...VERBA, GATEWAY_API_KEYS: TEST_API_KEYS }, { sandbox: true }).auth,
    ).toMatchObject({ open: false });
  });
});

describe('createKeyVerifier', () => {
  const errors: string[] = [];
  const verify = createKeyVerifier(readApiKeys(TEST_API_KEYS, errors));

  it('finds the caller by digest and by plain key', async () => {
    expect(await verify(TEST_KEYS.all)).toEqual({
      name: 'test-all',
      scopes: ['calls:read', 'calls:write', 'calls:delete', 'recordings:read'],
    });
    expect((await verify(TEST_KEYS.writer))?.name).toBe('test-writer');
  });

  it('knows no other key, near misses included', async () => {
    for (const guess of [
      '',
      TEST_KEYS.all.slice(0, -1),
      `${TEST_KEYS.all}x`,
      TEST_KEYS.all.toUpperCase(),
      TEST_KEY_DIGESTS.all,
      `${TEST_KEYS.all} `,
      'x'.repeat(10_000),
    ]) {
      expect(await verify(guess), guess.slice(0, 40)).toBeNull();
    }
  });

  it('compares byte strings without an early exit', () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});
