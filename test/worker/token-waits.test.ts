import { createExecutionContext } from 'cloudflare:test';
import { describe, inject } from 'vitest';
import { buildWorkerApp } from '../../src/worker.ts';
import { describeTokenWaits } from '../shared/token-waits.ts';
import { TEST_API_KEYS } from '../support/keys.ts';
import { ownState, workerEnv } from './worker-env.ts';

const verba = inject('verba');
const ctx = createExecutionContext();

describe('Verba tokens on the Worker (workerd, Durable Objects)', () => {
  describeTokenWaits(() => ({
    sandboxOrigin: verba.origin,
    secrets: [],
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
  }));
});
