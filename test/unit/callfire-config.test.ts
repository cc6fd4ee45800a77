import { describe, expect, it } from 'vitest';
import { CALLFIRE_DEFAULT_BASE_URL, readCallFireConfig } from '../../providers/callfire/config.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const CURSOR_KEY = 'config-test-cursor-key-0123456789abcdef';

const read = (values: Record<string, string>) =>
  readCallFireConfig('CALLFIRE', (suffix) => values[suffix]);

describe('CallFire configuration', () => {
  it('defaults the base URL to CallFire API 1.1 and the timeout to 10 s', () => {
    expect(read({ USERNAME: 'login', PASSWORD: 'secret', CURSOR_KEY })).toEqual({
      ok: true,
      config: {
        baseUrl: CALLFIRE_DEFAULT_BASE_URL,
        userName: 'login',
        password: 'secret',
        cursorKey: CURSOR_KEY,
        timeoutMs: 10_000,
      },
    });
    expect(CALLFIRE_DEFAULT_BASE_URL).toBe('https://www.callfire.com/api/1.1/rest');
  });

  it('takes a base URL with or without a trailing slash', () => {
    const result = read({
      BASE_URL: 'http://127.0.0.1:9000/api/1.1/rest/',
      USERNAME: 'u',
      PASSWORD: 'p',
      CURSOR_KEY,
      TIMEOUT_MS: '2500',
    });
    expect(result).toMatchObject({
      ok: true,
      config: { baseUrl: 'http://127.0.0.1:9000/api/1.1/rest', timeoutMs: 2500 },
    });
  });

  it('names each bad variable, never its value', () => {
    const result = read({
      BASE_URL: 'https://user:hunter2@www.callfire.com/api/1.1/rest',
      TIMEOUT_MS: 'soon',
    });
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.errors;
    expect(lines).toEqual([
      'CALLFIRE_BASE_URL: must not carry credentials; set USERNAME and PASSWORD instead',
      expect.stringMatching(/^CALLFIRE_USERNAME: is required/),
      expect.stringMatching(/^CALLFIRE_PASSWORD: is required/),
      expect.stringMatching(/^CALLFIRE_TIMEOUT_MS: /),
    ]);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('refuses a base URL that is not http(s), or carries a query', () => {
    for (const url of ['ftp://example.com/api', 'www.callfire.com', 'https://x.test/api?key=1']) {
      const result = read({ BASE_URL: url, USERNAME: 'u', PASSWORD: 'p', CURSOR_KEY });
      expect(result.ok ? [] : result.errors).toEqual([
        expect.stringMatching(/^CALLFIRE_BASE_URL: must be an http\(s\) URL/),
      ]);
    }
  });

  it('configures the default instance when CALLFIRE_USERNAME is set', () => {
    const config = loadConfig({
      CALLFIRE_USERNAME: 'login',
      CALLFIRE_PASSWORD: 'secret',
      CALLFIRE_CURSOR_KEY: CURSOR_KEY,
      GATEWAY_AUTH: 'off',
    });
    expect(config.instances).toMatchObject([
      { name: 'callfire', kind: 'callfire', prefix: 'CALLFIRE' },
    ]);
  });

  it('says what is missing when only part of an instance is configured', () => {
    try {
      loadConfig({ CALLFIRE_USERNAME: 'login', GATEWAY_AUTH: 'off' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).lines).toEqual([
        expect.stringMatching(/^CALLFIRE_PASSWORD: is required/),
      ]);
    }
  });

  it('needs no cursor key: the gateway keeps a random one in its state', () => {
    expect(read({ USERNAME: 'login', PASSWORD: 'secret' })).toMatchObject({
      ok: true,
      config: { cursorKey: null },
    });
  });

  it('wants a cursor key long enough to be a secret, and never shows it', () => {
    const result = read({ USERNAME: 'u', PASSWORD: 'p', CURSOR_KEY: 'short-cursor-key' });
    const lines = result.ok ? [] : result.errors;
    expect(lines).toEqual([expect.stringMatching(/^CALLFIRE_CURSOR_KEY: must be at least 32/)]);
    expect(lines.join('\n')).not.toContain('short-cursor-key');
  });

  it('runs a second CallFire account as its own instance through PROVIDERS', () => {
    const config = loadConfig({
      PROVIDERS: '[{"name":"callfire-eu","kind":"callfire","env":"CALLFIRE_EU"}]',
      CALLFIRE_EU_USERNAME: 'eu-login',
      CALLFIRE_EU_PASSWORD: 'eu-secret',
      CALLFIRE_EU_CURSOR_KEY: CURSOR_KEY,
      GATEWAY_AUTH: 'off',
    });
    expect(config.instances).toMatchObject([
      {
        name: 'callfire-eu',
        kind: 'callfire',
        settings: { userName: 'eu-login', baseUrl: CALLFIRE_DEFAULT_BASE_URL },
      },
    ]);
  });
});
