import { createExecutionContext } from 'cloudflare:test';
import { describe, inject } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { describeCallFireRoutes } from '../shared/callfire-routes.ts';
import { CALLFIRE_TEST_CURSOR_KEY } from '../support/callfire.ts';
import { ownState, workerEnv } from './worker-env.ts';

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

function worker(vars: Record<string, string>) {
  const bound = workerEnv(vars);
  const handler = buildWorkerApp(bound, ownState());
  return (path: string, init?: RequestInit) =>
    Promise.resolve(handler(new Request(`https://callgate.test${path}`, init), bound, ctx));
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
