import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { RESILIENCE_DEFAULTS } from '../../src/resilience/settings.ts';
import { TEST_API_KEYS } from '../support/keys.ts';

const errorsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('has no instance when no provider is configured (sandbox mode)', () => {
    expect(loadConfig({})).toEqual({
      instances: [],
      port: 8787,
      logLevel: 'info',
      callCache: { inProgressTtlMs: 1000, maxEntries: 5000 },
      auth: { keys: [], open: true, openReason: 'no-instances' },
      readyProbeIntervalMs: 5000,
      idempotencyMaxEntries: 1000,
      server: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 15_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 1_000,
      },
      stateDb: null,
      metrics: true,
      audioLinkKey: null,
      events: {
        pollIntervalMs: 5000,
        allow: { hosts: [], cidrs: [] },
        scheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      },
    });
  });

  it('reads the events variables, and names each bad one', () => {
    const events = loadConfig({
      EVENTS_POLL_INTERVAL_MS: '1000',
      WEBHOOK_ALLOWED_DESTINATIONS: 'hooks.internal, crm.internal:8443, 10.0.0.0/8',
      WEBHOOK_RETRY_SCHEDULE: '1s,2m',
    }).events;
    expect(events.pollIntervalMs).toBe(1000);
    expect(events.scheduleMs).toEqual([1000, 120_000]);
    expect(events.allow.hosts).toEqual([
      { host: 'hooks.internal', port: null },
      { host: 'crm.internal', port: '8443' },
    ]);
    expect(events.allow.cidrs).toHaveLength(1);
    expect(() =>
      loadConfig({
        EVENTS_POLL_INTERVAL_MS: '60000',
        WEBHOOK_ALLOWED_DESTINATIONS: '10.0.0.0/99',
        WEBHOOK_RETRY_SCHEDULE: '5 minutes',
      }),
    ).toThrow(
      /EVENTS_POLL_INTERVAL_MS[\s\S]*WEBHOOK_ALLOWED_DESTINATIONS: '10.0.0.0\/99' is not a CIDR[\s\S]*WEBHOOK_RETRY_SCHEDULE/,
    );
  });

  it('reads AUDIO_LINK_KEY, 32 characters at least, naming it and never its value', () => {
    expect(loadConfig({ AUDIO_LINK_KEY: 'a'.repeat(32) }).audioLinkKey).toBe('a'.repeat(32));
    expect(() => loadConfig({ AUDIO_LINK_KEY: 'short-secret-value' })).toThrow(
      /AUDIO_LINK_KEY: must be at least 32 characters/,
    );
    try {
      loadConfig({ AUDIO_LINK_KEY: 'short-secret-value' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret-value');
    }
  });

  it("reads STATE_DB, the file of the Node server's state", () => {
    expect(loadConfig({ STATE_DB: '/var/lib/callgate/state.db' }).stateDb).toBe(
      '/var/lib/callgate/state.db',
    );
  });

  it('reads the default Verba instance from VERBA_*', () => {
    const config = loadConfig({
      VERBA_BASE_URL: 'http://192.168.1.104/verba/api',
      VERBA_API_KEY: 'k',
      VERBA_TOKEN: 't',
      VERBA_TIMEZONE: 'Europe/Budapest',
      PORT: '9000',
      GATEWAY_API_KEYS: TEST_API_KEYS,
    });
    expect(config.port).toBe(9000);
    expect(config.instances).toEqual([
      {
        name: 'verba',
        kind: 'verba',
        prefix: 'VERBA',
        vpcBinding: null,
        settings: {
          baseUrl: 'http://192.168.1.104/verba/api',
          apiKey: 'k',
          credentials: null,
          fixedToken: 't',
          timeZone: 'Europe/Budapest',
          timeoutMs: 10_000,
          cursorKey: null,
        },
        resilience: RESILIENCE_DEFAULTS,
      },
    ]);
  });

  it('names every bad variable on its own line, without its value', () => {
    const lines = errorsOf({
      VERBA_BASE_URL: 'ftp://x',
      VERBA_USERNAME: 'ops',
      VERBA_TIMEZONE: 'Mars/Olympus',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        'PORT: must be a port number (0-65535)',
        expect.stringMatching(/^LOG_LEVEL: must be one of/),
        expect.stringMatching(/^VERBA_BASE_URL: must be an http\(s\) URL/),
        'VERBA_API_KEY: is required',
        'VERBA_PASSWORD: must be set together with the other credential',
        expect.stringMatching(/^VERBA_TIMEZONE: must be an IANA time zone/),
      ]),
    );
    expect(lines.join('\n')).not.toContain('ops');
  });

  it('reads the gateway-wide limits, and names each bad one', () => {
    expect(loadConfig({}).readyProbeIntervalMs).toBe(5_000);
    expect(loadConfig({ READY_PROBE_INTERVAL_MS: '30000' }).readyProbeIntervalMs).toBe(30_000);
    expect(errorsOf({ READY_PROBE_INTERVAL_MS: '0' })).toEqual([
      'READY_PROBE_INTERVAL_MS: must be a whole number from 1000 to 600000',
    ]);
    expect(errorsOf({ READY_PROBE_INTERVAL_MS: '5e3' })).toHaveLength(1);
    expect(loadConfig({ IDEMPOTENCY_MAX_ENTRIES: '50' }).idempotencyMaxEntries).toBe(50);
    expect(errorsOf({ IDEMPOTENCY_MAX_ENTRIES: '-1' })).toEqual([
      'IDEMPOTENCY_MAX_ENTRIES: must be a whole number from 1 to 1000000',
    ]);
    expect(
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_MAX_CONNECTIONS: '64' }).server,
    ).toMatchObject({ headersTimeoutMs: 2_000, maxConnections: 64 });
    expect(
      errorsOf({
        HTTP_HEADERS_TIMEOUT_MS: '20000',
        HTTP_REQUEST_TIMEOUT_MS: '10000',
        HTTP_MAX_CONNECTIONS: 'lots',
      }),
    ).toEqual([
      'HTTP_MAX_CONNECTIONS: must be a whole number from 1 to 1000000',
      'HTTP_REQUEST_TIMEOUT_MS: must be at least HTTP_HEADERS_TIMEOUT_MS',
    ]);
  });

  it('turns metrics off with METRICS=off, and refuses anything but on and off', () => {
    expect(loadConfig({ METRICS: 'off' }).metrics).toBe(false);
    expect(loadConfig({ METRICS: 'on' }).metrics).toBe(true);
    expect(errorsOf({ METRICS: 'sometimes' })).toEqual(['METRICS: must be on or off']);
  });

  it('configures several instances of one kind through PROVIDERS', () => {
    const config = loadConfig({
      PROVIDERS: JSON.stringify([
        { name: 'verba-eu', kind: 'verba', env: 'VERBA_EU' },
        { name: 'verba-us', kind: 'verba', env: 'VERBA_US' },
      ]),
      VERBA_EU_BASE_URL: 'http://eu/verba/api',
      VERBA_EU_API_KEY: 'a',
      VERBA_US_BASE_URL: 'http://us/verba/api',
      VERBA_US_API_KEY: 'b',
      VERBA_US_VPC_BINDING: 'VERBA_US_VPC',
      GATEWAY_AUTH: 'off',
    });
    expect(config.instances.map((i) => [i.name, i.prefix, i.vpcBinding])).toEqual([
      ['verba-eu', 'VERBA_EU', null],
      ['verba-us', 'VERBA_US', 'VERBA_US_VPC'],
    ]);
  });

  it('refuses bad PROVIDERS entries', () => {
    expect(errorsOf({ PROVIDERS: '[{' })).toEqual([
      expect.stringMatching(/^PROVIDERS: is not valid JSON/),
    ]);
    expect(errorsOf({ PROVIDERS: '[{"name":"Bad_Name","kind":"verba"}]' })).toEqual([
      expect.stringMatching(/^PROVIDERS: 0\.name must match/),
    ]);
    expect(errorsOf({ PROVIDERS: '[{"name":"x","kind":"fax"}]' })).toEqual([
      expect.stringMatching(/^PROVIDERS: instance 'x' has unknown kind 'fax'/),
    ]);
  });
});
