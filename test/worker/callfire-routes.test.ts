import { createExecutionContext } from 'cloudflare:test';
import { describe, inject } from 'vitest';
import { buildWorkerApp } from '../../src/worker.ts';
import { describeCallFireRoutes } from '../shared/callfire-routes.ts';
import { CALLFIRE_TEST_CURSOR_KEY } from '../support/callfire.ts';

const callfire = inject('callfire');
// The route cases are about CallFire, not gateway keys: the gateway runs open.
const env: Record<string, string> = {
  CALLFIRE_BASE_URL: callfire.apiUrl,
  CALLFIRE_USERNAME: callfire.userName,
  CALLFIRE_PASSWORD: callfire.password,
  CALLFIRE_CURSOR_KEY: CALLFIRE_TEST_CURSOR_KEY,
  GATEWAY_AUTH: 'off',
  LOG_LEVEL: 'warn',
};
const ctx = createExecutionContext();

function worker(workerEnv: Record<string, string>) {
  const handler = buildWorkerApp(workerEnv);
  return (path: string, init?: RequestInit) =>
    Promise.resolve(handler(new Request(`https://callgate.test${path}`, init), workerEnv, ctx));
}

const main = worker(env);

describe('CallFire routes on the Worker (workerd)', () => {
  describeCallFireRoutes(() => ({
    fetch: main,
    sandboxOrigin: callfire.origin,
    sandboxApiUrl: callfire.apiUrl,
    variant: async (extra) => ({
      fetch: worker({ ...env, ...extra }),
      close: async () => {},
    }),
  }));
});
