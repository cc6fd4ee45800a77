import { createExecutionContext } from 'cloudflare:test';
import { describe, inject } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { describeRecordingRoutes } from '../shared/recordings-routes.ts';
import { CALLFIRE_TEST_CURSOR_KEY } from '../support/callfire.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import { ownState, workerEnv } from './worker-env.ts';

const verba = inject('verba');
const callfire = inject('callfire');
const env = {
  VERBA_BASE_URL: verba.apiUrl,
  VERBA_API_KEY: verba.apiKey,
  VERBA_USERNAME: verba.userName,
  VERBA_PASSWORD: verba.password,
  VERBA_TIMEZONE: verba.timeZone,
  CALLFIRE_BASE_URL: callfire.apiUrl,
  CALLFIRE_USERNAME: callfire.userName,
  CALLFIRE_PASSWORD: callfire.password,
  CALLFIRE_CURSOR_KEY: CALLFIRE_TEST_CURSOR_KEY,
  LOG_LEVEL: 'warn',
  GATEWAY_API_KEYS: TEST_API_KEYS,
};
const bound = workerEnv(env);
const handler = buildWorkerApp(bound, ownState());
const ctx = createExecutionContext();

// The same cases as on Node: the audio the Worker streams hashes to the sandboxes' own.
describe('recording routes on the Worker (workerd)', () => {
  describeRecordingRoutes(() => ({
    fetch: async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, withKey(init)), bound, ctx),
    verba,
    callfire,
  }));
});
