/** Per-instance resilience variables, read for every instance whatever its kind. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { RESILIENCE_DEFAULTS } from '../../src/resilience/settings.ts';

const base = {
  GATEWAY_AUTH: 'off',
  PROVIDERS: JSON.stringify([
    { name: 'verba', kind: 'verba' },
    { name: 'verba-eu', kind: 'verba', env: 'VERBA_EU' },
  ]),
  VERBA_BASE_URL: 'http://verba.test/verba/api',
  VERBA_API_KEY: 'k',
  VERBA_EU_BASE_URL: 'http://verba-eu.test/verba/api',
  VERBA_EU_API_KEY: 'k',
};

describe('<PREFIX>_ resilience variables', () => {
  it('default per instance, and are set per instance', () => {
    const config = loadConfig({
      ...base,
      VERBA_EU_RETRIES: '0',
      VERBA_EU_BREAKER_FAILURES: '3',
      VERBA_EU_BREAKER_COOLDOWN_MS: '30000',
      VERBA_EU_CONNECT_TIMEOUT_MS: '500',
      VERBA_EU_MAX_RESPONSE_BYTES: '2097152',
      VERBA_EU_MAX_MEDIA_BYTES: '1073741824',
    });
    expect(config.instances[0]?.resilience).toEqual(RESILIENCE_DEFAULTS);
    expect(config.instances[1]?.resilience).toEqual({
      ...RESILIENCE_DEFAULTS,
      retries: 0,
      breakerFailures: 3,
      breakerCooldownMs: 30_000,
      connectTimeoutMs: 500,
      maxResponseBytes: 2_097_152,
      maxMediaBytes: 1_073_741_824,
    });
  });

  it('refuses bad values, one line per variable', () => {
    let lines: string[] = [];
    try {
      loadConfig({ ...base, VERBA_RETRIES: '9', VERBA_EU_BODY_TIMEOUT_MS: 'soon' });
    } catch (error) {
      if (error instanceof ConfigError) lines = error.lines;
    }
    expect(lines).toEqual([
      'VERBA_RETRIES: must be an integer from 0 to 5',
      'VERBA_EU_BODY_TIMEOUT_MS: must be an integer from 50 to 300000',
    ]);
  });
});
