import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { describeFairness } from '../shared/fairness-routes.ts';
import { describeResilience, type ResilienceTarget } from '../shared/resilience-routes.ts';
import { describeTokenWaits } from '../shared/token-waits.ts';
import { TEST_API_KEYS, TEST_KEYS } from '../support/keys.ts';
import { ownState, workerEnv } from './worker-env.ts';

const verba = inject('verba');
const ctx = createExecutionContext();

const target = (): ResilienceTarget => ({
  sandboxOrigin: verba.origin,
  secrets: [verba.apiKey, verba.password, ...Object.values(TEST_KEYS)],
  start: async (extra) => {
    const env = {
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.apiKey,
      VERBA_USERNAME: verba.userName,
      VERBA_PASSWORD: verba.password,
      VERBA_TIMEZONE: verba.timeZone,
      GATEWAY_API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'warn',
      ...extra,
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    return {
      fetch: async (path, init) =>
        handler(new Request(`https://callgate.test${path}`, init), env, ctx),
      close: async () => {},
    };
  },
});

describe('keys, timeouts, breaker and idempotency on the Worker (workerd)', () => {
  describeResilience(target);
});

describe('the request cap between keys on the Worker (workerd)', () => {
  describeFairness(target);
});

describe('Verba tokens on the Worker (workerd)', () => {
  describeTokenWaits(target);
});

describe('a Worker with a provider and no keys', () => {
  it('refuses every request, saying which variable is missing and nothing else', async () => {
    const env = { VERBA_BASE_URL: verba.apiUrl, VERBA_API_KEY: verba.apiKey, LOG_LEVEL: 'silent' };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(new Request('https://callgate.test/healthz'), env, ctx);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toMatch(/GATEWAY_API_KEYS: is required when providers are configured/);
    expect(text).not.toContain(verba.apiKey);
  });

  it('runs open with GATEWAY_AUTH=off', async () => {
    const env = {
      VERBA_BASE_URL: verba.apiUrl,
      VERBA_API_KEY: verba.apiKey,
      VERBA_USERNAME: verba.userName,
      VERBA_PASSWORD: verba.password,
      GATEWAY_AUTH: 'off',
      LOG_LEVEL: 'silent',
    };
    const handler = buildWorkerApp(workerEnv(env), ownState());
    const response = await handler(new Request('https://callgate.test/providers'), env, ctx);
    expect(response.status).toBe(200);
  });
});
