import { createExecutionContext } from 'cloudflare:test';
import { describe, inject } from 'vitest';
import { buildWorkerApp } from '../../src/worker/index.ts';
import { describeAudioRelay } from '../shared/audio-relay.ts';
import { CALLFIRE_TEST_CURSOR_KEY } from '../support/callfire.ts';
import { TEST_API_KEYS, withKey } from '../support/keys.ts';
import { ownState, workerEnv } from './worker-env.ts';

// Sandboxes of its own: the faults it injects must not meet another file's requests.
const verba = inject('audioVerba');
const callfire = inject('audioCallfire');
const env = {
  VERBA_BASE_URL: verba.apiUrl,
  VERBA_API_KEY: verba.apiKey,
  VERBA_USERNAME: verba.userName,
  VERBA_PASSWORD: verba.password,
  VERBA_TIMEZONE: verba.timeZone,
  VERBA_TIMEOUT_MS: '2000',
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

describe('audio relay on the Worker (workerd)', () => {
  describeAudioRelay(() => ({
    fetch: async (path, init) =>
      handler(new Request(`https://callgate.test${path}`, withKey(init)), bound, ctx),
    verba,
    callfire,
  }));
});
