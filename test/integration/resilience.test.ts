import { afterAll, beforeAll, describe } from 'vitest';
import { startVerbaSandbox, type VerbaSandbox } from '../../providers/verba/sandbox/index.ts';
import { describeFairness } from '../shared/fairness-routes.ts';
import { describeResilience, type ResilienceTarget } from '../shared/resilience-routes.ts';
import { describeTokenWaits } from '../shared/token-waits.ts';
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

const target = (): ResilienceTarget => ({
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
});

describe('keys, timeouts, breaker and idempotency on Node', () => {
  describeResilience(target);
});

describe('the request cap between keys on Node', () => {
  describeFairness(target);
});

describe('Verba tokens on Node', () => {
  describeTokenWaits(target);
});
