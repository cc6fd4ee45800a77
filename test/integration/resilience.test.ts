import { afterAll, beforeAll, describe } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeResilience } from '../shared/resilience-routes.ts';
import { startGateway } from '../support/gateway.ts';
import { TEST_KEYS } from '../support/keys.ts';
import { verbaEnv } from '../support/verba.ts';

let sandbox: VerbaSandbox;

beforeAll(async () => {
  sandbox = await startVerbaSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('keys, timeouts, breaker and idempotency on Node', () => {
  describeResilience(() => ({
    sandboxOrigin: sandbox.origin,
    secrets: [sandbox.options.apiKey, sandbox.options.password, ...Object.values(TEST_KEYS)],
    start: async (env) => {
      const gateway = await startGateway(
        {
          ...verbaEnv(sandbox),
          ...env,
        },
        { name: 'resilience' },
      );
      return { fetch: gateway.raw, close: gateway.close };
    },
  }));
});
