import { afterAll, beforeAll, describe } from 'vitest';
import {
  type CallFireSandbox,
  startCallFireSandbox,
} from '../../providers/callfire/sandbox/index.ts';
import { describeCallFireRoutes } from '../shared/callfire-routes.ts';
import { CALLFIRE_BULK_CALLS, CALLFIRE_TEST_CURSOR_KEY } from '../support/callfire.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

let sandbox: CallFireSandbox;
let gateway: RunningGateway;

// The route cases are about CallFire, not gateway keys: the gateway runs open.
const env = () => ({
  CALLFIRE_BASE_URL: sandbox.apiUrl,
  CALLFIRE_USERNAME: sandbox.options.userName,
  CALLFIRE_PASSWORD: sandbox.options.password,
  CALLFIRE_CURSOR_KEY: CALLFIRE_TEST_CURSOR_KEY,
  GATEWAY_AUTH: 'off',
});

beforeAll(async () => {
  sandbox = await startCallFireSandbox({ bulkCalls: CALLFIRE_BULK_CALLS, slowMs: 2_000 });
  gateway = await startGateway(env(), { name: 'callfire-routes' });
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
});

describe('CallFire routes on Node', () => {
  describeCallFireRoutes(() => ({
    fetch: gateway.fetch,
    sandboxOrigin: sandbox.origin,
    sandboxApiUrl: sandbox.apiUrl,
    variant: (extra) => startGateway({ ...env(), ...extra }, { name: 'callfire-routes-variant' }),
  }));
});
