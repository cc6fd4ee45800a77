import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { describeMethods } from '../shared/methods.ts';
import { describeVerbaRoutes } from '../shared/verba-routes.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import { ownState, workerEnv } from './worker-env.ts';

const verba = inject('verba');
const env = {
  VERBA_BASE_URL: verba.apiUrl,
  VERBA_API_KEY: verba.apiKey,
  VERBA_USERNAME: verba.userName,
  VERBA_PASSWORD: verba.password,
  VERBA_TIMEZONE: verba.timeZone,
  LOG_LEVEL: 'warn',
  GATEWAY_API_KEYS: TEST_API_KEYS,
};
const handler = buildWorkerApp(workerEnv(env), ownState());
const ctx = createExecutionContext();

describe('Verba routes on the Worker (workerd)', () => {
  describeVerbaRoutes(() => ({
    fetch: async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, withKey(init)), env, ctx),
    sandboxOrigin: verba.origin,
  }));
});

describe('methods and routes on the Worker (workerd)', () => {
  describeMethods(() => ({
    fetch: async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, withKey(init)), env, ctx),
    sandboxOrigin: verba.origin,
  }));
});

describe('the runtime', () => {
  it('is workerd, not Node', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
  });
});
